// Recording what a meeting decided (the convening unit: chair, minutes,
// attendance, resolutions, action items) and reporting progress on an action
// item (its owner only).
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ActionItem, Meeting } from '../../generated/prisma/client.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { actionItemStatusProblem } from '../../meetings/meeting-rules.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { ownedActionItemWhere } from '../meeting-scope.ts';
import { failure, inTransaction, invalidInput, payloadType, RollbackWith, success, type InputError, type Outcome } from '../mutation-result.ts';
import { ActionItemRef, ActionItemStatusEnum } from './meeting.ts';
import { convenedMeeting, MeetingPayload, membersOf } from './meeting-mutations.ts';
import { UnitCodeEnum } from './reference.ts';

const MAX_MINUTES = 20_000;
const MAX_TEXT = 2000;
const MAX_DECISIONS = 50;
const MAX_ITEMS = 100;

const ActionItemInput = builder.inputType('ActionItemInput', {
  description: 'Who does what by when.',
  fields: (t) => ({
    ownerUnit: t.field({ type: UnitCodeEnum, required: true, description: 'Owning unit: the convenor or a unit invited (NGO with ownerOrganizationId).' }),
    ownerOrganizationId: t.id({ description: 'Global ID of the owning organisation, when ownerUnit is NGO (it must have been invited).' }),
    description: t.string({ required: true, description: `What is to be done (1–${MAX_TEXT} characters).` }),
    dueOn: t.field({ type: 'Date', required: true, description: 'Due date; not before the meeting.' }),
    decision: t.int({ description: 'Number of the resolution it carries out (1 = the first of `decisions`).' }),
    familyId: t.id({ description: 'Global ID of the family on the agenda it is about.' }),
  }),
});

const MeetingOutcomeInput = builder.inputType('MeetingOutcomeInput', {
  description: 'What happened at a meeting.',
  fields: (t) => ({
    chair: t.string({ required: true, description: `Who chaired it (1–${MAX_TEXT} characters).` }),
    minutes: t.string({ required: true, description: `Minutes (1–${MAX_MINUTES} characters).` }),
    attendedUnits: t.field({ type: [UnitCodeEnum], description: 'Invited units that attended.' }),
    attendedOrganizationIds: t.idList({ description: 'Invited organisations that attended.' }),
    decisions: t.stringList({ description: `Resolutions in order (at most ${MAX_DECISIONS}, each 1–${MAX_TEXT} characters).` }),
    actionItems: t.field({ type: [ActionItemInput], description: `Action items (at most ${MAX_ITEMS}).` }),
  }),
});

