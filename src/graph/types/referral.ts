// Referrals (轉介) between units and their life-cycle mutations.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Prisma, Referral } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { checkReferralTransition, type ReferralAction } from '../../domain/referral-transitions.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../context.ts';
import { familyRelations, servesThroughOwnGrant } from '../need-to-know.ts';
import { rowIdOf } from '../ids.ts';
import { familyScope, personScope, referralScope, scoped } from '../row-scope.ts';
import { failure, inTransaction, invalidInput, lockFor, payloadType, RollbackWith, success, type Outcome } from '../mutation-result.ts';
import { ReferralStatusEnum } from './enums.ts';
import { NetworkUnitRef, UnitCodeEnum } from './reference.ts';
import { unitOf } from '../reference-data.ts';
import { notifyReferralSent } from '../../notifications/emit.ts';

const MAX_TEXT = 2000;

export const ReferralRef = builder.prismaNode('Referral', {
  description: 'A referral (轉介) from one unit to another about a person in a family.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) =>
    scoped({ id: Number(id) || -1 }, ctx.viewer.unit === 'NGO' ? referralScope(ctx.viewer) : ctx.viewer.districts.length > 0 ? { family: familyScope(ctx.viewer) } : {}),
  fields: (t) => ({
    status: t.expose('status', { type: ReferralStatusEnum, description: 'Where the referral is in its life cycle.' }),
    reason: t.exposeString('reason', { description: 'Why the sending unit refers.' }),
    family: t.relation('family', { description: 'The family.' }),
    person: t.relation('person', { description: 'The person referred.' }),
    fromUnit: t.field({ type: NetworkUnitRef, description: 'Sending unit.', select: { fromUnitCode: true }, resolve: (r) => unitOf(r.fromUnitCode) }),
    toUnit: t.field({ type: NetworkUnitRef, description: 'Receiving unit.', select: { toUnitCode: true }, resolve: (r) => unitOf(r.toUnitCode) }),
    toOrganization: t.relation('toOrganization', { nullable: true, description: 'The organisation addressed, for referrals to NGO: only it sees and answers the referral.' }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime', description: 'When the referral was sent.' }),
    requestedBy: t.exposeID('requestedBy', { description: 'Worker who sent it.' }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true, description: 'When the receiving unit accepted or declined.' }),
    respondedBy: t.exposeID('respondedBy', { nullable: true, description: 'Worker who accepted or declined.' }),
    declineReason: t.exposeString('declineReason', { nullable: true, description: 'Why it was declined.' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true, description: 'When it was closed.' }),
    closedBy: t.exposeID('closedBy', { nullable: true, description: 'Worker who closed it.' }),
    closingNote: t.exposeString('closingNote', { nullable: true, description: 'Note left when closing.' }),
  }),
});

const ReferralFilter = builder.inputType('ReferralFilter', {
  description: 'Narrows the referral list; all given conditions must hold.',
  fields: (t) => ({
    status: t.field({ type: ReferralStatusEnum, description: 'Referrals with this status.' }),
    fromUnit: t.field({ type: UnitCodeEnum, description: 'Referrals sent by this unit.' }),
    toUnit: t.field({ type: UnitCodeEnum, description: 'Referrals sent to this unit.' }),
  }),
});

builder.queryField('referrals', (t) =>
  t.prismaConnection(
    {
      type: 'Referral',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `Referrals the caller's unit sent or received, oldest first, as a Relay connection (at most ${MAX_PAGE_SIZE} per page).`,
      args: { filter: t.arg({ type: ReferralFilter, description: 'Conditions the referrals must meet.' }) },
      resolve: (query, _root, args, ctx) => {
        const where: Prisma.ReferralWhereInput = { AND: [referralScope(ctx.viewer)] };
        if (args.filter?.status) where.status = args.filter.status;
        if (args.filter?.fromUnit) where.fromUnitCode = args.filter.fromUnit;
        if (args.filter?.toUnit) where.toUnitCode = args.filter.toUnit;
        return prisma().referral.findMany({ ...query, where, orderBy: { id: 'asc' } });
      },
    },
    { description: 'A page of referrals.' },
    { description: 'A referral in a page.' },
  ),
);

const ReferralPayload = payloadType<Referral>('ReferralPayload', 'referral', ReferralRef, 'Result of a referral mutation.');

