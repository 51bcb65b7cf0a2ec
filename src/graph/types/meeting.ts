// Meetings and case conferences (會議, 個案研討會) as records, and the action
// items agreed at them. Reached only by the convening unit and the units and
// organisations invited; the families on the agenda follow the family rules
// (an invitation gives a time-boxed view, need-to-know.ts).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../db/prisma.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder, DEFAULT_PAGE_SIZE, describedTotalCount, MAX_PAGE_SIZE } from '../builder.ts';
import { meetingScope, ownedActionItemWhere } from '../meeting-scope.ts';
import { unitOf, districtOf } from '../reference-data.ts';
import { rowIdOf } from '../ids.ts';
import { familyScope, scoped } from '../row-scope.ts';
import { LabelType } from './enums.ts';
import { DistrictRef, NetworkUnitRef } from './reference.ts';

export const MeetingKindEnum = builder.enumType('MeetingKind', {
  description: 'Kind of cross-network meeting.',
  values: {
    RE_REPORT_NETWORK: { description: '網絡會議: high-risk family-preservation cases re-reported during service.' },
    DISTRICT_CROSS_DEPARTMENT: { description: "跨部門區域聯繫會議: a family welfare service centre's quarterly meeting." },
    CASE_CONFERENCE: { description: '個案研討會: agrees a co-case plan and who does what.' },
    RELEASE_TRANSITION: { description: '出監(院)轉銜會議: convened by prosecutors or corrections.' },
    BUREAU: { description: "局級會議: a unit's meeting with the NGOs it works with." },
    CITY_COORDINATION: { description: '推動會報: the city coordination meeting, every 4 months.' },
  } as const,
});

const MEETING_KIND_ZH: Record<string, string> = {
  RE_REPORT_NETWORK: '網絡會議',
  DISTRICT_CROSS_DEPARTMENT: '跨部門區域聯繫會議',
  CASE_CONFERENCE: '個案研討會',
  RELEASE_TRANSITION: '出監(院)轉銜會議',
  BUREAU: '局級會議',
  CITY_COORDINATION: '推動會報',
};

export const MeetingLevelEnum = builder.enumType('MeetingLevel', {
  description: 'Level a meeting is held at.',
  values: { CITY: { description: 'City level.' }, BUREAU: { description: 'Bureau level.' }, DISTRICT: { description: 'District level.' }, CENTRE: { description: 'A service centre.' } } as const,
});

export const MeetingStatusEnum = builder.enumType('MeetingStatus', {
  description: 'Where a meeting is: scheduled, held (outcome recorded) or cancelled.',
  values: { SCHEDULED: { description: 'Scheduled.' }, HELD: { description: 'Held; minutes and decisions recorded.' }, CANCELLED: { description: 'Cancelled; invitations give no access any more.' } } as const,
});

export const ActionItemStatusEnum = builder.enumType('ActionItemStatus', {
  description: 'Progress of an action item, as its owner reports it.',
  values: { OPEN: { description: 'Not started.' }, IN_PROGRESS: { description: 'Under way.' }, DONE: { description: 'Done.' }, DROPPED: { description: 'Will not be done (say why in the note).' } } as const,
});