builder.mutationField('recordMeetingOutcome', (t) =>
  t.field({
    type: MeetingPayload,
    description: 'The convening unit records a meeting that has started as held: chair, minutes, attendance, resolutions and action items.',
    args: {
      meetingId: t.arg.id({ required: true, description: 'Global ID of the meeting.' }),
      outcome: t.arg({ type: MeetingOutcomeInput, required: true, description: 'What happened.' }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Meeting>> => {
      const viewer = ctx.viewer;
      const { outcome } = args;
      const meetingId = rowIdOf(String(args.meetingId), 'Meeting');
      const decisions = outcome.decisions ?? [];
      const items = outcome.actionItems ?? [];
      const problems: InputError[] = collectProblems({
        meetingId: meetingId === null ? 'is not a Meeting ID' : null,
        chair: textProblem(outcome.chair, { required: true, max: MAX_TEXT }),
        minutes: textProblem(outcome.minutes, { required: true, max: MAX_MINUTES }),
        decisions: decisions.length > MAX_DECISIONS ? `at most ${MAX_DECISIONS}` : null,
        actionItems: items.length > MAX_ITEMS ? `at most ${MAX_ITEMS}` : null,
      });
      decisions.forEach((text, i) => {
        const problem = textProblem(text, { required: true, max: MAX_TEXT });
        if (problem) problems.push({ field: `decisions[${i}]`, reason: problem });
      });
      const attendedOrganizations = (outcome.attendedOrganizationIds ?? []).map((id, i) => {
        const row = rowIdOf(String(id), 'Organization');
        if (row === null) problems.push({ field: `attendedOrganizationIds[${i}]`, reason: 'is not a Organization ID' });
        return row ?? -1;
      });
      const parsedItems = items.map((item, i) => {
        const field = `actionItems[${i}]`;
        const organization = item.ownerOrganizationId == null ? null : rowIdOf(String(item.ownerOrganizationId), 'Organization');
        const family = item.familyId == null ? null : rowIdOf(String(item.familyId), 'Family');
        const itemProblems = collectProblems({
          [`${field}.description`]: textProblem(item.description, { required: true, max: MAX_TEXT }),
          [`${field}.ownerOrganizationId`]:
            item.ownerUnit === 'NGO' && item.ownerOrganizationId == null ? 'name the organisation when the owner is NGO'
            : item.ownerUnit !== 'NGO' && item.ownerOrganizationId != null ? 'only for an NGO owner'
            : item.ownerOrganizationId != null && organization === null ? 'is not a Organization ID' : null,
          [`${field}.familyId`]: item.familyId != null && family === null ? 'is not a Family ID' : null,
          [`${field}.decision`]: item.decision != null && (item.decision < 1 || item.decision > decisions.length) ? `must name one of the ${decisions.length} resolutions` : null,
        });
        problems.push(...itemProblems);
        return { ...item, organization, family };
      });
      if (problems.length > 0 || meetingId === null) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        const found = await convenedMeeting(tx, viewer, meetingId);
        if (!found.ok) return found.problem;
        const { meeting } = found;
        if (meeting.startsAt > new Date()) return invalidInput<Meeting>([{ field: 'meetingId', reason: 'the meeting has not started yet' }]);
        const meetingDay = taipeiDay(meeting.startsAt);
        const invitedUnit = (unit: string) => unit === viewer.unit || meeting.invitations.some((i) => i.unitCode === unit && i.organizationId === null);
        const invitedOrganization = (org: number) => meeting.invitations.some((i) => i.organizationId === org);
        const onAgenda = (family: number) => meeting.agenda.some((a) => a.familyId === family);
        const later: InputError[] = [
          ...(outcome.attendedUnits ?? []).filter((u) => !invitedUnit(u) || u === viewer.unit).map((u) => ({ field: 'attendedUnits', reason: `${u} was not invited` })),
          ...attendedOrganizations.filter((o) => !invitedOrganization(o)).map((o) => ({ field: 'attendedOrganizationIds', reason: `${encodeGlobalID('Organization', o)} was not invited` })),
        ];
        parsedItems.forEach((item, i) => {
          const field = `actionItems[${i}]`;
          if (item.ownerUnit === 'NGO' ? !invitedOrganization(item.organization!) : !invitedUnit(item.ownerUnit)) later.push({ field: `${field}.ownerUnit`, reason: 'the owner must be the convening unit or one invited' });
          if (item.family !== null && !onAgenda(item.family)) later.push({ field: `${field}.familyId`, reason: 'the family is not on the agenda' });
          if (item.dueOn < meetingDay) later.push({ field: `${field}.dueOn`, reason: 'must not be before the meeting' });
        });
        if (later.length > 0) return invalidInput<Meeting>(later);

        const held = await tx.meeting.updateManyAndReturn({
          where: { id: meetingId, status: 'SCHEDULED' },
          data: { status: 'HELD', chair: outcome.chair.trim(), minutes: outcome.minutes.trim(), recordedBy: viewer.workerId, recordedAt: new Date() },
        });
        if (held.length !== 1) throw new RollbackWith<Meeting>(invalidInput([{ field: 'meetingId', reason: 'the meeting was changed by someone else meanwhile; reload it' }]));
        const attendedUnits = new Set<string>(outcome.attendedUnits ?? []);
        const attendedOrgs = new Set(attendedOrganizations);
        for (const invitation of meeting.invitations) {
          const attended = invitation.organizationId === null ? attendedUnits.has(invitation.unitCode) : attendedOrgs.has(invitation.organizationId);
          await tx.meetingInvitation.update({ where: { id: invitation.id }, data: { attended } });
        }
        const decisionRows = await tx.meetingDecision.createManyAndReturn({ data: decisions.map((text, i) => ({ meetingId, position: i + 1, text: text.trim() })) });
        const decisionId = (position: number | null | undefined) => (position == null ? null : decisionRows.find((d) => d.position === position)!.id);
        const created = await tx.actionItem.createManyAndReturn({
          data: parsedItems.map((item) => ({
            meetingId,
            decisionId: decisionId(item.decision),
            familyId: item.family,
            ownerUnitCode: item.ownerUnit,
            ownerOrganizationId: item.organization,
            description: item.description.trim(),
            dueOn: item.dueOn,
          })),
          select: { id: true },
        });
        const families = [...new Set(meeting.agenda.map((a) => a.familyId))];
        return success(held[0]!, {
          persons: await membersOf(tx, families),
          records: [{ type: 'Meeting', id: meetingId }, ...created.map((a) => ({ type: 'ActionItem', id: a.id }))],
        });
      });
    },
  }),
);

const ActionItemPayload = payloadType<ActionItem>('ActionItemPayload', 'actionItem', ActionItemRef, 'Result of updating an action item.');

builder.mutationField('updateActionItem', (t) =>
  t.field({
    type: ActionItemPayload,
    description: "The owning unit (an NGO: its organisation) reports progress on its action item: IN_PROGRESS, DONE or DROPPED, with a note.",
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the action item.' }),
      status: t.arg({ type: ActionItemStatusEnum, required: true, description: 'New status.' }),
      note: t.arg.string({ description: `Note (at most ${MAX_TEXT} characters; required to drop an item).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<ActionItem>> => {
      const viewer = ctx.viewer;
      const id = rowIdOf(String(args.id), 'ActionItem');
      const problems = collectProblems({
        id: id === null ? 'is not a ActionItem ID' : null,
        status: args.status === 'OPEN' ? 'an item is reopened at a meeting, not by its owner' : null,
        note: textProblem(args.note, { required: args.status === 'DROPPED', max: MAX_TEXT }),
      });
      if (problems.length > 0 || id === null) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        const item = await tx.actionItem.findFirst({ where: { AND: [{ id }, ownedActionItemWhere(viewer), { meeting: { status: { not: 'CANCELLED' } } }] } });
        if (!item) return failure<ActionItem>('NOT_FOUND', 'id: no such action item', [{ field: 'id', reason: 'no such action item' }]);
        const transition = actionItemStatusProblem(item.status, args.status);
        if (transition) return invalidInput<ActionItem>([{ field: 'status', reason: transition }]);
        const updated = await tx.actionItem.updateManyAndReturn({
          where: { id, status: item.status },
          data: { status: args.status, statusNote: args.note?.trim() || null, updatedAt: new Date(), updatedBy: viewer.workerId },
        });
        if (updated.length !== 1) throw new RollbackWith<ActionItem>(invalidInput([{ field: 'id', reason: 'the item was changed by someone else meanwhile; reload it' }]));
        return success(updated[0]!, {
          persons: item.familyId === null ? [] : await membersOf(tx, [item.familyId]),
          records: [{ type: 'ActionItem', id }, { type: 'Meeting', id: item.meetingId }],
        });
      });
    },
  }),
);