const CreateReferralInput = builder.inputType('CreateReferralInput', {
  description: "A referral from the calling worker's unit to another unit.",
  fields: (t) => ({
    personId: t.id({ required: true, description: 'Global ID of the person referred.' }),
    familyId: t.id({ description: "Global ID of the family; defaults to the person's current family." }),
    toUnit: t.field({ type: UnitCodeEnum, required: true, description: 'Receiving unit; not the sending unit.' }),
    toOrganizationId: t.id({ description: 'Global ID of the organisation addressed: required when toUnit is NGO, refused otherwise.' }),
    reason: t.string({ required: true, description: `Why the unit refers (1–${MAX_TEXT} characters).` }),
  }),
});

/** A referral to NGO names the organisation it is for (NGOs are many, under one unit code); no other referral names one. */
function toOrganizationProblem(toUnit: string, given: string | number | null | undefined, decoded: number | null): string | null {
  if (toUnit === 'NGO') return given == null ? 'is required when toUnit is NGO' : decoded === null ? 'is not an Organization ID' : null;
  return given == null ? null : 'only referrals to NGO name an organisation';
}

builder.mutationField('createReferral', (t) =>
  t.field({
    type: ReferralPayload,
    description:
      "Sends a referral to another unit about a person the caller may reach; it starts PENDING. It gives the receiving unit enough to decide, and the sending unit no access it did not already have.",
    args: { input: t.arg({ type: CreateReferralInput, required: true, description: 'The referral.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<Referral>> => {
      const viewer = ctx.viewer;
      const personId = rowIdOf(String(input.personId), 'Person');
      const familyId = input.familyId == null ? null : rowIdOf(String(input.familyId), 'Family');
      const toOrganizationId = input.toOrganizationId == null ? null : rowIdOf(String(input.toOrganizationId), 'Organization');
      const problems = collectProblems({
        personId: personId === null ? 'is not a Person ID' : null,
        familyId: input.familyId != null && familyId === null ? 'is not a Family ID' : null,
        toUnit: input.toUnit === viewer.unit ? 'must be another unit than the sending unit' : null,
        toOrganizationId: toOrganizationProblem(input.toUnit, input.toOrganizationId, toOrganizationId),
        reason: textProblem(input.reason, { required: true, max: MAX_TEXT }),
      });
      if (problems.length > 0 || personId === null) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        // A person outside the caller's row scope answers exactly as one that does not exist.
        const person = await tx.person.findUnique({ where: scoped({ id: personId }, personScope(viewer)), select: { id: true } });
        if (!person) return failure<Referral>('NOT_FOUND', 'personId: no such person', [{ field: 'personId', reason: 'no such person' }]);
        const memberships = await tx.familyMembership.findMany({
          where: { personId, family: familyScope(viewer) },
          select: { familyId: true, endDate: true },
          orderBy: { startDate: 'desc' },
        });
        const chosenFamily = familyId ?? memberships.find((m) => m.endDate === null)?.familyId ?? null;
        if (chosenFamily === null) return invalidInput<Referral>([{ field: 'familyId', reason: 'the person has no current family; name one' }]);
        if (!memberships.some((m) => m.familyId === chosenFamily)) {
          return invalidInput<Referral>([{ field: 'familyId', reason: 'the person is not a member of this family' }]);
        }
        if (toOrganizationId !== null && !(await tx.organization.findUnique({ where: { id: toOrganizationId }, select: { id: true } }))) {
          return invalidInput<Referral>([{ field: 'toOrganizationId', reason: 'no such organisation' }]);
        }
        // One open referral of a person from a unit to a unit (and organisation): a second is the first sent again.
        await lockFor(tx, `referral:${personId}:${viewer.unit}:${input.toUnit}:${toOrganizationId ?? ''}`);
        const open = await tx.referral.findFirst({
          where: { personId, fromUnitCode: viewer.unit, toUnitCode: input.toUnit, toOrganizationId, status: { in: ['PENDING', 'ACCEPTED'] } },
          select: { id: true, status: true },
        });
        if (open) {
          const receiver = toOrganizationId === null ? input.toUnit : 'The organisation';
          return invalidInput<Referral>([
            { field: toOrganizationId === null ? 'toUnit' : 'toOrganizationId', reason: `${receiver} already has an open referral of this person from your unit: ${encodeGlobalID('Referral', open.id)} (${open.status})` },
          ]);
        }
        const [served] = await familyRelations([chosenFamily], viewer, tx);
        const referral = await tx.referral.create({
          data: {
            personId,
            familyId: chosenFamily,
            fromUnitCode: viewer.unit,
            toUnitCode: input.toUnit,
            toOrganizationId,
            reason: input.reason.trim(),
            requestedBy: viewer.workerId,
            // Only a sender that already served the family through its own grant (not break-glass, not a meeting
            // invitation) keeps need-to-know through it.
            sentWhileServing: servesThroughOwnGrant(served),
          },
        });
        await notifyReferralSent(tx, viewer, referral);
        return success(referral, { persons: [personId], records: [{ type: 'Referral', id: referral.id }, { type: 'Family', id: chosenFamily }] });
      });
    },
  }),
);