export const MeetingRef = builder.prismaNode('Meeting', {
  description: 'A cross-network meeting or case conference, reached by its convening unit and the units and organisations invited.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, meetingScope(ctx.viewer)),
  fields: (t) => ({
    kind: t.expose('kind', { type: MeetingKindEnum, description: 'Kind of meeting.' }),
    kindLabel: t.field({ type: LabelType, description: 'Kind of meeting as users read it.', select: { kind: true }, resolve: (m) => ({ en: m.kind, zh: MEETING_KIND_ZH[m.kind]! }) }),
    level: t.expose('level', { type: MeetingLevelEnum, description: 'Level it is held at.' }),
    title: t.exposeString('title', { description: 'Title.' }),
    convenor: t.field({ type: NetworkUnitRef, description: 'Convening unit.', select: { convenorUnitCode: true }, resolve: (m) => unitOf(m.convenorUnitCode) }),
    convenedBy: t.exposeID('convenedBy', { description: 'Worker who scheduled it.' }),
    startsAt: t.expose('startsAt', { type: 'DateTime', description: 'When it starts.' }),
    place: t.exposeString('place', { description: 'Where.' }),
    district: t.field({
      type: DistrictRef,
      nullable: true,
      description: 'District it is held for; null for the whole city.',
      select: { districtCode: true },
      resolve: async (m) => (m.districtCode === null ? null : ((await districtOf(m.districtCode)) ?? null)),
    }),
    accessUntil: t.expose('accessUntil', { type: 'DateTime', description: 'Until when the invited units and organisations see the families on the agenda.' }),
    status: t.expose('status', { type: MeetingStatusEnum, description: 'Scheduled, held or cancelled.' }),
    chair: t.exposeString('chair', { nullable: true, description: 'Who chaired it, once held.' }),
    minutes: t.exposeString('minutes', { nullable: true, description: 'Minutes, once held.' }),
    recordedBy: t.exposeID('recordedBy', { nullable: true, description: 'Worker who recorded the outcome.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', nullable: true, description: 'When the outcome was recorded.' }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true, description: 'When it was cancelled.' }),
    cancelReason: t.exposeString('cancelReason', { nullable: true, description: 'Why it was cancelled.' }),
    agenda: t.relation('agenda', {
      description: "Families and cases on the agenda, those within the caller's row scope (an NGO's invitation reaches them only while it gives access).",
      query: (_args, ctx) => ({ where: { family: familyScope(ctx.viewer) }, orderBy: { id: 'asc' } }),
    }),
    invitations: t.relation('invitations', { description: 'Units and organisations invited, with attendance once recorded.', query: { orderBy: { id: 'asc' } } }),
    decisions: t.relation('decisions', { description: 'Resolutions (決議), in order.', query: { orderBy: { position: 'asc' } } }),
    actionItems: t.relation('actionItems', { description: 'Who does what by when, as agreed.', query: { orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] } }),
  }),
});

builder.prismaObject('MeetingAgendaItem', {
  description: 'A family, and possibly one of its cases, on a meeting’s agenda.',
  fields: (t) => ({
    family: t.relation('family', { description: 'The family discussed; its fields follow the family rules.' }),
    // The agenda item is listed only when its family is in the caller's row scope; the case's fields follow the case rules.
    case: t.relation('case', { nullable: true, description: 'The case discussed, when one is named.' }),
  }),
});

builder.prismaObject('MeetingInvitation', {
  description: 'A unit, or an organisation, invited to a meeting.',
  fields: (t) => ({
    unit: t.field({ type: NetworkUnitRef, description: 'Unit invited (NGO for an organisation).', select: { unitCode: true }, resolve: (i) => unitOf(i.unitCode) }),
    organizationId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Global ID of the organisation invited, for an NGO.',
      select: { organizationId: true },
      resolve: (i) => (i.organizationId === null ? null : encodeGlobalID('Organization', i.organizationId)),
    }),
    invitedAt: t.expose('invitedAt', { type: 'DateTime', description: 'When it was invited: its view of the agenda starts here.' }),
    invitedBy: t.exposeID('invitedBy', { description: 'Worker who invited it.' }),
    attended: t.exposeBoolean('attended', { nullable: true, description: 'Whether it attended; null until the outcome is recorded.' }),
  }),
});

builder.prismaObject('MeetingDecision', {
  description: 'A resolution (決議) of a meeting.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Its number in the minutes (1, 2, …).' }),
    text: t.exposeString('text', { description: 'What was resolved.' }),
  }),
});

export const ActionItemRef = builder.prismaNode('ActionItem', {
  description: 'Who does what by when, agreed at a meeting; its owner reports progress.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, { meeting: meetingScope(ctx.viewer) }),
  fields: (t) => ({
    meeting: t.relation('meeting', { description: 'The meeting it was agreed at.' }),
    decisionPosition: t.int({
      nullable: true,
      description: 'Number of the resolution it carries out, if any.',
      select: { decision: { select: { position: true } } },
      resolve: (a) => a.decision?.position ?? null,
    }),
    description: t.exposeString('description', { description: 'What is to be done.' }),
    ownerUnit: t.field({ type: NetworkUnitRef, description: 'Unit that owns it (NGO for an organisation).', select: { ownerUnitCode: true }, resolve: (a) => unitOf(a.ownerUnitCode) }),
    ownerOrganizationId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Global ID of the organisation that owns it, for an NGO.',
      select: { ownerOrganizationId: true },
      resolve: (a) => (a.ownerOrganizationId === null ? null : encodeGlobalID('Organization', a.ownerOrganizationId)),
    }),
    familyId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Global ID of the family on the agenda it is about, if any.',
      select: { familyId: true },
      resolve: (a) => (a.familyId === null ? null : encodeGlobalID('Family', a.familyId)),
    }),
    dueOn: t.expose('dueOn', { type: 'Date', description: 'Due date.' }),
    status: t.expose('status', { type: ActionItemStatusEnum, description: 'Progress as the owner reports it.' }),
    statusNote: t.exposeString('statusNote', { nullable: true, description: "The owner's latest note." }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the owner last reported.' }),
    updatedBy: t.exposeID('updatedBy', { nullable: true, description: 'Worker who last reported.' }),
  }),
});

