// Returns (填報): a unit's figure for an indicator no connector carries (or a
// line of the staffing table), entered with its evidence and reviewed by the
// secretariat (four eyes: never by the worker who entered it). A correction
// is a new return that supersedes the old one, which stays as history; the
// published figure is the newest one the secretariat accepted. Units see
// their own returns; the secretariat sees every unit's. A return of another
// unit answers as if it did not exist.
import type { IndicatorReturn } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { textProblem } from '../../domain/input-checks.ts';
import { resolvePeriod } from '../../indicators/period.ts';
import { checkReturn, MAX_EVIDENCE } from '../../indicators/returns/return-input.ts';
import { isSecretariat } from '../../indicators/returns/secretariat.ts';
import { builder } from '../builder.ts';
import type { Viewer } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { failure, inTransaction, invalidInput, isUniqueViolation, payloadType, RollbackWith, success, type Outcome } from '../mutation-result.ts';

const MAX_NOTE = 2000;
/** Longest list returned: a year of one indicator's returns from every unit fits many times over. */
const MAX_LISTED = 500;

export const ReturnStatusEnum = builder.enumType('IndicatorReturnStatus', {
  description: 'Where a return stands in the secretariat\'s review.',
  values: {
    SUBMITTED: { description: 'Entered, awaiting review; not published.' },
    ACCEPTED: { description: 'Accepted by the secretariat; published in the indicator reports.' },
    RETURNED: { description: 'Sent back to the unit with a note; not published. The unit enters a correction.' },
  } as const,
});

const ReviewDecisionEnum = builder.enumType('IndicatorReturnDecision', {
  description: 'The secretariat\'s decision on a submitted return.',
  values: {
    ACCEPT: { description: 'Publish it.' },
    RETURN: { description: 'Send it back to the unit with a note saying what to correct.' },
  } as const,
});

export const IndicatorReturnRef = builder.prismaObject('IndicatorReturn', {
  description: 'A return (填報): a unit\'s figure for an indicator the connectors cannot carry, over a period, city-wide or for a district, with its evidence and review.',
  fields: (t) => ({
    id: t.globalID({ description: 'Opaque global ID.', resolve: (r) => ({ type: 'IndicatorReturn', id: r.id }) }),
    indicatorId: t.exposeString('indicatorId', { description: 'Catalogue id of the indicator.' }),
    year: t.exposeInt('year', { description: 'Gregorian year.' }),
    fromMonth: t.exposeInt('fromMonth', { description: 'First month the figure covers.' }),
    toMonth: t.exposeInt('toMonth', { description: 'Last month the figure covers, inclusive.' }),
    periodLabel: t.string({
      description: 'The period in words, Gregorian and ROC.',
      select: { year: true, fromMonth: true, toMonth: true },
      resolve: (r) => {
        const period = resolvePeriod({ year: r.year, fromMonth: r.fromMonth, toMonth: r.toMonth });
        return period.ok ? period.period.label : '';
      },
    }),
    district: t.exposeString('districtCode', { nullable: true, description: 'District code; null for the whole city.' }),
    line: t.exposeString('line', { description: 'Plan line or meeting level; empty for indicators without lines.' }),
    unit: t.exposeString('unitCode', { description: 'The unit that entered it.' }),
    numerator: t.exposeInt('numerator', { description: 'What is counted (for a ratio, the part).' }),
    denominator: t.exposeInt('denominator', { nullable: true, description: 'For a ratio, the whole; null for a count.' }),
    evidence: t.exposeString('evidence', { description: 'What the figure rests on, as the unit stated it.' }),
    enteredBy: t.exposeID('enteredBy', { description: 'Worker who entered it.' }),
    enteredAt: t.expose('enteredAt', { type: 'DateTime', description: 'When it was entered.' }),
    status: t.field({ type: ReturnStatusEnum, description: 'Where it stands in review.', resolve: (r) => r.status as 'SUBMITTED' | 'ACCEPTED' | 'RETURNED' }),
    reviewedBy: t.exposeID('reviewedBy', { nullable: true, description: 'Member of the secretariat who reviewed it.' }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true, description: 'When it was reviewed; null until then.' }),
    reviewNote: t.exposeString('reviewNote', { nullable: true, description: 'The secretariat\'s note (required when it is sent back).' }),
    current: t.boolean({ description: 'False once a correction replaced it (it stays as history).', select: { supersededAt: true }, resolve: (r) => r.supersededAt === null }),
  }),
});

const ReturnPayload = payloadType<IndicatorReturn>('IndicatorReturnPayload', 'indicatorReturn', IndicatorReturnRef, 'Result of entering or reviewing a return.');

const ReturnInput = builder.inputType('IndicatorReturnInput', {
  description: 'A figure for an indicator the caller\'s unit enters (see `enteredBy` in the catalogue), over a year, quarter, month or run of months.',
  fields: (t) => ({
    indicatorId: t.string({ required: true, description: 'Catalogue id, e.g. SCHOOLS_ANTI_EXPLOITATION_SESSIONS.' }),
    year: t.int({ required: true, description: 'Gregorian year.' }),
    quarter: t.int({ description: 'Quarter 1–4, for a quarter\'s figure.' }),
    month: t.int({ description: 'Month 1–12, for a month\'s figure.' }),
    fromMonth: t.int({ description: 'First month of a run of months.' }),
    toMonth: t.int({ description: 'Last month of a run of months, inclusive.' }),
    district: t.string({ description: 'District code; omit for the whole city.' }),
    line: t.string({ description: 'Plan line (staffing) or meeting level (CITY, DISTRICT, RELEASE_TRANSITION, CASE_CONFERENCE) where the indicator has lines.' }),
    numerator: t.int({ required: true, description: 'What is counted (for a ratio, the part).' }),
    denominator: t.int({ description: 'For a ratio, the whole; omit for a count.' }),
    evidence: t.string({ required: true, description: `What the figure rests on (1–${MAX_EVIDENCE} characters): the register, list or minutes it was counted from.` }),
  }),
});

