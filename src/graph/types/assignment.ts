// NGO assignments (委外) and their life cycle: the unit that owns an open
// case offers it to a contracted organisation (createAssignment); the
// organisation accepts (acceptAssignment) or hands it back with a reason
// (handBackAssignment); the owning unit ends it with a reason
// (endAssignment). The organisation reaches the case and its family from the
// offer on, as long as the assignment is offered or accepted and its dates
// cover the day (assignment-period.ts); from the moment it is ended or handed
// back, not at all. One live assignment of an organisation per case.
// Anything out of the caller's reach answers as a record that does not exist.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { Assignment, AssignmentStatus, Prisma } from '../../generated/prisma/client.ts';
import { collectProblems, futureProblem, textProblem } from '../../domain/input-checks.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { builder } from '../builder.ts';
import type { HubContext } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { activeAssignmentWhere, LIVE_ASSIGNMENT } from '../assignment-period.ts';
import { startOfToday } from '../membership-period.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseNotFound, lockCase, ownedCaseWhere, personsOfCase } from '../case-actions.ts';
import { caseScope } from '../row-scope.ts';
import { AssignmentRef } from './case.ts';
import { notifyAssignmentOffered } from '../../notifications/emit-coordination.ts';

const MAX_REASON = 2000;

const AssignmentStatusEnum = builder.enumType('AssignmentStatus', {
  description: 'Where an NGO assignment is in its life cycle.',
  values: {
    OFFERED: { description: 'Offered by the owning unit; the organisation reaches the case and may accept or hand it back.' },
    ACCEPTED: { description: 'Accepted by the organisation.' },
    ENDED: { description: 'Ended by the owning unit; the organisation reaches the case no more.' },
    HANDED_BACK: { description: 'Handed back (or declined) by the organisation; it reaches the case no more.' },
  },
});

builder.prismaObjectFields('Assignment', (t) => ({
  id: t.id({ description: 'Opaque global ID of the assignment.', select: { id: true }, resolve: (a) => encodeGlobalID('Assignment', a.id) }),
  status: t.expose('status', { type: AssignmentStatusEnum, description: 'Where the assignment is in its life cycle.' }),
  offeredBy: t.exposeID('offeredBy', { nullable: true, description: 'Worker of the owning unit who offered it; null for assignments made before the hub kept it.' }),
  acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true, description: 'When the organisation accepted it.' }),
  acceptedBy: t.exposeID('acceptedBy', { nullable: true, description: 'Worker of the organisation who accepted it.' }),
  endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true, description: 'When it was ended or handed back.' }),
  endedBy: t.exposeID('endedBy', { nullable: true, description: 'Worker who ended or handed it back.' }),
  endReason: t.exposeString('endReason', { nullable: true, description: 'Why it was ended or handed back.' }),
}));

const AssignmentPayload = payloadType<Assignment>('AssignmentPayload', 'assignment', AssignmentRef, 'Result of an assignment mutation.');

const notFound = () => failure<Assignment>('NOT_FOUND', 'id: no such assignment', [{ field: 'id', reason: 'no such assignment' }]);

type Side = 'OWNER' | 'ORGANISATION';

/** The assignments each side reaches: the owning unit's cases, or the organisation's own live assignments. */
function reachable(ctx: HubContext, side: Side, id: number): Prisma.AssignmentWhereInput {
  const viewer = ctx.viewer;
  if (side === 'OWNER') return { id, case: { ...caseScope(viewer), ownerUnitCode: viewer.unit } };
  return { id, organizationId: viewer.org ?? -1, ...activeAssignmentWhere(), case: caseScope(viewer) };
}

/**
 * Moves an assignment one step, atomically (the update only matches the
 * status that was checked), and audits it with the persons of its case.
 */
function move(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  globalId: string,
  side: Side,
  from: readonly AssignmentStatus[],
  verb: string,
  changes: (a: Assignment) => Prisma.AssignmentUpdateManyMutationInput,
): Promise<Outcome<Assignment>> {
  const id = rowIdOf(globalId, 'Assignment');
  if (id === null) return Promise.resolve(invalidInput([{ field: 'id', reason: 'is not an Assignment ID' }]));
  return inTransaction(ctx, info, async (tx) => {
    const found = await tx.assignment.findFirst({ where: reachable(ctx, side, id), include: { case: { select: { familyId: true, subjectPersonId: true } } } });
    if (!found) return notFound();
    const { case: ofCase, ...assignment } = found;
    if (!from.includes(assignment.status)) {
      return invalidInput<Assignment>([{ field: 'id', reason: `an ${assignment.status} assignment cannot be ${verb}; only ${from.join(' or ')} ones can` }]);
    }
    // Conditional on the status checked and on the reach still holding (the case not transferred meanwhile).
    const stillReached: Prisma.AssignmentWhereInput = side === 'OWNER' ? { case: { ownerUnitCode: ctx.viewer.unit } } : { organizationId: ctx.viewer.org ?? -1 };
    const updated = await tx.assignment.updateManyAndReturn({ where: { id, status: assignment.status, ...stillReached }, data: changes(assignment) });
    if (updated.length !== 1) return invalidInput<Assignment>([{ field: 'id', reason: 'the assignment was changed by someone else meanwhile; reload it' }]);
    const persons = await personsOfCase(tx, ofCase);
    return success(updated[0]!, { persons, records: [{ type: 'Assignment', id }, { type: 'Case', id: assignment.caseId }] });
  });
}

