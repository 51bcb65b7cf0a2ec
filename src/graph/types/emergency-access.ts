// Break-glass: in an emergency a worker may open a family it does not serve,
// for a few hours, saying why. The grant is the worker's own, flagged on
// every audit entry it is used for, and stays on the review list of the
// supervisors of the worker's unit until one of them reviews it.
import type { EmergencyAccess } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { currentMemberIds } from '../membership-period.ts';
import { failure, inTransaction, invalidInput, payloadType, RollbackWith, success, type Outcome } from '../mutation-result.ts';
import { familyScope, scoped } from '../row-scope.ts';

/** How long a break-glass grant lasts. */
export const EMERGENCY_ACCESS_HOURS = 4;
const MAX_TEXT = 2000;
/** Review list length: a supervisor works through it, it is not an archive. */
const MAX_REVIEWS = 100;

export const EmergencyAccessRef = builder.prismaObject('EmergencyAccess', {
  description: `A break-glass grant: one worker's emergency access to one family for ${EMERGENCY_ACCESS_HOURS} hours, to be reviewed by a supervisor of the worker's unit.`,
  fields: (t) => ({
    id: t.globalID({ description: 'Opaque global ID.', resolve: (e) => ({ type: 'EmergencyAccess', id: e.id }) }),
    family: t.relation('family', { description: 'The family opened.' }),
    unit: t.relation('unit', { description: 'Unit of the worker.' }),
    requestedBy: t.exposeID('workerId', { description: 'Worker who broke the glass; the grant is theirs alone.' }),
    reason: t.exposeString('reason', { description: 'The emergency, as the worker stated it.' }),
    grantedAt: t.expose('grantedAt', { type: 'DateTime', description: 'When access was granted.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When access ends.' }),
    active: t.boolean({ description: 'True until the grant expires.', select: { expiresAt: true }, resolve: (e) => e.expiresAt > new Date() }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true, description: 'When a supervisor reviewed it; null until then.' }),
    reviewedBy: t.exposeID('reviewedBy', { nullable: true, description: 'Supervisor who reviewed it.' }),
    reviewNote: t.exposeString('reviewNote', { nullable: true, description: "The supervisor's finding." }),
  }),
});

const EmergencyAccessPayload = payloadType<EmergencyAccess>('EmergencyAccessPayload', 'emergencyAccess', EmergencyAccessRef, 'Result of a break-glass mutation.');

const RequestEmergencyAccessInput = builder.inputType('RequestEmergencyAccessInput', {
  description: 'An emergency that needs a family the unit does not serve.',
  fields: (t) => ({
    familyId: t.id({ required: true, description: 'Global ID of the family.' }),
    reason: t.string({ required: true, description: `The emergency (1–${MAX_TEXT} characters); supervisors review it.` }),
  }),
});

builder.queryField('emergencyAccessReviews', (t) =>
  t.prismaField({
    type: ['EmergencyAccess'],
    description: `Break-glass grants of the supervisor's unit, newest first: the unreviewed ones unless includeReviewed is true (at most ${MAX_REVIEWS}).`,
    args: { includeReviewed: t.arg.boolean({ defaultValue: false, description: 'Also list grants already reviewed.' }) },
    resolve: (query, _root, args, ctx) =>
      prisma().emergencyAccess.findMany({
        ...query,
        where: { unitCode: ctx.viewer.unit, ...(args.includeReviewed ? {} : { reviewedAt: null }) },
        orderBy: [{ grantedAt: 'desc' }, { id: 'desc' }],
        take: MAX_REVIEWS,
      }),
  }),
);

builder.mutationFields((t) => ({
  requestEmergencyAccess: t.field({
    type: EmergencyAccessPayload,
    description: `Break-glass: opens a family the unit does not serve to the calling worker for ${EMERGENCY_ACCESS_HOURS} hours. Flagged in the audit trail and listed for the unit's supervisors until reviewed.`,
    args: { input: t.arg({ type: RequestEmergencyAccessInput, required: true, description: 'The family and the emergency.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<EmergencyAccess>> => {
      const viewer = ctx.viewer;
      const familyId = rowIdOf(String(input.familyId), 'Family');
      const problems = collectProblems({
        familyId: familyId === null ? 'is not a Family ID' : null,
        reason: textProblem(input.reason, { required: true, max: MAX_TEXT }),
      });
      if (problems.length > 0 || familyId === null) return invalidInput(problems);
      ctx.accessLog.breakGlass = true;
      return inTransaction(ctx, info, async (tx) => {
        const family = await tx.family.findUnique({ where: scoped({ id: familyId }, familyScope(viewer)), select: { id: true } });
        if (!family) return failure<EmergencyAccess>('NOT_FOUND', 'familyId: no such family', [{ field: 'familyId', reason: 'no such family' }]);
        const grantedAt = new Date();
        const grant = await tx.emergencyAccess.create({
          data: {
            familyId,
            unitCode: viewer.unit,
            workerId: viewer.workerId,
            reason: input.reason.trim(),
            grantedAt,
            expiresAt: new Date(grantedAt.getTime() + EMERGENCY_ACCESS_HOURS * 3600_000),
          },
        });
        return success(grant, {
          persons: await currentMemberIds(tx, familyId),
          records: [{ type: 'EmergencyAccess', id: grant.id }, { type: 'Family', id: familyId }],
        });
      });
    },
  }),
  reviewEmergencyAccess: t.field({
    type: EmergencyAccessPayload,
    description: "A supervisor of the worker's unit reviews a break-glass grant (another supervisor than the one who used it).",
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the grant.' }),
      note: t.arg.string({ required: true, description: `The finding (1–${MAX_TEXT} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<EmergencyAccess>> => {
      const viewer = ctx.viewer;
      const id = rowIdOf(String(args.id), 'EmergencyAccess');
      const problems = collectProblems({
        id: id === null ? 'is not an EmergencyAccess ID' : null,
        note: textProblem(args.note, { required: true, max: MAX_TEXT }),
      });
      if (problems.length > 0 || id === null) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        // Another unit's grants answer exactly as grants that do not exist.
        const grant = await tx.emergencyAccess.findFirst({ where: { id, unitCode: viewer.unit } });
        if (!grant) return failure<EmergencyAccess>('NOT_FOUND', 'id: no such grant', [{ field: 'id', reason: 'no such grant' }]);
        if (grant.workerId === viewer.workerId) return invalidInput<EmergencyAccess>([{ field: 'id', reason: 'a grant is reviewed by another supervisor than the worker who used it' }]);
        const reviewed = await tx.emergencyAccess.updateManyAndReturn({
          where: { id, reviewedAt: null },
          data: { reviewedAt: new Date(), reviewedBy: viewer.workerId, reviewNote: args.note.trim() },
        });
        if (reviewed.length !== 1) throw new RollbackWith<EmergencyAccess>(invalidInput([{ field: 'id', reason: 'the grant was already reviewed' }]));
        return success(reviewed[0]!, {
          persons: await currentMemberIds(tx, grant.familyId),
          records: [{ type: 'EmergencyAccess', id }, { type: 'Family', id: grant.familyId }],
        });
      });
    },
  }),
}));
