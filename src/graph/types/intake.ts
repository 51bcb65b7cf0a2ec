// Intake (通報) at centralized screening and dispatch, and its mutations.
import { currentMemberIds } from '../membership-period.ts';
import type { Intake, Prisma } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { collectProblems, futureProblem } from '../../domain/input-checks.ts';
import { CASE_KIND_LABELS } from '../../domain/labels.ts';
import { isReReport } from '../../domain/re-report.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { caseScope, familyScope, intakeScope, personScope, scoped } from '../row-scope.ts';
import { alreadyDone, failure, inTransaction, invalidInput, lockFor, payloadType, RollbackWith, success, type Outcome, type TransactionClient, type WriteSubjects } from '../mutation-result.ts';
import { CaseKindEnum, LabelType } from './enums.ts';
import { UnitCodeEnum } from './reference.ts';
import { notifyIntakeDispatched, notifyIntakeReported } from '../../notifications/emit.ts';

const TRIAGE_LIMIT_MS = 24 * 60 * 60 * 1000;

export const IntakeRef = builder.prismaNode('Intake', {
  description: 'A report (通報) received by centralized screening and dispatch (集中篩派案).',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, intakeScope(ctx.viewer)),
  fields: (t) => ({
    kind: t.expose('kind', { type: CaseKindEnum, description: 'Kind of case reported.' }),
    kindLabel: t.field({
      type: LabelType,
      description: 'Kind of case reported, as users read it.',
      select: { kind: true },
      resolve: (i) => CASE_KIND_LABELS[i.kind],
    }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When the report was received.' }),
    triagedAt: t.expose('triagedAt', { type: 'DateTime', nullable: true, description: 'When it was screened.' }),
    dispatchedAt: t.expose('dispatchedAt', { type: 'DateTime', nullable: true, description: 'When it was dispatched.' }),
    triagedWithin24Hours: t.boolean({
      nullable: true,
      description: 'Whether screening met the 24-hour rule; null while untriaged and still within 24 hours.',
      select: { receivedAt: true, triagedAt: true },
      resolve: (i) => {
        if (i.triagedAt) return i.triagedAt.getTime() - i.receivedAt.getTime() <= TRIAGE_LIMIT_MS;
        return Date.now() - i.receivedAt.getTime() > TRIAGE_LIMIT_MS ? false : null;
      },
    }),
    dispatchedToUnit: t.relation('dispatchedToUnit', { nullable: true, description: 'Unit the report was dispatched to.' }),
    reReport: t.exposeBoolean('reReport', {
      description:
        'True for a re-report (再通報): a protective report (child protection, adult protection, sexual assault) about a family with a protective case in service on the Taipei date it was received (opened before that date, not closed before it).',
    }),
    family: t.relation('family', { nullable: true, description: 'Family reported about.' }),
    subject: t.relation('subject', { nullable: true, description: 'Person reported about.' }),
    case: t.relation('case', { nullable: true, description: 'The case the report led to or joined.' }),
  }),
});

const IntakeFilter = builder.inputType('IntakeFilter', {
  description: 'Narrows the intake list; all given conditions must hold.',
  fields: (t) => ({
    untriaged: t.boolean({ description: 'Only reports not yet screened (true) or only screened ones (false).' }),
    kind: t.field({ type: CaseKindEnum, description: 'Reports of this kind.' }),
  }),
});

builder.queryField('intakes', (t) =>
  t.prismaConnection(
    {
      type: 'Intake',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `Reports: all for central intake (PROTECTION), those dispatched to the caller's unit otherwise; oldest first, as a Relay connection (at most ${MAX_PAGE_SIZE} per page).`,
      args: { filter: t.arg({ type: IntakeFilter, description: 'Conditions the reports must meet.' }) },
      resolve: (query, _root, args, ctx) => {
        const where: Prisma.IntakeWhereInput = { AND: [intakeScope(ctx.viewer)] };
        if (args.filter?.untriaged != null) where.triagedAt = args.filter.untriaged ? null : { not: null };
        if (args.filter?.kind) where.kind = args.filter.kind;
        return prisma().intake.findMany({ ...query, where, orderBy: { id: 'asc' } });
      },
    },
    { description: 'A page of reports.' },
    { description: 'A report in a page.' },
  ),
);