/** Which returns the caller reaches: the secretariat every unit's, anyone else only their unit's. */
function returnScope(viewer: Viewer) {
  return isSecretariat(viewer) ? {} : { unitCode: viewer.unit };
}


builder.queryField('indicatorReturns', (t) =>
  t.prismaField({
    type: ['IndicatorReturn'],
    description: `Returns of a year, newest first: the caller's unit's, or every unit's for the secretariat (SOCIAL supervisors); current ones unless includeHistory (at most ${MAX_LISTED}).`,
    args: {
      year: t.arg.int({ required: true, description: 'Gregorian year.' }),
      indicatorId: t.arg.string({ description: 'Only this indicator.' }),
      status: t.arg({ type: ReturnStatusEnum, description: 'Only returns in this state (SUBMITTED: the secretariat\'s review queue).' }),
      includeHistory: t.arg.boolean({ defaultValue: false, description: 'Also list returns a correction replaced.' }),
    },
    resolve: (query, _root, args, ctx) =>
      prisma().indicatorReturn.findMany({
        ...query,
        where: {
          ...returnScope(ctx.viewer),
          year: args.year,
          ...(args.indicatorId ? { indicatorId: args.indicatorId } : {}),
          ...(args.status ? { status: args.status } : {}),
          ...(args.includeHistory ? {} : { supersededAt: null }),
        },
        orderBy: [{ enteredAt: 'desc' }, { id: 'desc' }],
        take: MAX_LISTED,
      }),
  }),
);

builder.mutationFields((t) => ({
  submitIndicatorReturn: t.field({
    type: ReturnPayload,
    description: 'Enters a figure for an indicator the caller\'s unit enters; a figure for the same indicator, period, district and line replaces the unit\'s current one (kept as history). Published once the secretariat accepts it.',
    args: { input: t.arg({ type: ReturnInput, required: true, description: 'The figure, its period and its evidence.' }) },
    resolve: async (_root, args, ctx, info): Promise<Outcome<IndicatorReturn>> => {
      const checked = checkReturn(args.input, ctx.viewer.unit);
      if (!checked.ok) return invalidInput(checked.problems);
      const { definition, period, district, line, numerator, denominator, evidence } = checked.value;
      const key = { indicatorId: definition.id, year: period.year, fromMonth: period.fromMonth, toMonth: period.toMonth, districtCode: district, line, unitCode: ctx.viewer.unit };
      return inTransaction(ctx, info, async (tx) => {
        const previous = await tx.indicatorReturn.findFirst({ where: { ...key, supersededAt: null }, select: { id: true } });
        if (previous) await tx.indicatorReturn.update({ where: { id: previous.id }, data: { supersededAt: new Date() } });
        let created: IndicatorReturn;
        try {
          created = await tx.indicatorReturn.create({ data: { ...key, numerator, denominator, evidence, enteredBy: ctx.viewer.workerId } });
        } catch (error) {
          // Another worker of the unit entered the same figure meanwhile (the partial unique index).
          if (isUniqueViolation(error)) throw new RollbackWith(invalidInput<IndicatorReturn>([{ field: 'input', reason: 'another return for this figure was entered at the same moment; read it and enter again' }]));
          throw error;
        }
        const records = [{ type: 'IndicatorReturn', id: created.id }, ...(previous ? [{ type: 'IndicatorReturn', id: previous.id }] : [])];
        return success(created, { persons: [], records });
      });
    },
  }),
  reviewIndicatorReturn: t.field({
    type: ReturnPayload,
    description: 'The secretariat accepts a submitted return (it is published) or sends it back with a note. Never by the worker who entered it. SOCIAL supervisors.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the return.' }),
      decision: t.arg({ type: ReviewDecisionEnum, required: true, description: 'ACCEPT or RETURN.' }),
      note: t.arg.string({ description: `Why (required to send it back; 1–${MAX_NOTE} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<IndicatorReturn>> => {
      const notFound = failure<IndicatorReturn>('NOT_FOUND', 'id: no submitted return with this id', [{ field: 'id', reason: 'no submitted return with this id' }]);
      const id = rowIdOf(String(args.id), 'IndicatorReturn');
      const noteReason = textProblem(args.note, { required: args.decision === 'RETURN', max: MAX_NOTE });
      if (noteReason) return invalidInput([{ field: 'note', reason: noteReason }]);
      if (id === null || !isSecretariat(ctx.viewer)) return notFound;
      return inTransaction(ctx, info, async (tx) => {
        const pending = await tx.indicatorReturn.findFirst({ where: { id, status: 'SUBMITTED', supersededAt: null }, select: { enteredBy: true } });
        if (!pending) return notFound;
        if (pending.enteredBy === ctx.viewer.workerId) return invalidInput<IndicatorReturn>([{ field: 'id', reason: 'you entered this return; another member of the secretariat reviews it' }]);
        const reviewed = await tx.indicatorReturn.update({
          where: { id },
          data: { status: args.decision === 'ACCEPT' ? 'ACCEPTED' : 'RETURNED', reviewedBy: ctx.viewer.workerId, reviewedAt: new Date(), reviewNote: args.note?.trim() || null },
        });
        return success(reviewed, { persons: [], records: [{ type: 'IndicatorReturn', id }] });
      });
    },
  }),
}));