/** Ending on a day: the assignment's last day is that day (not before it started), unless it already ended earlier. */
function endingToday(a: Assignment, status: AssignmentStatus, workerId: string, reason: string): Prisma.AssignmentUpdateManyMutationInput {
  const today = startOfToday();
  const lastDay = a.startDate > today ? a.startDate : today;
  return {
    status,
    endedAt: new Date(),
    endedBy: workerId,
    endReason: reason.trim(),
    endDate: a.endDate !== null && a.endDate < lastDay ? a.endDate : lastDay,
  };
}

builder.mutationFields((t) => ({
  createAssignment: t.field({
    type: AssignmentPayload,
    description:
      "Offers an open case the caller's unit owns to a contracted organisation (OFFERED): the organisation reaches the case from its start date on, and accepts or hands it back. One live assignment per organisation and case.",
    args: {
      caseId: t.arg.id({ required: true, description: 'Global ID of the case.' }),
      organizationId: t.arg.id({ required: true, description: 'Global ID of the organisation.' }),
      startDate: t.arg({ type: 'Date', description: 'First day; today when omitted; not in the future, not before the case opened.' }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Assignment>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(args.caseId), 'Case');
      const orgId = rowIdOf(String(args.organizationId), 'Organization');
      // Today as the access rule counts it (UTC date), so the organisation reaches the case at once.
      const startDate = args.startDate ?? startOfToday();
      const problems = collectProblems({
        caseId: caseId === null ? 'is not a Case ID' : null,
        organizationId: orgId === null ? 'is not an Organization ID' : null,
        startDate: futureProblem(startDate, taipeiDay(new Date())),
      });
      if (problems.length > 0 || caseId === null || orgId === null) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        // One lock per case also keeps two offers of the same organisation apart.
        await lockCase(tx, caseId);
        const owned = await tx.case.findFirst({ where: ownedCaseWhere(viewer, caseId), select: { status: true, openedOn: true, familyId: true, subjectPersonId: true } });
        if (!owned) return caseNotFound<Assignment>();
        if (owned.status !== 'OPEN') return invalidInput<Assignment>([{ field: 'caseId', reason: 'the case is closed' }]);
        if (startDate < owned.openedOn) return invalidInput<Assignment>([{ field: 'startDate', reason: 'must not be before the case was opened' }]);
        const org = await tx.organization.findUnique({ where: { id: orgId }, select: { id: true } });
        if (!org) return invalidInput<Assignment>([{ field: 'organizationId', reason: 'no such organisation' }]);
        const live = await tx.assignment.findFirst({
          where: { caseId, organizationId: orgId, status: { in: [...LIVE_ASSIGNMENT] }, OR: [{ endDate: null }, { endDate: { gte: startOfToday() } }] },
          select: { id: true, status: true },
        });
        if (live) {
          return invalidInput<Assignment>([
            { field: 'organizationId', reason: `the organisation already has a live assignment on this case: ${encodeGlobalID('Assignment', live.id)} (${live.status})` },
          ]);
        }
        const assignment = await tx.assignment.create({ data: { caseId, organizationId: orgId, startDate, status: 'OFFERED', offeredBy: viewer.workerId } });
        await notifyAssignmentOffered(tx, viewer, assignment, owned.familyId);
        const persons = await personsOfCase(tx, owned);
        return success(assignment, { persons, records: [{ type: 'Assignment', id: assignment.id }, { type: 'Case', id: caseId }] });
      });
    },
  }),
  acceptAssignment: t.field({
    type: AssignmentPayload,
    description: 'The organisation accepts an assignment offered to it (OFFERED → ACCEPTED).',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the assignment.' }) },
    resolve: (_root, args, ctx, info) => {
      const workerId = ctx.viewer.workerId;
      return move(ctx, info, String(args.id), 'ORGANISATION', ['OFFERED'], 'accepted', () => ({ status: 'ACCEPTED', acceptedAt: new Date(), acceptedBy: workerId }));
    },
  }),
  handBackAssignment: t.field({
    type: AssignmentPayload,
    description: 'The organisation hands back (or declines) an assignment it holds, with the reason; from then on it reaches the case no more.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the assignment.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters).` }),
    },
    resolve: (_root, args, ctx, info) => {
      const problem = textProblem(args.reason, { required: true, max: MAX_REASON });
      if (problem) return invalidInput<Assignment>([{ field: 'reason', reason: problem }]);
      const workerId = ctx.viewer.workerId;
      return move(ctx, info, String(args.id), 'ORGANISATION', LIVE_ASSIGNMENT, 'handed back', (a) => endingToday(a, 'HANDED_BACK', workerId, args.reason));
    },
  }),
  endAssignment: t.field({
    type: AssignmentPayload,
    description: "The unit that owns the case ends an organisation's assignment, with the reason; from then on the organisation reaches the case no more.",
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the assignment.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters).` }),
    },
    resolve: (_root, args, ctx, info) => {
      const problem = textProblem(args.reason, { required: true, max: MAX_REASON });
      if (problem) return invalidInput<Assignment>([{ field: 'reason', reason: problem }]);
      const workerId = ctx.viewer.workerId;
      return move(ctx, info, String(args.id), 'OWNER', LIVE_ASSIGNMENT, 'ended', (a) => endingToday(a, 'ENDED', workerId, args.reason));
    },
  }),
}));
