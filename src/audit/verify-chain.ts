// Checks the audit trail: the retention checkpoints (each signed, numbered
// without a gap, each going on where the one before ended), then every
// retained entry in id order from the newest checkpoint on (each hash covers
// its content and the previous hash; the first retained entry must be chained
// to the checkpoint's last hash), then the signed head (the newest entry, its
// hash and the number of entries, under the audit key), then any checkpoints
// kept outside the database (signed heads). Reports the first break, naming
// the entry or checkpoint and what is wrong with it.
import pg from 'pg';
import { auditKey } from './audit-key.ts';
import { TRAIL_START, walkChain, type Break, type Visit, type Walked, type WalkStart } from './chain-walk.ts';
import { isEmptyTrail, isSigned, signatureValid, signHead, type AuditHead, type SignedHead } from './head.ts';
import { checkpointsProblem, readCheckpoints, type RetentionCheckpoint } from './retention-checkpoint.ts';

export type ChainReport =
  | {
      ok: true;
      /** Entries verified: the retained ones. */
      entries: number;
      head: AuditHead;
      /** First and last retained entry (null when none is retained). */
      firstId: string | null;
      lastId: string | null;
      /** The newest retention checkpoint, under which every earlier entry was removed; null when none was. */
      checkpoint: RetentionCheckpoint | null;
      /** Checkpoints of the given file that lie in the removed part: the retention checkpoint vouches for them now. */
      checkpointsRemoved: number;
    }
  | { ok: false; entries: number; entryId: string; problem: string; /** Set when the break is in a retention checkpoint. */ checkpoint?: number };

export interface VerifyOptions {
  /** The audit key; auditKey() unless given. */
  key?: Buffer;
  /** Signed heads kept outside the database: each must still be part of the trail (or of its removed part). */
  checkpoints?: SignedHead[];
}

/** Signing over a signed head would let anyone who can run this with the key launder a restored or forged head. */
export class HeadAlreadySigned extends Error {
  constructor() {
    super('The audit head is signed already; --sign-head only signs the head of a trail written before signed heads');
  }
}

/**
 * Everything is read in one snapshot, so entries the hub appends meanwhile
 * cannot look like tampering. The tables are locked (shared) before the
 * snapshot is taken: a retention run that dropped months and wrote their
 * checkpoint has committed by then, or waits until the check is done — a
 * snapshot from before its commit would see the checkpoint missing but the
 * dropped partitions already gone (DROP is not versioned like rows).
 */
