// Retention checkpoints (audit.checkpoint). Dropping old months of the trail
// removes the entries the rest of the chain is anchored to; the checkpoint,
// written in the same transaction before the drop, vouches for them instead:
// the last removed entry's id and hash and how many entries the trail held up
// to it, under an HMAC only the holder of the audit key can make. Without the
// key a checkpoint can be neither forged nor edited, so removing entries
// without one, or tampering with one, shows.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

export interface RetentionCheckpoint {
  /** 1, 2, 3… in the order they were written, with no gap. */
  number: number;
  /** First and last id of the entries this checkpoint removed. */
  firstId: string;
  lastId: string;
  /** Hash of the last removed entry: the first retained entry is chained to it. */
  lastHash: string;
  /** Entries the trail held up to and including lastId, counted as the head counts. */
  entries: number;
  /** Entries this checkpoint removed. */
  removed: number;
  /** Months whose entries were removed, "YYYY-MM" (UTC). */
  months: string[];
  /** Start of the window kept: entries before it (and before the first retained id) were removed. */
  keptFrom: Date;
  /** Entries the signed head counted when this checkpoint was written: a head put back from before counts fewer. */
  headEntries: number;
  createdAt: Date;
  signature: string;
}

export type UnsignedCheckpoint = Omit<RetentionCheckpoint, 'signature'>;

function canonical(c: UnsignedCheckpoint): string {
  return JSON.stringify([
    'audit-checkpoint-v1', c.number, c.firstId, c.lastId, c.lastHash, c.entries, c.removed, c.months, c.keptFrom.toISOString(), c.headEntries,
    c.createdAt.toISOString(),
  ]);
}

export function checkpointSignature(key: Buffer, checkpoint: UnsignedCheckpoint): string {
  return createHmac('sha256', key).update(canonical(checkpoint)).digest('hex');
}

export function signCheckpoint(key: Buffer, checkpoint: UnsignedCheckpoint): RetentionCheckpoint {
  return { ...checkpoint, signature: checkpointSignature(key, checkpoint) };
}

export function checkpointSignatureValid(key: Buffer, checkpoint: RetentionCheckpoint): boolean {
  if (!/^[0-9a-f]{64}$/.test(checkpoint.signature)) return false;
  return timingSafeEqual(Buffer.from(checkpoint.signature, 'hex'), Buffer.from(checkpointSignature(key, checkpoint), 'hex'));
}

interface CheckpointRow {
  id: number;
  first_id: string;
  last_id: string;
  last_hash: string;
  entries: string;
  removed: string;
  months: string[];
  kept_from: Date;
  head_entries: string;
  created_at: Date;
  signature: string;
}

/** Every checkpoint, oldest first. */
export async function readCheckpoints(client: pg.Client): Promise<RetentionCheckpoint[]> {
  const { rows } = await client.query<CheckpointRow>(
    `SELECT id, first_id::text AS first_id, last_id::text AS last_id, last_hash, entries::text AS entries, removed::text AS removed,
            months, kept_from, head_entries::text AS head_entries, created_at, signature
     FROM audit.checkpoint ORDER BY id`,
  );
  return rows.map((r) => ({
    number: r.id, firstId: r.first_id, lastId: r.last_id, lastHash: r.last_hash, entries: Number(r.entries), removed: Number(r.removed),
    months: r.months, keptFrom: r.kept_from, headEntries: Number(r.head_entries), createdAt: r.created_at, signature: r.signature,
  }));
}

export async function insertCheckpoint(client: pg.Client, c: RetentionCheckpoint): Promise<void> {
  await client.query(
    `INSERT INTO audit.checkpoint (id, first_id, last_id, last_hash, entries, removed, months, kept_from, head_entries, created_at, signature)
     VALUES ($1, $2::bigint, $3::bigint, $4, $5::bigint, $6::bigint, $7, $8, $9::bigint, $10, $11)`,
    [c.number, c.firstId, c.lastId, c.lastHash, c.entries, c.removed, c.months, c.keptFrom, c.headEntries, c.createdAt, c.signature],
  );
}

/**
 * What is wrong with the sequence of checkpoints, or null: each must verify
 * with the key, they are numbered 1, 2, 3… (a deleted one leaves a gap), and
 * each goes on where the one before it ended (ids and counts).
 */
export function checkpointsProblem(key: Buffer, checkpoints: RetentionCheckpoint[]): { number: number; problem: string } | null {
  let before: RetentionCheckpoint | null = null;
  for (const [i, c] of checkpoints.entries()) {
    const fail = (problem: string) => ({ number: c.number, problem });
    if (!checkpointSignatureValid(key, c)) {
      return fail('its signature does not verify with the audit key: the checkpoint was forged or edited (or HUB_AUDIT_KEY is not the key of the hub that wrote it)');
    }
    if (c.number !== i + 1) {
      return fail(`it is number ${c.number} but ${i === 0 ? 'no checkpoint comes before it' : `checkpoint ${before!.number} comes right before it`}: a checkpoint was deleted`);
    }
    const expectedFirst = before ? BigInt(before.lastId) + 1n : null;
    if (BigInt(c.lastId) < BigInt(c.firstId) || (expectedFirst !== null && BigInt(c.firstId) < expectedFirst)) {
      return fail(`its ids (${c.firstId}–${c.lastId}) overlap the ones it follows: the checkpoints do not describe one trail`);
    }
    if (c.entries !== (before?.entries ?? 0) + c.removed) {
      return fail(`it counts ${c.entries} entries up to entry ${c.lastId}, but ${before?.entries ?? 0} before it and ${c.removed} removed by it make ${(before?.entries ?? 0) + c.removed}`);
    }
    if (c.headEntries < c.entries || c.headEntries < (before?.headEntries ?? 0)) {
      return fail(`it says the head counted ${c.headEntries} entries when it was written, fewer than it removed or than the checkpoint before it saw`);
    }
    before = c;
  }
  return null;
}
