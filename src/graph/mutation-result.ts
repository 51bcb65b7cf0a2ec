// Expected mutation failures come back as data, not throws:
// { ok, error { code message }, inputErrors [{ field reason }], <result> }.
import type { ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { appendAuditEntry, auditEntryFor, operationNameOf } from '../audit/audit-writer.ts';
import type { AuditContent } from '../audit/chain.ts';
import { prisma } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import type { HubContext } from './context.ts';
import type { ErrorCode } from './errors.ts';

export type TransactionClient = Prisma.TransactionClient;

export interface InputError {
  field: string;
  reason: string;
}

/** What a write touched, for its audit entry: the persons and the records (type and row id). */
export interface WriteSubjects {
  persons: readonly number[];
  records: readonly { type: string; id: number }[];
}

export type Outcome<T> =
  /** `unchanged`: the request was one already carried out (a repeat); nothing was written, and it is audited as a read of the record. */
  | { ok: true; value: T; subjects: WriteSubjects; unchanged?: boolean }
  | { ok: false; code: ErrorCode; message: string; inputErrors: InputError[] };

export function success<T>(value: T, subjects: WriteSubjects): Outcome<T> {
  return { ok: true, value, subjects };
}

/** The answer to a request already carried out: the record it made then, nothing written now. */
export function alreadyDone<T>(value: T, subjects: WriteSubjects): Outcome<T> {
  return { ok: true, value, subjects, unchanged: true };
}

/**
 * Serialises, until the transaction ends, every transaction that asks for
 * the same key: a check for an existing record followed by an insert cannot
 * interleave with another request doing the same (two identical requests at
 * once would otherwise both find nothing and both insert).
 */
export async function lockFor(tx: TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

export function failure<T>(code: ErrorCode, message: string, inputErrors: InputError[] = []): Outcome<T> {
  return { ok: false, code, message, inputErrors };
}

/** BAD_USER_INPUT whose message names every offending field and why. */
export function invalidInput<T>(inputErrors: InputError[]): Outcome<T> {
  const message = inputErrors.map((e) => `${e.field}: ${e.reason}`).join('; ');
  return failure('BAD_USER_INPUT', message, inputErrors);
}

const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Closed set of error codes the hub returns.',
  values: {
    UNAUTHENTICATED: { description: 'The caller is not identified.' },
    FORBIDDEN: { description: 'The caller may not do this.' },
    NOT_FOUND: { description: 'No such record (or none the caller may see).' },
    BAD_USER_INPUT: { description: 'The input was refused; see the message and inputErrors.' },
    UPSTREAM_UNAVAILABLE: { description: 'An agency source or subgraph could not be reached.' },
    SERVICE_UNAVAILABLE: { description: 'The database could not answer in time; nothing was changed or read; retry after the seconds in Retry-After.' },
  } satisfies Record<ErrorCode, { description: string }>,
});

const InputErrorType = builder.objectRef<InputError>('InputError').implement({
  description: 'A problem with one input field.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the input field, e.g. "reason".' }),
    reason: t.exposeString('reason', { description: 'Why the value was refused.' }),
  }),
});

const MutationErrorType = builder
  .objectRef<{ code: ErrorCode; message: string }>('MutationError')
  .implement({
    description: 'Why a mutation did not change anything.',
    fields: (t) => ({
      code: t.field({ type: ErrorCodeEnum, description: 'Error code.', resolve: (e) => e.code }),
      message: t.exposeString('message', { description: 'Human-readable explanation naming the field and the reason.' }),
    }),
  });

/**
 * Declares `<Name>Payload { ok error inputErrors <field> }` for a mutation
 * whose success value is an object of `resultType`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos refs carry builder-specific type parameters
export function payloadType<T>(name: string, field: string, resultType: ObjectRef<any, T>, description: string) {
  return builder.objectRef<Outcome<T>>(name).implement({
    description,
    fields: (t) => ({
      ok: t.boolean({ description: 'True when the change was made.', resolve: (o) => o.ok }),
      error: t.field({
        type: MutationErrorType,
        nullable: true,
        description: 'Why nothing was changed; null on success.',
        resolve: (o) => (o.ok ? null : { code: o.code, message: o.message }),
      }),
      inputErrors: t.field({
        type: [InputErrorType],
        description: 'Every invalid input field; empty on success.',
        resolve: (o) => (o.ok ? [] : o.inputErrors),
      }),
      [field]: t.field({
        type: resultType,
        nullable: true,
        description: 'The changed record; null when nothing was changed.',
        resolve: (o) => (o.ok ? o.value : null) as never,
      }),
    }),
  });
}

/** A write refused by a unique index: another request made the same record meanwhile. */
export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

/** Thrown inside a transaction to roll it back and answer with `outcome`. */
export class RollbackWith<T> extends Error {
  constructor(readonly outcome: Outcome<T>) {
    super('rolled back');
  }
}

/**
 * Runs one mutation as one transaction together with its audit entry, which
 * names the persons and records the write touched: both commit, or neither
 * does (a failed audit append undoes the write). A RollbackWith undoes the
 * work and becomes the answer; a refused write leaves no WRITE entry (the
 * request is recorded as REFUSED after it ends).
 */
export async function inTransaction<T>(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  work: (tx: TransactionClient) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  try {
    const outcome = await prisma().$transaction(async (tx) => {
      const result = await work(tx);
      if (result.ok) await appendAuditEntry(writeEntry(ctx, info, result.subjects, result.unchanged ? 'READ' : 'WRITE'), tx);
      return result;
    });
    if (outcome.ok) ctx.accessLog.writeAudited = true;
    return outcome;
  } catch (error) {
    if (error instanceof RollbackWith) return error.outcome as Outcome<T>;
    throw error;
  }
}

function writeEntry(ctx: HubContext, info: GraphQLResolveInfo, subjects: WriteSubjects, kind: 'READ' | 'WRITE'): AuditContent {
  // As for reads, the operation is the client's operation name, or its root fields when anonymous.
  return auditEntryFor(ctx, operationNameOf(info.operation), kind, {
    persons: subjects.persons,
    records: subjects.records.map((r) => `${r.type}:${r.id}`),
  });
}
