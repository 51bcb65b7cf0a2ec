// Campaigns (專案): a date range and a form that every unit named must return
// by a deadline (the Lunar New Year care project: 10 January – 16 February,
// each unit's households reached and visits). The secretariat creates them
// and sees who has not returned; a unit sees the campaigns it must return
// and only its own form. A campaign the caller's unit is not named in
// answers as if it did not exist.
import type { Campaign, CampaignReturn } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { textProblem } from '../../domain/input-checks.ts';
import { campaignProblems, figuresProblems, isLate, MAX_LABEL, type CampaignItem } from '../../indicators/returns/campaign-input.ts';
import { isSecretariat } from '../../indicators/returns/secretariat.ts';
import { builder } from '../builder.ts';
import type { Viewer } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { failure, inTransaction, invalidInput, isUniqueViolation, payloadType, RollbackWith, success, type Outcome } from '../mutation-result.ts';

const MAX_NOTE = 2000;
const MAX_LISTED = 200;

const itemsOf = (campaign: { items: unknown }) => campaign.items as CampaignItem[];
const figuresOf = (form: { figures: unknown }) => form.figures as Record<string, number>;

/** Which campaigns the caller reaches: every one for the secretariat, else those naming the caller's unit. */
function campaignScope(viewer: Viewer) {
  return isSecretariat(viewer) ? {} : { unitCodes: { has: viewer.unit } };
}

const CampaignItemRef = builder.objectRef<CampaignItem>('CampaignItem').implement({
  description: 'An item of a campaign\'s form: a whole number each unit reports.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Key of the item, e.g. HOUSEHOLDS_REACHED.' }),
    label: t.exposeString('label', { description: 'What the unit counts, as the form asks it.' }),
  }),
});

const CampaignFigureRef = builder.objectRef<{ key: string; value: number }>('CampaignFigure').implement({
  description: 'One item\'s figure.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Key of the item.' }),
    value: t.exposeInt('value', { description: 'The figure.' }),
  }),
});