export async function verifyAuditChain(databaseUrl: string, options: VerifyOptions = {}): Promise<ChainReport> {
  const key = options.key ?? auditKey();
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await client.query('LOCK TABLE audit.entry, audit.checkpoint IN ACCESS SHARE MODE');
      return await inspect(client, await readHead(client), key, options.checkpoints ?? [], true);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

/**
 * Signs a head nobody signed yet (a trail written before signed heads), once
 * the whole trail verifies up to it. Holds the head's lock meanwhile, so no
 * entry is appended between the check and the signature.
 */
export async function signUnsignedHead(databaseUrl: string, options: VerifyOptions = {}): Promise<ChainReport> {
  const key = options.key ?? auditKey();
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('LOCK TABLE audit.entry, audit.checkpoint IN ACCESS SHARE MODE');
      const head = await readHead(client, true);
      if (head && isSigned(head)) throw new HeadAlreadySigned();
      const report = await inspect(client, head, key, options.checkpoints ?? [], false);
      if (report.ok) {
        const signed = signHead(key, report.head);
        await client.query('UPDATE audit.head SET signed_at = $1, signature = $2 WHERE id = 1', [signed.signedAt, signed.signature]);
        report.head = signed;
      }
      await client.query('COMMIT');
      return report;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}

export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function readHead(client: pg.Client, forUpdate = false): Promise<AuditHead | null> {
  const { rows } = await client.query(
    `SELECT last_id::text AS last_id, last_hash, entries::text AS entries, signed_at, signature FROM audit.head WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  const row = rows[0];
  if (!row) return null;
  return { lastId: row.last_id, lastHash: row.last_hash, entries: Number(row.entries), signedAt: row.signed_at, signature: row.signature };
}

/** Where the retained trail starts: the newest retention checkpoint, or the start of the trail. */
export function startAfter(checkpoint: RetentionCheckpoint | null): WalkStart {
  return checkpoint ? { id: checkpoint.lastId, hash: checkpoint.lastHash, count: checkpoint.entries, checkpoint: checkpoint.number } : TRAIL_START;
}

async function inspect(client: pg.Client, head: AuditHead | null, key: Buffer, checkpoints: SignedHead[], requireSignature: boolean): Promise<ChainReport> {
  for (const [i, checkpoint] of checkpoints.entries()) {
    if (!signatureValid(key, checkpoint)) {
      throw new Error(`Checkpoint ${i + 1} (of ${checkpoint.signedAt.toISOString()}) does not verify with the audit key: it was edited, or it belongs to another trail or key`);
    }
  }
  const retention = await readCheckpoints(client);
  const badCheckpoint = checkpointsProblem(key, retention);
  if (badCheckpoint) {
    const at = retention.find((c) => c.number === badCheckpoint.number)!;
    return { ok: false, entries: 0, entryId: at.lastId, checkpoint: badCheckpoint.number, problem: badCheckpoint.problem };
  }
  const newest = retention.at(-1) ?? null;
  const start = startAfter(newest);
  if (newest) {
    const leftover = await entryAtOrBefore(client, newest.lastId);
    if (leftover) {
      return {
        ok: false, entries: 0, entryId: leftover,
        problem: `is at or before entry ${newest.lastId}, the last entry checkpoint ${newest.number} removed: it was put back or inserted after the removal`,
      };
    }
  }

  // File checkpoints in the removed part can only be held to the retention checkpoint that removed their entries.
  const pending: SignedHead[] = [];
  let checkpointsRemoved = 0;
  for (const checkpoint of [...checkpoints].sort((a, b) => compareIds(a.lastId, b.lastId))) {
    if (!newest || compareIds(checkpoint.lastId, newest.lastId) > 0) {
      pending.push(checkpoint);
      continue;
    }
    const broken = removedCheckpointBreak(checkpoint, newest);
    if (broken) return { ok: false, entries: 0, entryId: broken.entryId, problem: broken.problem };
    checkpointsRemoved++;
  }

  let headSeen: { hash: string; count: number } | null = newest && head?.lastId === newest.lastId ? { hash: newest.lastHash, count: newest.entries } : null;
  let afterHead: string | null = null;
  const visit: Visit = (id, hash, count) => {
    while (pending.length > 0 && compareIds(pending[0]!.lastId, id) <= 0) {
      const checkpoint = pending.shift()!;
      const broken = checkpointBreak(checkpoint, checkpoint.lastId === id ? { id, hash, count } : null);
      if (broken) return broken;
    }
    if (head && id === head.lastId) headSeen = { hash, count };
    if (head && afterHead === null && compareIds(id, head.lastId) > 0) afterHead = id;
    return null;
  };
  const walked = await walkChain(client, start, visit);
  if (walked.broken) {
    const { entryId, problem, sound } = walked.broken;
    return { ok: false, entries: sound ?? walked.verified, entryId, problem };
  }

  const endId = walked.lastId ?? newest?.lastId ?? '0';
  const fail = (entryId: string, problem: string): ChainReport => ({ ok: false, entries: walked.verified, entryId, problem });
  const checked = `${walked.entries} entries`;
  if (!head) return fail(endId, 'the head of the trail (audit.head) is missing: it was deleted');
  if (requireSignature && !isEmptyTrail(head)) {
    if (!isSigned(head)) {
      return fail(head.lastId, 'the head of the trail is not signed: it was written before signed heads (check the trail, then sign it once with --sign-head), or its signature was removed');
    }
    if (!signatureValid(key, head)) {
      return fail(head.lastId, 'the signature of the head of the trail does not verify with the audit key: the head was altered (or HUB_AUDIT_KEY is not the key of the hub that wrote it)');
    }
  }
  if (newest && (compareIds(head.lastId, newest.lastId) < 0 || head.entries < newest.headEntries)) {
    return fail(
      head.lastId,
      `is the newest entry the head records (${head.entries} entries), but the head counted ${newest.headEntries} when checkpoint ${newest.number} ` +
        `removed entries up to entry ${newest.lastId}: entries were deleted and an older head was put back`,
    );
  }
  if (afterHead !== null) {
    const covered = head.lastId === '0' ? 'the head records an empty trail' : `entry ${head.lastId} is the newest entry the signed head records`;
    return fail(afterHead, `was added after the head of the trail (${covered}): entries were written outside the hub`);
  }
  const seen = headSeen as { hash: string; count: number } | null;
  if (!seen && head.lastId !== '0') {
    const holds = walked.verified === 0 && !newest ? 'the trail is empty' : `the trail ends at entry ${endId} (${checked})`;
    return fail(head.lastId, `is missing: the signed head records the trail up to entry ${head.lastId} (${head.entries} entries), but ${holds}: the newest entries were deleted`);
  }
  if (seen && seen.hash !== head.lastHash) {
    return fail(head.lastId, 'its hash is not the one the signed head records: this entry (or entries before it) was rewritten and the chain recomputed');
  }
  if ((seen?.count ?? 0) !== head.entries) {
    return fail(head.lastId, `the trail up to this entry holds ${seen?.count ?? 0} entries, the signed head records ${head.entries}: entries were deleted or inserted and the chain recomputed`);
  }
  for (const checkpoint of pending) {
    const broken = checkpointBreak(checkpoint, null, walked);
    if (broken) return fail(broken.entryId, broken.problem);
  }
  return { ok: true, entries: walked.verified, head, firstId: walked.firstId, lastId: walked.lastId, checkpoint: newest, checkpointsRemoved };
}

/** The smallest id at or before `lastId` still in the table, if any. */
async function entryAtOrBefore(client: pg.Client, lastId: string): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>('SELECT e.id::text AS id FROM audit.entry e WHERE e.id <= $1::bigint ORDER BY e.id LIMIT 1', [lastId]);
  return rows[0]?.id ?? null;
}

/** A file checkpoint whose entries were removed: it must agree with the retention checkpoint that removed them. */
function removedCheckpointBreak(checkpoint: SignedHead, removal: RetentionCheckpoint): Break | null {
  const of = `the checkpoint of ${checkpoint.signedAt.toISOString()}`;
  const same = checkpoint.lastId === removal.lastId;
  if ((same && (checkpoint.lastHash !== removal.lastHash || checkpoint.entries !== removal.entries)) || (!same && checkpoint.entries >= removal.entries)) {
    return {
      entryId: checkpoint.lastId,
      problem: `was removed under checkpoint ${removal.number} (entries up to ${removal.lastId}, ${removal.entries} entries), which does not agree with ${of} (${checkpoint.entries} entries): the trail was rewritten before its removal`,
    };
  }
  return null;
}

function checkpointBreak(checkpoint: SignedHead, found: { id: string; hash: string; count: number } | null, end?: Walked): Break | null {
  const of = `the checkpoint of ${checkpoint.signedAt.toISOString()}`;
  if (!found) {
    const holds = !end ? 'it is not in the trail' : end.entries === 0 ? 'the trail is empty' : `the trail ends at entry ${end.lastId} (${end.entries} entries)`;
    return { entryId: checkpoint.lastId, problem: `is missing: ${of} records the trail up to it (${checkpoint.entries} entries), but ${holds}: entries were deleted` };
  }
  if (found.hash !== checkpoint.lastHash) {
    return { entryId: found.id, problem: `its hash is not the one ${of} records: this entry (or entries before it) was rewritten and the chain recomputed` };
  }
  if (found.count !== checkpoint.entries) {
    return { entryId: found.id, problem: `the trail up to this entry holds ${found.count} entries, ${of} records ${checkpoint.entries}: entries were deleted or inserted and the chain recomputed` };
  }
  return null;
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
