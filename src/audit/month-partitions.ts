// Keeps a partition of audit.entry ready for this month and the next. The
// work is in SQL (audit.add_month_partitions, migration
// 20261204000500_audit_partitions) so that the migration, the hub, retention
// and an operator with psql share one implementation and one lock; here the
// hub only decides when to call it: once per process and calendar month
// (UTC), when the first entry of the month is appended — not a statement per
// append, and never in an append's way (the writer does not wait for it).
// Creating next month's partition a month ahead means the month boundary
// itself needs no DDL. If the call fails or cannot get its lock quickly,
// nothing is lost: entries of a month without a partition go to the DEFAULT
// partition, and adding the month later moves them into it.
import pg from 'pg';
import { prismaConnection } from '../db/prisma.ts';

/** Creating a partition locks audit.entry; appends queue behind a waiting lock, so it gives up soon and tries again later. */
const LOCK_TIMEOUT_MS = 1_000;
const RETRY_AFTER_MS = 60_000;

let ensured: { url: string; month: string } | undefined;
let failed: { url: string; until: number } | undefined;
let running: { key: string; done: Promise<void> } | undefined;

/** The UTC month of `at`, "YYYY-MM". */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/**
 * Makes sure the partitions of this month and the next exist, once per
 * process and month for the connected database (calls meanwhile share the
 * one under way). Never throws: a failure is logged and retried a minute
 * later, while DEFAULT takes the entries.
 */
export async function ensureMonthPartitions(now = new Date()): Promise<void> {
  let connection: ReturnType<typeof prismaConnection>;
  try {
    connection = prismaConnection();
  } catch {
    return; // Not connected: the append itself says so.
  }
  const { url, timeouts } = connection;
  const month = monthOf(now);
  const key = `${month} ${url}`;
  // One call at a time: another month's (or database's) runs to its end first.
  while (running && running.key !== key) await running.done;
  if (ensured?.url === url && ensured.month === month) return;
  if (failed?.url === url && Date.now() < failed.until) return;
  if (!running) {
    const done = addMonthPartitions(url, now, timeouts?.poolWaitMs ?? 5_000).then(
      () => {
        ensured = { url, month };
        failed = undefined;
      },
      (error: unknown) => {
        failed = { url, until: Date.now() + RETRY_AFTER_MS };
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(`Audit trail: could not add the partitions of ${month} and the next month (retried in a minute; entries go to the DEFAULT partition meanwhile): ${reason}\n`);
      },
    );
    const current = { key, done };
    running = current;
    void done.finally(() => {
      if (running === current) running = undefined;
    });
  }
  await running.done;
}

/**
 * One statement on a connection of its own, closed after it: it is not one of
 * the statements of the batch that triggered it, and holds no pooled
 * connection a request needs.
 */
async function addMonthPartitions(url: string, now: Date, connectMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectMs, lock_timeout: LOCK_TIMEOUT_MS, statement_timeout: 30_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT audit.add_month_partitions(ARRAY[$1::timestamptz, audit.add_months($1::timestamptz, 1)])', [now]);
  } finally {
    await client.end().catch(() => undefined);
  }
}