const CampaignReturnRef = builder.prismaObject('CampaignReturn', {
  description: 'A unit\'s filled-in form for a campaign.',
  fields: (t) => ({
    id: t.globalID({ description: 'Opaque global ID.', resolve: (r) => ({ type: 'CampaignReturn', id: r.id }) }),
    unit: t.exposeString('unitCode', { description: 'The unit that returned it.' }),
    figures: t.field({
      type: [CampaignFigureRef],
      description: 'One figure per item of the form, in the form\'s order.',
      select: { figures: true, campaign: { select: { items: true } } },
      resolve: (r) => itemsOf(r.campaign).map((item) => ({ key: item.key, value: figuresOf(r)[item.key] ?? 0 })),
    }),
    note: t.exposeString('note', { description: 'The unit\'s note.' }),
    submittedBy: t.exposeID('submittedBy', { description: 'Worker who returned it.' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', description: 'When it was returned.' }),
    late: t.boolean({
      description: 'True when it came in after the deadline day.',
      select: { submittedAt: true, campaign: { select: { deadline: true } } },
      resolve: (r) => isLate(r.submittedAt, r.campaign.deadline),
    }),
  }),
});

const CampaignRef = builder.prismaObject('Campaign', {
  description: 'A campaign: a date range, a form of items and the units that must return it by a deadline.',
  fields: (t) => ({
    id: t.globalID({ description: 'Opaque global ID.', resolve: (c) => ({ type: 'Campaign', id: c.id }) }),
    name: t.exposeString('name', { description: 'Name, e.g. 春節關懷專案.' }),
    fromDate: t.expose('fromDate', { type: 'Date', description: 'First day of the campaign.' }),
    toDate: t.expose('toDate', { type: 'Date', description: 'Last day of the campaign, inclusive.' }),
    deadline: t.expose('deadline', { type: 'Date', description: 'Day by which every unit returns its form.' }),
    items: t.field({ type: [CampaignItemRef], description: 'The form\'s items.', select: { items: true }, resolve: (c) => itemsOf(c) }),
    units: t.exposeStringList('unitCodes', { description: 'Units that must return the form.' }),
    createdBy: t.exposeID('createdBy', { description: 'Member of the secretariat who created it.' }),
    returns: t.relation('returns', {
      description: 'Current forms: every unit\'s for the secretariat, the caller\'s own unit\'s otherwise.',
      query: (_args, ctx) => ({ where: { supersededAt: null, ...(isSecretariat(ctx.viewer) ? {} : { unitCode: ctx.viewer.unit }) }, orderBy: { unitCode: 'asc' } }),
    }),
    outstandingUnits: t.stringList({
      nullable: true,
      description: 'Units named that have not returned the form yet (the secretariat\'s follow-up list); null for anyone but the secretariat.',
      select: { unitCodes: true, returns: { where: { supersededAt: null }, select: { unitCode: true } } },
      resolve: (c, _args, ctx) => (isSecretariat(ctx.viewer) ? c.unitCodes.filter((unit) => !c.returns.some((r) => r.unitCode === unit)) : null),
    }),
    totals: t.field({
      type: [CampaignFigureRef],
      nullable: true,
      description: 'Each item summed over the forms returned so far; null for anyone but the secretariat.',
      select: { items: true, returns: { where: { supersededAt: null }, select: { figures: true } } },
      resolve: (c, _args, ctx) =>
        isSecretariat(ctx.viewer)
          ? itemsOf(c).map((item) => ({ key: item.key, value: c.returns.reduce((sum, r) => sum + (figuresOf(r)[item.key] ?? 0), 0) }))
          : null,
    }),
  }),
});

const CampaignPayload = payloadType<Campaign>('CampaignPayload', 'campaign', CampaignRef, 'Result of creating a campaign.');
const CampaignReturnPayload = payloadType<CampaignReturn>('CampaignReturnPayload', 'campaignReturn', CampaignReturnRef, 'Result of returning a campaign\'s form.');

const CampaignItemInput = builder.inputType('CampaignItemInput', {
  description: 'An item of a campaign\'s form.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'Key: A–Z, 0–9 and _, starting with a letter.' }),
    label: t.string({ required: true, description: `What the units count (1–${MAX_LABEL} characters).` }),
  }),
});

const CampaignFigureInput = builder.inputType('CampaignFigureInput', {
  description: 'One item\'s figure.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'Key of the item.' }),
    value: t.int({ required: true, description: 'The figure: a whole number, 0 or more.' }),
  }),
});

const CreateCampaignInput = builder.inputType('CreateCampaignInput', {
  description: 'A campaign the secretariat sets up.',
  fields: (t) => ({
    name: t.string({ required: true, description: `Name (1–${MAX_LABEL} characters).` }),
    fromDate: t.field({ type: 'Date', required: true, description: 'First day.' }),
    toDate: t.field({ type: 'Date', required: true, description: 'Last day, inclusive.' }),
    deadline: t.field({ type: 'Date', required: true, description: 'Day by which every unit returns its form.' }),
    items: t.field({ type: [CampaignItemInput], required: true, description: 'The form\'s items.' }),
    units: t.stringList({ required: true, description: 'Unit codes that must return the form.' }),
  }),
});

builder.queryFields((t) => ({
  campaigns: t.prismaField({
    type: ['Campaign'],
    description: `Campaigns, newest first: every one for the secretariat (SOCIAL supervisors), else those the caller's unit must return (at most ${MAX_LISTED}).`,
    resolve: (query, _root, _args, ctx) =>
      prisma().campaign.findMany({ ...query, where: campaignScope(ctx.viewer), orderBy: [{ fromDate: 'desc' }, { id: 'desc' }], take: MAX_LISTED }),
  }),
  campaign: t.prismaField({
    type: 'Campaign',
    nullable: true,
    description: 'One campaign; null when there is none the caller\'s unit must return.',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the campaign.' }) },
    resolve: (query, _root, args, ctx) => {
      const id = rowIdOf(String(args.id), 'Campaign');
      return id === null ? null : prisma().campaign.findFirst({ ...query, where: { id, ...campaignScope(ctx.viewer) } });
    },
  }),
}));


builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignPayload,
    description: 'Sets up a campaign: its dates, its form and the units that must return it by the deadline. SOCIAL supervisors (the secretariat).',
    args: { input: t.arg({ type: CreateCampaignInput, required: true, description: 'The campaign.' }) },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Campaign>> => {
      if (!isSecretariat(ctx.viewer)) return failure('FORBIDDEN', 'only the secretariat (SOCIAL supervisors) creates campaigns');
      const input = { ...args.input, name: args.input.name.trim(), items: args.input.items.map((i) => ({ key: i.key, label: i.label.trim() })) };
      const problems = campaignProblems(input);
      if (problems.length > 0) return invalidInput(problems.map((p) => ({ ...p, field: `input.${p.field}` })));
      return inTransaction(ctx, info, async (tx) => {
        const campaign = await tx.campaign.create({
          data: { name: input.name, fromDate: input.fromDate, toDate: input.toDate, deadline: input.deadline, items: input.items, unitCodes: [...input.units], createdBy: ctx.viewer.workerId },
        });
        return success(campaign, { persons: [], records: [{ type: 'Campaign', id: campaign.id }] });
      });
    },
  }),
  submitCampaignReturn: t.field({
    type: CampaignReturnPayload,
    description: 'Returns the caller\'s unit\'s form for a campaign that names the unit: one figure per item; a second return replaces the first (kept as history). Late forms are taken and marked late.',
    args: {
      campaignId: t.arg.id({ required: true, description: 'Global ID of the campaign.' }),
      figures: t.arg({ type: [CampaignFigureInput], required: true, description: 'One figure per item of the form.' }),
      note: t.arg.string({ description: `A note to the secretariat (at most ${MAX_NOTE} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<CampaignReturn>> => {
      const notFound = failure<CampaignReturn>('NOT_FOUND', 'campaignId: no campaign your unit returns', [{ field: 'campaignId', reason: 'no campaign your unit returns' }]);
      const id = rowIdOf(String(args.campaignId), 'Campaign');
      if (id === null) return notFound;
      const noteReason = textProblem(args.note, { required: false, max: MAX_NOTE });
      if (noteReason) return invalidInput([{ field: 'note', reason: noteReason }]);
      return inTransaction(ctx, info, async (tx) => {
        const campaign = await tx.campaign.findFirst({ where: { id, unitCodes: { has: ctx.viewer.unit } }, select: { items: true } });
        if (!campaign) return notFound;
        const problems = figuresProblems(itemsOf(campaign), args.figures);
        if (problems.length > 0) return invalidInput<CampaignReturn>(problems);
        const previous = await tx.campaignReturn.findFirst({ where: { campaignId: id, unitCode: ctx.viewer.unit, supersededAt: null }, select: { id: true } });
        if (previous) await tx.campaignReturn.update({ where: { id: previous.id }, data: { supersededAt: new Date() } });
        let created: CampaignReturn;
        try {
          created = await tx.campaignReturn.create({
            data: { campaignId: id, unitCode: ctx.viewer.unit, figures: Object.fromEntries(args.figures.map((f) => [f.key, f.value])), note: args.note?.trim() ?? '', submittedBy: ctx.viewer.workerId },
          });
        } catch (error) {
          if (isUniqueViolation(error)) throw new RollbackWith(invalidInput<CampaignReturn>([{ field: 'campaignId', reason: 'another worker of your unit returned this form at the same moment; read it and return again' }]));
          throw error;
        }
        const records = [{ type: 'Campaign', id }, { type: 'CampaignReturn', id: created.id }, ...(previous ? [{ type: 'CampaignReturn', id: previous.id }] : [])];
        return success(created, { persons: [], records });
      });
    },
  }),
}));