const CreateIntakeInput = builder.inputType('CreateIntakeInput', {
  description: 'A new report. It is a re-report when it is protective and the family has a protective case in service on the day it was received.',
  fields: (t) => ({
    kind: t.field({ type: CaseKindEnum, required: true, description: 'Kind of case reported.' }),
    familyId: t.id({ description: 'Global ID of the family; required unless subjectPersonId is given.' }),
    subjectPersonId: t.id({ description: 'Global ID of the person reported about.' }),
    receivedAt: t.field({ type: 'DateTime', description: 'When the report arrived; defaults to now; not in the future.' }),
  }),
});

const IntakePayload = payloadType<Intake>('IntakePayload', 'intake', IntakeRef, 'Result of an intake mutation.');

builder.mutationField('createIntake', (t) =>
  t.field({
    type: IntakePayload,
    description: 'Registers a report at centralized screening.',
    args: { input: t.arg({ type: CreateIntakeInput, required: true, description: 'The report.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<Intake>> => {
      const viewer = ctx.viewer;
      const familyId = input.familyId == null ? null : rowIdOf(String(input.familyId), 'Family');
      const personId = input.subjectPersonId == null ? null : rowIdOf(String(input.subjectPersonId), 'Person');
      const receivedAt = input.receivedAt ?? new Date();
      const problems = collectProblems({
        familyId:
          input.familyId != null && familyId === null
            ? 'is not a Family ID'
            : input.familyId == null && input.subjectPersonId == null
              ? 'familyId or subjectPersonId is required'
              : null,
        subjectPersonId: input.subjectPersonId != null && personId === null ? 'is not a Person ID' : null,
        receivedAt: futureProblem(receivedAt),
      });
      if (problems.length > 0) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        // Reports are taken about anyone in the caller's row scope; outside it, exactly as if no such record existed.
        // Reporting grants the reporter no access to the family.
        const person = personId === null ? null : await tx.person.findUnique({
          where: scoped({ id: personId }, personScope(viewer)),
          select: { memberships: { where: { endDate: null }, select: { familyId: true } } },
        });
        if (personId !== null && !person) return failure<Intake>('NOT_FOUND', 'subjectPersonId: no such person', [{ field: 'subjectPersonId', reason: 'no such person' }]);
        const personFamilies = person?.memberships.map((m) => m.familyId) ?? [];
        if (familyId !== null) {
          const family = await tx.family.findUnique({ where: scoped({ id: familyId }, familyScope(viewer)), select: { id: true } });
          if (!family) return failure<Intake>('NOT_FOUND', 'familyId: no such family', [{ field: 'familyId', reason: 'no such family' }]);
          if (person && !personFamilies.includes(familyId)) {
            return invalidInput<Intake>([{ field: 'subjectPersonId', reason: 'is not a current member of the family' }]);
          }
        }
        const reportedFamilyId = familyId ?? personFamilies[0] ?? null;
        const repeated = await sameReportTaken(tx, { worker: viewer.workerId, kind: input.kind, familyId: reportedFamilyId, personId, receivedAt, timeGiven: input.receivedAt != null });
        if (repeated) return alreadyDone(repeated, await intakeSubjects(tx, repeated));
        const reReport = await isReReport(tx, { kind: input.kind, familyId: reportedFamilyId, receivedAt });
        const intake = await tx.intake.create({
          data: {
            kind: input.kind,
            familyId: reportedFamilyId,
            subjectPersonId: personId,
            receivedAt,
            reReport,
            receivedByWorkerId: viewer.workerId,
          },
        });
        await notifyIntakeReported(tx, viewer, intake);
        return success(intake, await intakeSubjects(tx, intake));
      });
    },
  }),
);

/**
 * How long after a report the same worker's identical report, sent without a
 * time, is taken as the same one sent again: long enough for a double click
 * or a client's retry, short enough that a second call about the family is
 * not folded into the first (a worker takes one call at a time).
 */
export const REPEATED_REPORT_SECONDS = 60;

/**
 * The report this one repeats, if the same worker already registered it: the
 * same kind about the same family and person, at the same stated time, or,
 * when no time was given, within the last minute (a double click, a
 * client retrying without an idempotency key). Reports of the same family by
 * other workers are separate reports, for screening to merge or not.
 */
async function sameReportTaken(
  tx: TransactionClient,
  report: { worker: string; kind: Intake['kind']; familyId: number | null; personId: number | null; receivedAt: Date; timeGiven: boolean },
): Promise<Intake | null> {
  await lockFor(tx, `intake:${report.worker}:${report.kind}:${report.familyId ?? ''}:${report.personId ?? ''}`);
  const when = report.timeGiven ? report.receivedAt : { gte: new Date(report.receivedAt.getTime() - REPEATED_REPORT_SECONDS * 1000) };
  return tx.intake.findFirst({
    where: { receivedByWorkerId: report.worker, kind: report.kind, familyId: report.familyId, subjectPersonId: report.personId, receivedAt: when },
    orderBy: { id: 'asc' },
  });
}

