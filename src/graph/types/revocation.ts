// The deny-list, managed by ADMINs: a worker (token subject), one token (jti),
// a whole unit or a contracted organisation can be cut off before its tokens
// expire, and let back in. Each change commits with its audit entry; this
// process sees it at once, other replicas within their refresh interval
// (src/auth/revocation.ts).
import type { Revocation } from '../../generated/prisma/client.ts';
import { REVOCATION_KINDS, revocationCache, revocationValueProblem, type RevocationKind } from '../../auth/revocation.ts';
import { prisma } from '../../db/prisma.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { builder } from '../builder.ts';
import type { Viewer } from '../context.ts';
import { failure, inTransaction, invalidInput, isUniqueViolation, payloadType, RollbackWith, success, type Outcome } from '../mutation-result.ts';

const MAX_REASON = 2000;
const VALUE_DESCRIPTION = 'A subject (sub), token id (jti), unit code or organisation number, exactly as tokens carry it.';
/** Longest list returned: an overview for ADMINs, not an archive. */
const MAX_LISTED = 1000;

const KIND_DESCRIPTIONS: Record<RevocationKind, string> = {
  SUBJECT: 'A worker: every token whose subject (sub) is the value, whichever its unit or id.',
  TOKEN: 'One token: the one whose id (jti) is the value; the same worker\'s other tokens still work.',
  UNIT: 'A network unit: every token whose unit is the value (a unit code).',
  ORG: 'A contracted organisation: every NGO token whose organisation (org) is the value (its number).',
};

export const RevocationKindEnum = builder.enumType('RevocationKind', {
  description: 'What a revocation names, matched against a token\'s claims.',
  values: Object.fromEntries(REVOCATION_KINDS.map((kind) => [kind, { description: KIND_DESCRIPTIONS[kind] }])) as Record<RevocationKind, { description: string }>,
});

export const RevocationRef = builder.prismaObject('Revocation', {
  description: 'A deny-list entry: while active, every token it names is refused as if it were invalid (HTTP 401), at the gateway and at every subgraph.',
  fields: (t) => ({
    id: t.globalID({ description: 'Opaque global ID.', resolve: (r) => ({ type: 'Revocation', id: r.id }) }),
    kind: t.field({ type: RevocationKindEnum, description: 'What the value names.', resolve: (r) => r.kind as RevocationKind }),
    value: t.exposeString('value', { description: 'The subject, token id, unit code or organisation number revoked.' }),
    reason: t.exposeString('reason', { description: 'Why access was revoked, as the ADMIN stated it.' }),
    revokedBy: t.exposeID('revokedBy', { description: 'ADMIN who revoked it.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', description: 'When it was revoked.' }),
    active: t.boolean({ description: 'True until lifted.', select: { liftedAt: true }, resolve: (r) => r.liftedAt === null }),
    liftedAt: t.expose('liftedAt', { type: 'DateTime', nullable: true, description: 'When it was lifted; null while active.' }),
    liftedBy: t.exposeID('liftedBy', { nullable: true, description: 'ADMIN who lifted it.' }),
    liftReason: t.exposeString('liftReason', { nullable: true, description: 'Why it was lifted.' }),
  }),
});

const RevocationPayload = payloadType<Revocation>('RevocationPayload', 'revocation', RevocationRef, 'Result of revoking access or lifting a revocation.');

/** Problems with the arguments, by field. */
function argumentProblems(kind: RevocationKind, value: string, reason: string) {
  return collectProblems({
    value: revocationValueProblem(kind, value),
    reason: textProblem(reason, { required: true, max: MAX_REASON }),
  });
}

/** An ADMIN may not lock themselves out: another ADMIN must do that. */
function namesCaller(kind: RevocationKind, value: string, viewer: Viewer): boolean {
  return (kind === 'SUBJECT' && value === viewer.workerId) || (kind === 'UNIT' && value === viewer.unit) || (kind === 'ORG' && viewer.org !== null && value === String(viewer.org));
}

/** Another check in this process must read the list again, now that the change committed. */
function seenAtOnce<T>(outcome: Outcome<T>): Outcome<T> {
  if (outcome.ok) revocationCache().invalidate();
  return outcome;
}


