// The connectors' shared bookkeeping (schema `sync`): the cursor each sync
// resumes from, the quarantine of records it could not take in, and runs.
import type { Prisma } from '../../src/generated/prisma/client.ts';

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

export async function quarantine(tx: Tx, connector: string, sourceKey: string, raw: unknown, reason: string): Promise<void> {
  await tx.quarantinedRecord.upsert({
    where: { connector_sourceKey: { connector, sourceKey } },
    create: { connector, sourceKey, raw: raw as Prisma.InputJsonValue, reason },
    update: { raw: raw as Prisma.InputJsonValue, reason, lastSeenAt: new Date() },
  });
}

/** A record taken in after a correction at the source leaves quarantine. */
export async function release(tx: Tx, connector: string, sourceKeys: string[]): Promise<void> {
  if (sourceKeys.length) await tx.quarantinedRecord.deleteMany({ where: { connector, sourceKey: { in: sourceKeys } } });
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
 * are counted, records taken in leave quarantine.
 */
export async function settleBatch(tx: Tx, connector: string, counts: SyncCounts, problems: Problem[], takenKeys: string[]): Promise<void> {
  for (const problem of problems) await quarantine(tx, connector, problem.sourceKey, problem.raw, problem.reason);
  counts.quarantined += problems.length;
  await release(tx, connector, takenKeys);
}
