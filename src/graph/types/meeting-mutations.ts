// Scheduling a meeting, inviting to it and cancelling it: the convening
// unit's acts. Only families the convenor serves through a grant of its own
// may be put on the agenda (a unit seeing a family through another meeting's
// invitation, or by break-glass, cannot pass that on); an invitation then
// gives the invited parties a view of those families until accessUntil.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Meeting } from '../../generated/prisma/client.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { accessUntilOf, DEFAULT_ACCESS_DAYS, KIND_RULES, MAX_ACCESS_DAYS, mayConvene, planProblems, type MeetingKind } from '../../meetings/meeting-rules.ts';
import { builder } from '../builder.ts';
import type { Viewer } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { convenedScope } from '../meeting-scope.ts';
import { failure, inTransaction, invalidInput, payloadType, RollbackWith, success, type InputError, type Outcome, type TransactionClient } from '../mutation-result.ts';
import { familyRelations, servesThroughOwnGrant } from '../need-to-know.ts';
import { caseScope, familyScope } from '../row-scope.ts';
import { notifyMeetingInvitation } from '../../notifications/emit-coordination.ts';
import { MeetingKindEnum, MeetingLevelEnum, MeetingRef } from './meeting.ts';
import { DistrictCodeEnum, UnitCodeEnum } from './reference.ts';

const MAX_TITLE = 200;
const MAX_REASON = 2000;

export const MeetingPayload = payloadType<Meeting>('MeetingPayload', 'meeting', MeetingRef, 'Result of a meeting mutation.');

const AgendaInput = builder.inputType('MeetingAgendaInput', {
  description: 'What the meeting discusses: whole families, or cases (each brings its family).',
  fields: (t) => ({
    familyIds: t.idList({ description: 'Global IDs of families your unit serves.' }),
    caseIds: t.idList({ description: 'Global IDs of cases on families your unit serves.' }),
  }),
});

const InviteInput = builder.inputType('MeetingInviteInput', {
  description: 'Who is invited: units as a whole, NGOs by organisation.',
  fields: (t) => ({
    units: t.field({ type: [UnitCodeEnum], description: 'Units invited (not NGO: name organisations).' }),
    organizationIds: t.idList({ description: 'Global IDs of the organisations invited.' }),
  }),
});

const ScheduleMeetingInput = builder.inputType('ScheduleMeetingInput', {
  description: 'A meeting to schedule.',
  fields: (t) => ({
    kind: t.field({ type: MeetingKindEnum, required: true, description: 'Kind of meeting; it decides who convenes it and what its agenda holds.' }),
    level: t.field({ type: MeetingLevelEnum, description: "Level; the kind's usual level when omitted." }),
    title: t.string({ required: true, description: `Title (1–${MAX_TITLE} characters).` }),
    startsAt: t.field({ type: 'DateTime', required: true, description: 'When it starts (within a year of today).' }),
    place: t.string({ required: true, description: `Where (1–${MAX_TITLE} characters).` }),
    district: t.field({ type: DistrictCodeEnum, description: 'District it is held for (required for district cross-department meetings).' }),
    agenda: t.field({ type: AgendaInput, description: 'Families and cases discussed.' }),
    invite: t.field({ type: InviteInput, required: true, description: 'Who is invited.' }),
    accessDaysAfter: t.int({ description: `Days after the start the invited parties keep their view of the agenda's families (1–${MAX_ACCESS_DAYS}; default ${DEFAULT_ACCESS_DAYS}).` }),
  }),
});

/** Row ids of a list of global IDs, with a problem named per bad one. */
function rowIds(ids: readonly (string | number)[] | null | undefined, type: string, field: string, problems: InputError[]): number[] {
  return (ids ?? []).flatMap((id, i) => {
    const row = rowIdOf(String(id), type);
    if (row === null) problems.push({ field: `${field}[${i}]`, reason: `is not a ${type} ID` });
    return row === null ? [] : [row];
  });
}

const notFound = <T>(field: string, what: string) => failure<T>('NOT_FOUND', `${field}: no such ${what}`, [{ field, reason: `no such ${what}` }]);