/**
 * Moves a referral one step, atomically: the update only matches the status
 * that was checked. A referral the caller's unit neither sent nor received
 * answers exactly as one that does not exist.
 */
function transition(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  globalId: string,
  action: ReferralAction,
  changes: (now: Date) => Prisma.ReferralUpdateManyMutationInput,
): Promise<Outcome<Referral>> {
  const viewer = ctx.viewer;
  const id = rowIdOf(globalId, 'Referral');
  if (id === null) return Promise.resolve(invalidInput([{ field: 'id', reason: 'is not a Referral ID' }]));
  return inTransaction(ctx, info, async (tx) => {
    const referral = await tx.referral.findFirst({ where: { id, ...referralScope(viewer) } });
    if (!referral) return failure<Referral>('NOT_FOUND', 'id: no such referral', [{ field: 'id', reason: 'no such referral' }]);
    // (An NGO reaches no referral addressed to another organisation: the scope above answers it as not found.)
    const check = checkReferralTransition(referral, action, viewer.unit);
    if (!check.ok) return failure<Referral>(check.code, `id: ${check.reason}`, [{ field: 'id', reason: check.reason }]);
    const updated = await tx.referral.updateManyAndReturn({
      where: { id, status: referral.status },
      data: { ...changes(new Date()), status: check.to },
    });
    if (updated.length !== 1) {
      throw new RollbackWith<Referral>(invalidInput([{ field: 'id', reason: 'the referral was changed by someone else meanwhile; reload it' }]));
    }
    return success(updated[0]!, { persons: [referral.personId], records: [{ type: 'Referral', id }] });
  });
}

builder.mutationFields((t) => ({
  acceptReferral: t.field({
    type: ReferralPayload,
    description: 'The receiving unit accepts a PENDING referral; it then serves the family (need-to-know).',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the referral.' }) },
    resolve: (_root, args, ctx, info) => {
      const viewer = ctx.viewer;
      return transition(ctx, info, String(args.id), 'ACCEPT', (now) => ({ respondedAt: now, respondedBy: viewer.workerId }));
    },
  }),
  declineReferral: t.field({
    type: ReferralPayload,
    description: 'The receiving unit declines a PENDING referral, giving a reason.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the referral.' }),
      reason: t.arg.string({ required: true, description: `Why it is declined (1–${MAX_TEXT} characters).` }),
    },
    resolve: (_root, args, ctx, info) => {
      const viewer = ctx.viewer;
      const reasonProblem = textProblem(args.reason, { required: true, max: MAX_TEXT });
      if (reasonProblem) return invalidInput<Referral>([{ field: 'reason', reason: reasonProblem }]);
      return transition(ctx, info, String(args.id), 'DECLINE', (now) => ({
        respondedAt: now,
        respondedBy: viewer.workerId,
        declineReason: args.reason.trim(),
      }));
    },
  }),
  withdrawReferral: t.field({
    type: ReferralPayload,
    description: 'The sending unit withdraws a referral the receiving unit has not answered yet (PENDING → CLOSED), giving the reason.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the referral.' }),
      reason: t.arg.string({ required: true, description: `Why it is withdrawn (1–${MAX_TEXT} characters); kept as the closing note.` }),
    },
    resolve: (_root, args, ctx, info) => {
      const viewer = ctx.viewer;
      const reasonProblem = textProblem(args.reason, { required: true, max: MAX_TEXT });
      if (reasonProblem) return invalidInput<Referral>([{ field: 'reason', reason: reasonProblem }]);
      return transition(ctx, info, String(args.id), 'WITHDRAW', (now) => ({ closedAt: now, closedBy: viewer.workerId, closingNote: args.reason.trim() }));
    },
  }),
  closeReferral: t.field({
    type: ReferralPayload,
    description: 'The sending or receiving unit closes an ACCEPTED or DECLINED referral.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the referral.' }),
      note: t.arg.string({ description: `Closing note (at most ${MAX_TEXT} characters).` }),
    },
    resolve: (_root, args, ctx, info) => {
      const viewer = ctx.viewer;
      const noteProblem = textProblem(args.note, { required: false, max: MAX_TEXT });
      if (noteProblem) return invalidInput<Referral>([{ field: 'note', reason: noteProblem }]);
      return transition(ctx, info, String(args.id), 'CLOSE', (now) => ({
        closedAt: now,
        closedBy: viewer.workerId,
        closingNote: args.note?.trim() || null,
      }));
    },
  }),
}));