/** A report touches its subject, or every current member when it names only the family. */
async function intakeSubjects(tx: TransactionClient, intake: Intake, caseId: number | null = null): Promise<WriteSubjects> {
  const persons = intake.subjectPersonId !== null ? [intake.subjectPersonId] : intake.familyId !== null ? await currentMemberIds(tx, intake.familyId) : [];
  const records = [{ type: 'Intake', id: intake.id }, ...(caseId !== null ? [{ type: 'Case', id: caseId }] : [])];
  return { persons, records };
}

const TriageIntakeInput = builder.inputType('TriageIntakeInput', {
  description: 'Screening decision for a report: where it goes and which case carries it.',
  fields: (t) => ({
    intakeId: t.id({ required: true, description: 'Global ID of the untriaged report.' }),
    dispatchTo: t.field({ type: UnitCodeEnum, required: true, description: 'Unit the report is dispatched to.' }),
    openCase: t.boolean({ defaultValue: false, description: 'Open a new case of the reported kind for the family.' }),
    caseId: t.id({ description: 'Global ID of an existing case of the same family that takes the report instead.' }),
  }),
});

builder.mutationField('triageIntake', (t) =>
  t.field({
    type: IntakePayload,
    description: 'Screens and dispatches a report, optionally opening a case or joining an existing one.',
    args: { input: t.arg({ type: TriageIntakeInput, required: true, description: 'The decision.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<Intake>> => {
      const viewer = ctx.viewer;
      const intakeId = rowIdOf(String(input.intakeId), 'Intake');
      const caseId = input.caseId == null ? null : rowIdOf(String(input.caseId), 'Case');
      const problems = collectProblems({
        intakeId: intakeId === null ? 'is not an Intake ID' : null,
        caseId:
          input.caseId != null && caseId === null
            ? 'is not a Case ID'
            : input.caseId != null && input.openCase
              ? 'give either caseId or openCase, not both'
              : null,
      });
      if (problems.length > 0 || intakeId === null) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        const intake = await tx.intake.findFirst({ where: { id: intakeId, ...intakeScope(viewer) }, include: { family: true } });
        if (!intake) return failure<Intake>('NOT_FOUND', 'intakeId: no such report', [{ field: 'intakeId', reason: 'no such report' }]);
        if (intake.triagedAt) return invalidInput<Intake>([{ field: 'intakeId', reason: 'the report was already triaged' }]);
        let linkedCaseId: number | null = null;
        const now = new Date();
        if (caseId !== null) {
          const existing = await tx.case.findFirst({ where: { id: caseId, ...caseScope(viewer) }, select: { familyId: true } });
          if (!existing) return failure<Intake>('NOT_FOUND', 'caseId: no such case', [{ field: 'caseId', reason: 'no such case' }]);
          if (existing.familyId !== intake.familyId) return invalidInput<Intake>([{ field: 'caseId', reason: "belongs to another family than the report's" }]);
          linkedCaseId = caseId;
        } else if (input.openCase) {
          if (!intake.family) return invalidInput<Intake>([{ field: 'openCase', reason: 'the report names no family to open a case for' }]);
          const opened = await tx.case.create({
            data: {
              kind: intake.kind,
              status: 'OPEN',
              familyId: intake.family.id,
              subjectPersonId: intake.subjectPersonId,
              ownerUnitCode: input.dispatchTo,
              districtCode: intake.family.districtCode,
              // The Taipei date, the calendar the re-report rule reads: a case opened before the report's own day would make it a re-report of itself.
              openedOn: taipeiDay(now),
            },
          });
          linkedCaseId = opened.id;
        }
        const updated = await tx.intake.updateManyAndReturn({
          where: { id: intakeId, triagedAt: null },
          data: { triagedAt: now, dispatchedAt: now, dispatchedToUnitCode: input.dispatchTo, caseId: linkedCaseId },
        });
        if (updated.length !== 1) {
          throw new RollbackWith<Intake>(invalidInput([{ field: 'intakeId', reason: 'the report was triaged by someone else meanwhile' }]));
        }
        await notifyIntakeDispatched(tx, viewer, updated[0]!, input.openCase ? linkedCaseId : null);
        return success(updated[0]!, await intakeSubjects(tx, updated[0]!, linkedCaseId));
      });
    },
  }),
);