/** The families the agenda names (its cases' included), each one the convenor serves through its own grant; else the first that is not, as not found. */
async function agendaFamilies(tx: TransactionClient, viewer: Viewer, familyIds: number[], caseIds: number[]): Promise<Outcome<{ families: number[]; cases: { id: number; familyId: number }[] }>> {
  const cases = await tx.case.findMany({ where: { AND: [{ id: { in: caseIds } }, caseScope(viewer)] }, select: { id: true, familyId: true } });
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const missingCase = caseIds.findIndex((id) => !caseById.has(id));
  if (missingCase >= 0) return notFound(`agenda.caseIds[${missingCase}]`, 'case');
  const inScope = new Set((await tx.family.findMany({ where: { AND: [{ id: { in: familyIds } }, familyScope(viewer)] }, select: { id: true } })).map((f) => f.id));
  const missingFamily = familyIds.findIndex((id) => !inScope.has(id));
  if (missingFamily >= 0) return notFound(`agenda.familyIds[${missingFamily}]`, 'family');
  const all = [...new Set([...familyIds, ...cases.map((c) => c.familyId)])];
  const relations = await familyRelations(all, viewer, tx);
  const served = new Set(all.filter((_id, i) => servesThroughOwnGrant(relations[i])));
  const unservedFamily = familyIds.findIndex((id) => !served.has(id));
  if (unservedFamily >= 0) return notFound(`agenda.familyIds[${unservedFamily}]`, 'family');
  const unservedCase = caseIds.findIndex((id) => !served.has(caseById.get(id)!.familyId));
  if (unservedCase >= 0) return notFound(`agenda.caseIds[${unservedCase}]`, 'case');
  return success({ families: all, cases: caseIds.map((id) => caseById.get(id)!) }, { persons: [], records: [] });
}

/** Organisations that exist, or the first that does not as a problem. */
async function organizationProblem(tx: TransactionClient, organizationIds: number[]): Promise<InputError | null> {
  const found = new Set((await tx.organization.findMany({ where: { id: { in: organizationIds } }, select: { id: true } })).map((o) => o.id));
  const missing = organizationIds.findIndex((id) => !found.has(id));
  return missing >= 0 ? { field: `invite.organizationIds[${missing}]`, reason: 'no such organisation' } : null;
}

/** Current members of the families, for the audit entry: the persons an agenda touches. */
export async function membersOf(tx: TransactionClient, familyIds: readonly number[]): Promise<number[]> {
  if (familyIds.length === 0) return [];
  const rows = await tx.familyMembership.findMany({
    where: { familyId: { in: [...familyIds] }, OR: [{ endDate: null }, { endDate: { gte: new Date(new Date().toISOString().slice(0, 10)) } }] },
    select: { personId: true },
  });
  return [...new Set(rows.map((r) => r.personId))];
}

const invitationRows = (meetingId: number, viewer: Viewer, units: readonly string[], organizations: readonly number[]) => [
  ...units.map((unitCode) => ({ meetingId, unitCode, organizationId: null, invitedBy: viewer.workerId })),
  ...organizations.map((organizationId) => ({ meetingId, unitCode: 'NGO', organizationId, invitedBy: viewer.workerId })),
];