builder.queryField('revocations', (t) =>
  t.prismaField({
    type: ['Revocation'],
    description: `Deny-list entries, newest first: the active ones unless activeOnly is false (ADMIN role; at most ${MAX_LISTED}).`,
    args: { activeOnly: t.arg.boolean({ defaultValue: true, description: 'Only entries not lifted.' }) },
    resolve: (query, _root, args) =>
      prisma().revocation.findMany({
        ...query,
        where: args.activeOnly === false ? {} : { liftedAt: null },
        orderBy: [{ revokedAt: 'desc' }, { id: 'desc' }],
        take: MAX_LISTED,
      }),
  }),
);

builder.mutationFields((t) => ({
  revokeAccess: t.field({
    type: RevocationPayload,
    description: 'Refuses every token naming the subject, token id, unit or organisation until lifted: at once in this hub, within a minute in every other replica and subgraph. ADMIN role.',
    args: {
      kind: t.arg({ type: RevocationKindEnum, required: true, description: 'What the value names.' }),
      value: t.arg.string({ required: true, description: VALUE_DESCRIPTION }),
      reason: t.arg.string({ required: true, description: `Why access is revoked (1–${MAX_REASON} characters); kept with the entry.` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Revocation>> => {
      const kind = args.kind as RevocationKind;
      const problems = argumentProblems(kind, args.value, args.reason);
      if (problems.length === 0 && namesCaller(kind, args.value, ctx.viewer)) problems.push({ field: 'value', reason: 'would revoke your own access' });
      if (problems.length > 0) return invalidInput(problems);
      const alreadyRevoked = invalidInput<Revocation>([{ field: 'value', reason: 'is already revoked' }]);
      return seenAtOnce(
        await inTransaction(ctx, info, async (tx) => {
          if (kind === 'ORG' && !(await tx.organization.findUnique({ where: { id: Number(args.value) }, select: { id: true } }))) {
            return invalidInput<Revocation>([{ field: 'value', reason: 'no such organisation' }]);
          }
          if (await tx.revocation.findFirst({ where: { kind, value: args.value, liftedAt: null }, select: { id: true } })) return alreadyRevoked;
          let revocation: Revocation;
          try {
            revocation = await tx.revocation.create({ data: { kind, value: args.value, reason: args.reason.trim(), revokedBy: ctx.viewer.workerId } });
          } catch (error) {
            // Another ADMIN revoked the same value meanwhile (the partial unique index).
            if (isUniqueViolation(error)) throw new RollbackWith(alreadyRevoked);
            throw error;
          }
          return success(revocation, { persons: [], records: [{ type: 'Revocation', id: revocation.id }] });
        }),
      );
    },
  }),
  liftRevocation: t.field({
    type: RevocationPayload,
    description: 'Lets the tokens an active revocation names in again (those not expired); the entry stays, marked lifted. ADMIN role.',
    args: {
      kind: t.arg({ type: RevocationKindEnum, required: true, description: 'What the value names.' }),
      value: t.arg.string({ required: true, description: VALUE_DESCRIPTION }),
      reason: t.arg.string({ required: true, description: `Why access is restored (1–${MAX_REASON} characters); kept with the entry.` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Revocation>> => {
      const kind = args.kind as RevocationKind;
      const problems = argumentProblems(kind, args.value, args.reason);
      if (problems.length > 0) return invalidInput(problems);
      return seenAtOnce(
        await inTransaction(ctx, info, async (tx) => {
          const lifted = await tx.revocation.updateManyAndReturn({
            where: { kind, value: args.value, liftedAt: null },
            data: { liftedAt: new Date(), liftedBy: ctx.viewer.workerId, liftReason: args.reason.trim() },
          });
          if (lifted.length !== 1) return failure<Revocation>('NOT_FOUND', 'value: no active revocation of this kind and value', [{ field: 'value', reason: 'no active revocation of this kind and value' }]);
          return success(lifted[0]!, { persons: [], records: [{ type: 'Revocation', id: lifted[0]!.id }] });
        }),
      );
    },
  }),
}));
