// The connectors' shared bookkeeping (schema `sync`): the cursor each sync
// resumes from, the quarantine of records it could not take in, and runs.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { storableJson, storableKey, storableReason } from './storable.ts';

type Tx = Prisma.TransactionClient;

export async function readCursor(tx: Tx, connector: string): Promise<string | null> {
  return (await tx.syncCursor.findUnique({ where: { connector } }))?.position ?? null;
}

export async function writeCursor(tx: Tx, connector: string, position: string): Promise<void> {
  await tx.syncCursor.upsert({
    where: { connector },
    create: { connector, position },
    update: { position, updatedAt: new Date() },
  });
}

export interface SyncCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  merged: number;
  quarantined: number;
}

export function emptyCounts(): SyncCounts {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 };
}

export function addCounts(total: SyncCounts, batch: SyncCounts): void {
  for (const key of Object.keys(total) as (keyof SyncCounts)[]) total[key] += batch[key];
}

export interface Problem {
  sourceKey: string;
  raw: unknown;
  reason: string;
}

/**
 * The end of every batch, in its transaction: problems go to quarantine and
 * are counted, records taken in leave quarantine. Keys, raw forms and reasons
 * are made storable first (storable.ts): whatever a source sent, quarantining
 * it cannot fail the batch.
 */
export async function settleBatch(tx: Tx, connector: string, counts: SyncCounts, problems: Problem[], takenKeys: string[]): Promise<void> {
  // One statement for the whole batch (a city-wide export quarantines thousands); a key repeated in the batch keeps its last row.
  const latest = [...new Map(problems.map((p) => [storableKey(p.sourceKey), p])).entries()];
  if (latest.length > 0) {
    await tx.$executeRaw`
      INSERT INTO sync.quarantine AS q (connector, source_key, raw, reason)
      SELECT ${connector}, key, raw, reason
      FROM unnest(${latest.map(([key]) => key)}::text[], ${latest.map(([, p]) => storableJson(p.raw))}::jsonb[], ${latest.map(([, p]) => storableReason(p.reason))}::text[]) AS t(key, raw, reason)
      ON CONFLICT (connector, source_key) DO UPDATE SET raw = EXCLUDED.raw, reason = EXCLUDED.reason, last_seen_at = CURRENT_TIMESTAMP`;
  }
  counts.quarantined += problems.length;
  if (takenKeys.length > 0) await tx.$executeRaw`DELETE FROM sync.quarantine WHERE connector = ${connector} AND source_key = ANY(${takenKeys.map(storableKey)}::text[])`;
}

/**
 * Quarantine rows under `prefix` that are not among `current` leave: what a
 * source reported about a part of itself (a file's unreadable lines) is stale
 * once that part is read again.
 */
export async function clearStaleQuarantine(tx: Tx, connector: string, prefix: string, current: string[]): Promise<void> {
  await tx.$executeRaw`DELETE FROM sync.quarantine WHERE connector = ${connector} AND starts_with(source_key, ${prefix})
    AND NOT (source_key = ANY(${current.map(storableKey)}::text[]))`;
}