builder.mutationField('scheduleMeeting', (t) =>
  t.field({
    type: MeetingPayload,
    description:
      "Schedules a meeting convened by the caller's unit, with families it serves on the agenda; each unit and organisation invited sees those families from now until accessUntil.",
    args: { input: t.arg({ type: ScheduleMeetingInput, required: true, description: 'The meeting.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<Meeting>> => {
      const viewer = ctx.viewer;
      const kind = input.kind as MeetingKind;
      if (!mayConvene(kind, viewer)) {
        const rule = KIND_RULES[kind].convenors;
        const who = rule === 'SECRETARIAT' ? 'the secretariat (SOCIAL supervisors)' : rule === 'ANY_UNIT' ? 'a network unit' : rule.join(' or ');
        return invalidInput([{ field: 'kind', reason: `a ${kind} meeting is convened by ${who}` }]);
      }
      const problems: InputError[] = collectProblems({
        title: textProblem(input.title, { required: true, max: MAX_TITLE }),
        place: textProblem(input.place, { required: true, max: MAX_TITLE }),
      });
      const familyIds = rowIds(input.agenda?.familyIds, 'Family', 'agenda.familyIds', problems);
      const caseIds = rowIds(input.agenda?.caseIds, 'Case', 'agenda.caseIds', problems);
      const organizationIds = rowIds(input.invite.organizationIds, 'Organization', 'invite.organizationIds', problems);
      const units = (input.invite.units ?? []) as string[];
      const accessDaysAfter = input.accessDaysAfter ?? DEFAULT_ACCESS_DAYS;
      problems.push(
        ...planProblems(
          { kind, startsAt: input.startsAt, districtCode: input.district ?? null, familyCount: new Set(familyIds).size, caseCount: new Set(caseIds).size, invitedUnits: units, invitedOrganizations: organizationIds, accessDaysAfter },
          viewer.unit,
          new Date(),
        ),
      );
      if (new Set(familyIds).size !== familyIds.length || new Set(caseIds).size !== caseIds.length) problems.push({ field: 'agenda', reason: 'names a family or case twice' });
      if (problems.length > 0) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        const agenda = await agendaFamilies(tx, viewer, familyIds, caseIds);
        if (!agenda.ok) return agenda as Outcome<Meeting>;
        const organizationMissing = await organizationProblem(tx, organizationIds);
        if (organizationMissing) return invalidInput<Meeting>([organizationMissing]);
        const meeting = await tx.meeting.create({
          data: {
            kind,
            level: input.level ?? KIND_RULES[kind].level,
            title: input.title.trim(),
            convenorUnitCode: viewer.unit,
            convenedBy: viewer.workerId,
            startsAt: input.startsAt,
            place: input.place.trim(),
            districtCode: input.district ?? null,
            accessUntil: accessUntilOf(input.startsAt, accessDaysAfter),
          },
        });
        await tx.meetingAgendaItem.createMany({
          data: [
            ...familyIds.map((familyId) => ({ meetingId: meeting.id, familyId, caseId: null })),
            ...agenda.value.cases.map((c) => ({ meetingId: meeting.id, familyId: c.familyId, caseId: c.id })),
          ],
        });
        await tx.meetingInvitation.createMany({ data: invitationRows(meeting.id, viewer, units, organizationIds) });
        await notifyMeetingInvitation(tx, viewer, { id: meeting.id, familyIds: agenda.value.families }, { units, organizations: organizationIds });
        return success(meeting, {
          persons: await membersOf(tx, agenda.value.families),
          records: [
            { type: 'Meeting', id: meeting.id },
            ...agenda.value.families.map((id) => ({ type: 'Family', id })),
            ...caseIds.map((id) => ({ type: 'Case', id })),
          ],
        });
      });
    },
  }),
);

/** A meeting the caller's unit convened and that is still scheduled; anything else reads as not found or as the reason it cannot change. */
type ConvenedMeeting = Meeting & { agenda: { familyId: number; caseId: number | null }[]; invitations: { id: number; unitCode: string; organizationId: number | null }[] };

export async function convenedMeeting(tx: TransactionClient, viewer: Viewer, meetingId: number): Promise<{ ok: true; meeting: ConvenedMeeting } | { ok: false; problem: Outcome<Meeting> }> {
  const meeting = await tx.meeting.findFirst({ where: { AND: [{ id: meetingId }, convenedScope(viewer)] }, include: { agenda: { select: { familyId: true, caseId: true } }, invitations: true } });
  if (!meeting) return { ok: false, problem: notFound<Meeting>('meetingId', 'meeting') };
  if (meeting.status !== 'SCHEDULED') return { ok: false, problem: invalidInput<Meeting>([{ field: 'meetingId', reason: `the meeting is already ${meeting.status}` }]) };
  return { ok: true, meeting };
}