const MeetingFilter = builder.inputType('MeetingFilter', {
  description: 'Narrows the meeting list; all given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: MeetingKindEnum, description: 'Meetings of this kind.' }),
    status: t.field({ type: MeetingStatusEnum, description: 'Meetings in this status.' }),
    from: t.field({ type: 'DateTime', description: 'Starting at or after this time.' }),
    to: t.field({ type: 'DateTime', description: 'Starting before this time.' }),
  }),
});

type MeetingFilterInput = { kind?: string | null; status?: string | null; from?: Date | null; to?: Date | null } | null | undefined;

function meetingWhere(filter: MeetingFilterInput): Prisma.MeetingWhereInput {
  return {
    ...(filter?.kind ? { kind: filter.kind as Prisma.MeetingWhereInput['kind'] } : {}),
    ...(filter?.status ? { status: filter.status as Prisma.MeetingWhereInput['status'] } : {}),
    ...(filter?.from || filter?.to ? { startsAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}

const ActionItemFilter = builder.inputType('ActionItemFilter', {
  description: 'Narrows the action-item list.',
  fields: (t) => ({
    status: t.field({ type: ActionItemStatusEnum, description: 'Items in this status.' }),
    dueBefore: t.field({ type: 'Date', description: 'Items due before this day.' }),
  }),
});

builder.queryFields((t) => ({
  meeting: t.prismaField({
    type: 'Meeting',
    nullable: true,
    description: 'One meeting by global ID; null when no such meeting exists or the caller neither convened nor was invited to it.',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the meeting.' }) },
    resolve: (query, _root, args, ctx) => {
      const rowId = rowIdOfMeeting(String(args.id));
      return rowId === null ? null : prisma().meeting.findFirst({ ...query, where: { AND: [{ id: rowId }, meetingScope(ctx.viewer)] } });
    },
  }),
  meetings: t.prismaConnection(
    {
      type: 'Meeting',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `Meetings the caller's unit convened or was invited to (an NGO: its organisation), newest first (at most ${MAX_PAGE_SIZE} per page).`,
      args: { filter: t.arg({ type: MeetingFilter, description: 'Conditions the meetings must meet.' }) },
      totalCount: (_parent, args, ctx) => prisma().meeting.count({ where: { AND: [meetingWhere(args.filter), meetingScope(ctx.viewer)] } }),
      resolve: (query, _root, args, ctx) =>
        prisma().meeting.findMany({ ...query, where: { AND: [meetingWhere(args.filter), meetingScope(ctx.viewer)] }, orderBy: [{ startsAt: 'desc' }, { id: 'desc' }] }),
    },
    { description: 'A page of meetings.', fields: describedTotalCount('meetings') },
    { description: 'A meeting in a page.' },
  ),
  actionItems: t.prismaConnection(
    {
      type: 'ActionItem',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `Action items the caller's unit (an NGO: its organisation) owns, earliest due first (at most ${MAX_PAGE_SIZE} per page).`,
      args: { filter: t.arg({ type: ActionItemFilter, description: 'Conditions the items must meet.' }) },
      totalCount: (_parent, args, ctx) => prisma().actionItem.count({ where: actionItemWhere(args.filter, ctx.viewer) }),
      resolve: (query, _root, args, ctx) => prisma().actionItem.findMany({ ...query, where: actionItemWhere(args.filter, ctx.viewer), orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] }),
    },
    { description: 'A page of action items.', fields: describedTotalCount('action items') },
    { description: 'An action item in a page.' },
  ),
}));

function actionItemWhere(filter: { status?: string | null; dueBefore?: Date | null } | null | undefined, viewer: Parameters<typeof ownedActionItemWhere>[0]): Prisma.ActionItemWhereInput {
  return {
    AND: [
      ownedActionItemWhere(viewer),
      filter?.status ? { status: filter.status as Prisma.ActionItemWhereInput['status'] } : {},
      filter?.dueBefore ? { dueOn: { lt: filter.dueBefore } } : {},
      { meeting: { status: { not: 'CANCELLED' } } },
    ],
  };
}

const rowIdOfMeeting = (id: string) => rowIdOf(id, 'Meeting');
