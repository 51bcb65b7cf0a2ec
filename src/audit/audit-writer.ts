// Writes one audit entry per person-level read, write or refused write,
// before the response leaves. Appends are put in order by the lock on the
// chain's signed head (audit.head). Entries of reads are group-committed:
// those that arrive while a batch is being written go together into the next
// one, two statements per batch (lock the head and draw the ids; insert the
// entries and sign the new head), so the chain does not cap throughput. A
// write's entry goes into the write's own transaction instead. audit.entry is
// partitioned by month: an entry lands in its month's partition, or in the
// DEFAULT one when its month has none (src/audit/month-partitions.ts).
import { GraphQLError, type DefinitionNode } from 'graphql';
import { prisma } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { HubContext } from '../graph/context.ts';
import { auditKey } from './audit-key.ts';
import { entryHash, type AuditContent } from './chain.ts';
import { GroupCommit } from './group-commit.ts';
import { isEmptyTrail, isSigned, signatureValid, signHead, type AuditHead } from './head.ts';
import { ensureMonthPartitions } from './month-partitions.ts';
import { auditAppends } from '../ops/metrics.ts';

type LockedHead = { last_id: string; last_hash: string; entries: bigint; signed_at: Date | null; signature: string | null; next_ids: string[] };

/** The most entries in one batch: one INSERT of this many rows stays well under a second. */
const MAX_BATCH = 500;

/** How long a batch may wait for a pooled connection and then run, before its requests are refused. */
const BATCH_TRANSACTION = { maxWait: 5_000, timeout: 10_000 };

const readEntries = new GroupCommit<AuditContent>((contents) => prisma().$transaction((tx) => appendEntries(tx, contents), BATCH_TRANSACTION), MAX_BATCH);

/**
 * Appends one entry to the chain. Given `tx`, the entry is written inside that
 * transaction — a write's own — so the change and its entry commit together
 * or not at all; otherwise it joins the next group commit and resolves once
 * that has committed.
 */
export async function appendAuditEntry(content: AuditContent, tx?: Prisma.TransactionClient): Promise<void> {
  // Not awaited, and on a connection of its own: a no-op except once per process and month, and no entry waits for
  // it (one whose month has no partition yet goes to DEFAULT).
  void ensureMonthPartitions();
  if (tx) await appendEntries(tx, [content]);
  else await readEntries.add(content);
  auditAppends.inc();
}

/** Appends `contents`, in this order, to the chain inside the transaction `client`. */
async function appendEntries(client: Prisma.TransactionClient, contents: AuditContent[]): Promise<void> {
  const key = auditKey();
  // The ids are drawn only once the head is locked, so ids grow in the order entries join the chain.
  const [locked] = await client.$queryRaw<LockedHead[]>`
    WITH head AS MATERIALIZED (SELECT last_id, last_hash, entries, signed_at, signature FROM audit.head WHERE id = 1 FOR UPDATE)
    SELECT last_id::text AS last_id, last_hash, entries, signed_at, signature,
           ARRAY(SELECT nextval('audit.entry_id_seq')::text FROM generate_series(1, ${contents.length}::int)) AS next_ids
    FROM head`;
  if (!locked) throw new Error('The audit head (audit.head) is missing: the trail was tampered with; run `npm run audit:verify`');
  const head: AuditHead = { lastId: locked.last_id, lastHash: locked.last_hash, entries: Number(locked.entries), signedAt: locked.signed_at, signature: locked.signature };
  refuseUnvouchedHead(key, head);
  const ids = [...locked.next_ids].sort((a, b) => Number(BigInt(a) - BigInt(b)));
  let prevHash = head.lastHash;
  const rows = contents.map((content, i) => {
    const hash = entryHash(prevHash, content);
    const row = { id: ids[i], ...rowOf(content), prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
  const next = signHead(key, { lastId: ids[ids.length - 1]!, lastHash: prevHash, entries: head.entries + contents.length });
  // One statement inserts the batch and signs the new head.
  await client.$executeRaw`
    WITH inserted AS (
      INSERT INTO audit.entry (id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
                               masked_fields, denied_fields, records, break_glass, prev_hash, hash)
      SELECT id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
             masked_fields, denied_fields, records, break_glass, prev_hash, hash
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(
        id bigint, at timestamptz, request_id text, sub text, unit text, org int, purpose text, operation text, kind text,
        person_ids int[], returned_fields text[], masked_fields text[], denied_fields text[], records text[],
        break_glass boolean, prev_hash text, hash text)
      ORDER BY id
    )
    UPDATE audit.head SET last_id = ${next.lastId}::bigint, last_hash = ${next.lastHash}, entries = ${next.entries}::bigint,
                          signed_at = ${next.signedAt}::timestamptz, signature = ${next.signature}
    WHERE id = 1`;
}

function rowOf(content: AuditContent) {
  return {
    at: content.at.toISOString(),
    request_id: content.requestId,
    sub: content.sub,
    unit: content.unit,
    org: content.org,
    purpose: content.purpose,
    operation: content.operation,
    kind: content.kind,
    person_ids: content.personIds,
    returned_fields: content.returnedFields,
    masked_fields: content.maskedFields,
    denied_fields: content.deniedFields,
    records: content.records,
    break_glass: content.breakGlass,
  };
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
  // A mutation sent to a subgraph elsewhere is recorded there, written or refused.
  const refusedWrite = operation.isMutation && !ctx.accessLog.writeAudited && !ctx.accessLog.answeredElsewhere;
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