builder.mutationFields((t) => ({
  inviteToMeeting: t.field({
    type: MeetingPayload,
    description: 'The convening unit invites more units or organisations to a scheduled meeting; each sees the agenda’s families from now until accessUntil.',
    args: {
      meetingId: t.arg.id({ required: true, description: 'Global ID of the meeting.' }),
      invite: t.arg({ type: InviteInput, required: true, description: 'Who is invited.' }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Meeting>> => {
      const viewer = ctx.viewer;
      const problems: InputError[] = [];
      const meetingId = rowIdOf(String(args.meetingId), 'Meeting');
      if (meetingId === null) problems.push({ field: 'meetingId', reason: 'is not a Meeting ID' });
      const organizationIds = rowIds(args.invite.organizationIds, 'Organization', 'invite.organizationIds', problems);
      const units = (args.invite.units ?? []) as string[];
      if (units.includes(viewer.unit)) problems.push({ field: 'invite.units', reason: 'the convening unit is not invited to its own meeting' });
      if (units.includes('NGO')) problems.push({ field: 'invite.units', reason: 'invite NGOs by organisation (invite.organizationIds)' });
      if (units.length + organizationIds.length === 0) problems.push({ field: 'invite', reason: 'invite at least one unit or organisation' });
      if (problems.length > 0 || meetingId === null) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        const found = await convenedMeeting(tx, viewer, meetingId);
        if (!found.ok) return found.problem;
        const { meeting } = found;
        if (meeting.accessUntil <= new Date()) return invalidInput<Meeting>([{ field: 'meetingId', reason: 'the view of this meeting’s families has already ended' }]);
        const already = [
          ...units.filter((u) => meeting.invitations.some((i) => i.unitCode === u)).map((u) => ({ field: 'invite.units', reason: `${u} is already invited` })),
          ...organizationIds
            .filter((o) => meeting.invitations.some((i) => i.organizationId === o))
            .map((o) => ({ field: 'invite.organizationIds', reason: `${encodeGlobalID('Organization', o)} is already invited` })),
        ];
        if (already.length > 0) return invalidInput<Meeting>(already);
        const organizationMissing = await organizationProblem(tx, organizationIds);
        if (organizationMissing) return invalidInput<Meeting>([organizationMissing]);
        // An invitation opens the agenda's families: the convenor may give that only while it still serves each of them itself.
        const families = [...new Set(meeting.agenda.map((a) => a.familyId))];
        const relations = await familyRelations(families, viewer, tx);
        if (!relations.every((relation) => servesThroughOwnGrant(relation))) {
          return invalidInput<Meeting>([{ field: 'meetingId', reason: 'your unit no longer serves every family on the agenda; it cannot invite to it' }]);
        }
        await tx.meetingInvitation.createMany({ data: invitationRows(meetingId, viewer, units, organizationIds) });
        await notifyMeetingInvitation(tx, viewer, { id: meetingId, familyIds: families }, { units, organizations: organizationIds });
        return success(meeting, { persons: await membersOf(tx, families), records: [{ type: 'Meeting', id: meetingId }, ...families.map((id) => ({ type: 'Family', id }))] });
      });
    },
  }),
  cancelMeeting: t.field({
    type: MeetingPayload,
    description: 'The convening unit cancels a scheduled meeting, giving the reason; its invitations give no access from now on.',
    args: {
      meetingId: t.arg.id({ required: true, description: 'Global ID of the meeting.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Meeting>> => {
      const meetingId = rowIdOf(String(args.meetingId), 'Meeting');
      const problems = collectProblems({ meetingId: meetingId === null ? 'is not a Meeting ID' : null, reason: textProblem(args.reason, { required: true, max: MAX_REASON }) });
      if (problems.length > 0 || meetingId === null) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        const found = await convenedMeeting(tx, ctx.viewer, meetingId);
        if (!found.ok) return found.problem;
        const cancelled = await tx.meeting.updateManyAndReturn({
          where: { id: meetingId, status: 'SCHEDULED' },
          data: { status: 'CANCELLED', cancelledAt: new Date(), cancelReason: args.reason.trim() },
        });
        if (cancelled.length !== 1) throw new RollbackWith<Meeting>(invalidInput([{ field: 'meetingId', reason: 'the meeting was changed by someone else meanwhile; reload it' }]));
        const families = [...new Set(found.meeting.agenda.map((a) => a.familyId))];
        return success(cancelled[0]!, { persons: await membersOf(tx, families), records: [{ type: 'Meeting', id: meetingId }] });
      });
    },
  }),
}));
