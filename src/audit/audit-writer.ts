// Writes one audit entry per person-level read, write or refused write,
// before the response leaves. Appends are put in order by the lock on the
// chain's signed head (audit.head): two statements per entry, one reading and
// locking the head, one inserting the entry and signing the new head.
import { GraphQLError, type DefinitionNode } from 'graphql';
import { prisma } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { HubContext } from '../graph/context.ts';
import { auditKey } from './audit-key.ts';
import { entryHash, type AuditContent } from './chain.ts';
import { isEmptyTrail, isSigned, signatureValid, signHead, type AuditHead } from './head.ts';

type LockedHead = { last_id: string; last_hash: string; entries: bigint; signed_at: Date | null; signature: string | null; next_id: string };

/**
 * Appends one entry to the chain. Given `tx`, the entry is written inside that
 * transaction — a write's own — so the change and its entry commit together
 * or not at all; otherwise in a transaction of its own.
 */
export async function appendAuditEntry(content: AuditContent, tx?: Prisma.TransactionClient): Promise<void> {
  const key = auditKey();
  const append = async (client: Prisma.TransactionClient) => {
    // The id is drawn only once the head is locked, so ids grow in the order entries join the chain.
    const [locked] = await client.$queryRaw<LockedHead[]>`
      WITH head AS MATERIALIZED (SELECT last_id, last_hash, entries, signed_at, signature FROM audit.head WHERE id = 1 FOR UPDATE)
      SELECT last_id::text AS last_id, last_hash, entries, signed_at, signature, nextval('audit.entry_id_seq')::text AS next_id FROM head`;
    if (!locked) throw new Error('The audit head (audit.head) is missing: the trail was tampered with; run `npm run audit:verify`');
    const head: AuditHead = { lastId: locked.last_id, lastHash: locked.last_hash, entries: Number(locked.entries), signedAt: locked.signed_at, signature: locked.signature };
    refuseUnvouchedHead(key, head);
    const hash = entryHash(head.lastHash, content);
    const next = signHead(key, { lastId: locked.next_id, lastHash: hash, entries: head.entries + 1 });
    await client.$executeRaw`
      WITH entry AS (
        INSERT INTO audit.entry (id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
                                 masked_fields, denied_fields, records, break_glass, prev_hash, hash)
        VALUES (${next.lastId}::bigint, ${content.at}::timestamptz, ${content.requestId}, ${content.sub}, ${content.unit}, ${content.org}::int,
                ${content.purpose}, ${content.operation}, ${content.kind}, ${content.personIds}::int[], ${content.returnedFields}::text[],
                ${content.maskedFields}::text[], ${content.deniedFields}::text[], ${content.records}::text[], ${content.breakGlass},
                ${head.lastHash}, ${hash})
      )
      UPDATE audit.head SET last_id = ${next.lastId}::bigint, last_hash = ${hash}, entries = ${next.entries}::bigint,
                            signed_at = ${next.signedAt}::timestamptz, signature = ${next.signature}
      WHERE id = 1`;
  };
  if (tx) await append(tx);
  else await prisma().$transaction(append);
}

/**
 * Extending a head nobody signed would sign it, and with it whatever was
 * deleted or rewritten before. Only the empty trail's head needs no
 * signature; outside production a development database's head from before
 * signed heads is adopted too (production signs it once with
 * `npm run audit:verify -- --sign-head`).
 */
function refuseUnvouchedHead(key: Buffer, head: AuditHead): void {
  if (isSigned(head)) {
    if (signatureValid(key, head)) return;
    throw new Error(
      'The audit head signature does not verify with HUB_AUDIT_KEY: the head was altered or the key is not this trail\'s; ' +
        'no entry is appended until `npm run audit:verify` is run and the cause found',
    );
  }
  if (isEmptyTrail(head) || process.env.NODE_ENV !== 'production') return;
  throw new Error('The audit head is not signed: check the trail and sign its head once with `npm run audit:verify -- --sign-head`');
}

/**
 * The entry of one request. Without `subjects` it names what the request read
 * (its access log); a write names the persons and records it changed.
 */
export function auditEntryFor(
  ctx: HubContext,
  operation: string | null,
  kind: AuditContent['kind'],
  subjects?: { persons: Iterable<number>; records: Iterable<string> },
): AuditContent {
  const log = ctx.accessLog;
  return {
    at: new Date(),
    requestId: ctx.requestId,
    sub: ctx.viewer.workerId,
    unit: ctx.viewer.unit,
    org: ctx.viewer.org,
    purpose: ctx.viewer.purpose,
    operation: operation ?? '(anonymous)',
    kind,
    personIds: [...new Set(subjects?.persons ?? log.persons)],
    returnedFields: subjects ? [] : [...log.returned],
    maskedFields: subjects ? [] : [...log.masked],
    deniedFields: subjects ? [] : [...log.denied],
    records: [...new Set(subjects?.records ?? log.records)],
    breakGlass: log.breakGlass,
  };
}

/**
 * Records what the request read after it ran. A mutation that wrote recorded
 * its WRITE entry in its own transaction; here it adds a READ entry only when
 * its answer carried person-level data. A mutation that wrote nothing is
 * recorded as REFUSED: attempts are part of the trail. Other requests that
 * touched no person-level data leave nothing.
 */
export async function auditRequest(ctx: HubContext, operation: { name: string | null; isMutation: boolean }): Promise<void> {
  const refusedWrite = operation.isMutation && !ctx.accessLog.writeAudited;
  if (!refusedWrite && !ctx.accessLog.personLevel) return;
  await appendAuditEntry(auditEntryFor(ctx, operation.name, refusedWrite ? 'REFUSED' : 'READ'));
}

export function operationNameOf(operation: DefinitionNode | undefined): string | null {
  if (!operation || operation.kind !== 'OperationDefinition') return null;
  // The gateway names subgraph fetches <operation>__<subgraph>__<n>; record the client's name.
  if (operation.name) return operation.name.value.replace(/__\w+__\d+$/, '');
  // Anonymous operations are named by their root fields, which is what an auditor needs.
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  return `${operation.operation} { ${fields.join(' ')} }`;
}

/**
 * The answer when a request's audit entry cannot be written. The cause goes
 * into the message, which the client never sees (formatError masks it and
 * logs it, national IDs and long numbers redacted).
 */
export function auditFailure(cause?: unknown): GraphQLError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new GraphQLError(`The request was refused because its audit entry could not be written${reason}`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
