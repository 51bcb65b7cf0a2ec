// One attempt at a connector's sync, recorded in sync.attempt whoever starts
// it (the job queue, `npm run sync`, the first start), and never two of the
// same connector at once: an advisory lock per connector, held on a connection
// of its own for the length of the sync, so the CLI and the job queue of any
// replica exclude each other (graphile-worker's queue already serialises the
// scheduled runs among themselves).
import pg from 'pg';
import type { ConnectorDefinition } from '../../connectors/registry.ts';
import type { SyncCounts } from '../../connectors/kit/sync-store.ts';
import { prisma, withBatchConnection } from '../db/prisma.ts';
import { causeOf, redact } from '../server/format-error.ts';
import { syncCursorOf } from './sync-cursor.ts';
import { syncDurationSeconds, syncRunsTotal } from './metrics.ts';

export type SyncTrigger = 'schedule' | 'cli' | 'first-start';

export interface AttemptOptions {
  trigger: SyncTrigger;
  /** When the job queue meant the run to start (schedule only). */
  scheduledFor?: Date;
  /** The job queue's attempt number: 2 and up are retries after a failure. */
  attempt?: number;
  onProgress?: (counts: SyncCounts, expected: number) => void;
}

export type AttemptResult =
  | { outcome: 'succeeded'; attemptId: bigint; counts: SyncCounts }
  | { outcome: 'failed'; attemptId: bigint; error: string }
  /** Another sync of the same connector holds the lock: nothing was done or recorded. */
  | { outcome: 'busy' };

/**
 * One line for an error, without a stack: the message's lines joined (Prisma
 * puts the database's words after its own headline), personal patterns
 * redacted, at most 400 characters. Source errors name the source and what to do.
 */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const line = redact(causeOf(text))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Invalid `.*` invocation:?$/.test(l))
    .join(' ');
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}

/**
 * The error as syncStatus shows it to the owning unit's staff: where a source
 * lives (URLs, hosts and ports) is the operators' business, not theirs; the
 * operator has the setting that names it.
 */
export function withoutAddresses(line: string): string {
  return line
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s)]+/gi, '[address]')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '[address]')
    .replace(/\blocalhost(?::\d+)?\b/gi, '[address]');
}

/** Holds the connector's sync lock on its own connection; null when another holder has it. */
async function takeSyncLock(databaseUrl: string, connector: string): Promise<{ release(): Promise<void> } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ taken: boolean }>("SELECT pg_try_advisory_lock(hashtext('hub-connector-sync'), hashtext($1)) AS taken", [connector]);
    if (!rows[0]?.taken) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  // Ending the session releases the lock, also when the unlock itself cannot run.
  return { release: () => client.end() };
}

export async function runRecordedSync(connector: ConnectorDefinition, databaseUrl: string, options: AttemptOptions): Promise<AttemptResult> {
  const lock = await takeSyncLock(databaseUrl, connector.name);
  if (!lock) return { outcome: 'busy' };
  const started = new Date();
  try {
    const [row] = await prisma().$queryRaw<{ id: bigint }[]>`
      INSERT INTO sync.attempt (connector, trigger, scheduled_for, attempt, started_at)
      VALUES (${connector.name}, ${options.trigger}, ${options.scheduledFor ?? null}, ${options.attempt ?? 1}, ${started})
      RETURNING id`;
    const attemptId = row!.id;
    let counts: SyncCounts;
    try {
      await refuseUnpublishedIndex();
      // On connections of its own without the request bounds: a sync is batch work (prisma.ts).
      counts = await withBatchConnection(() => connector.sync(databaseUrl, options.onProgress));
    } catch (error) {
      const message = withoutAddresses(oneLine(error));
      await prisma().$executeRaw`
        UPDATE sync.attempt SET outcome = 'failed', finished_at = now(), error = ${message}, cursor = ${await syncCursorOf(connector.name)}
        WHERE id = ${attemptId}`;
      observe(connector.name, 'failed', started);
      return { outcome: 'failed', attemptId, error: message };
    }
    await prisma().$executeRaw`
      UPDATE sync.attempt SET outcome = 'succeeded', finished_at = now(), read = ${counts.read}, inserted = ${counts.inserted},
        updated = ${counts.updated}, unchanged = ${counts.unchanged}, merged = ${counts.merged}, quarantined = ${counts.quarantined},
        cursor = ${await syncCursorOf(connector.name)}
      WHERE id = ${attemptId}`;
    observe(connector.name, 'succeeded', started);
    return { outcome: 'succeeded', attemptId, counts };
  } finally {
    await lock.release();
  }
}

/**
 * On a connector's own database, linking reads the index core published
 * there: before the first publication it would hold every record as a new
 * person. Such a sync fails (recorded, retried like any failure) instead of
 * running. In the hub's database published.person is a live view: nothing to wait for.
 */
async function refuseUnpublishedIndex(): Promise<void> {
  const [layout] = await prisma().$queryRaw<{ own: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'published' AND c.relname = 'person' AND c.relkind = 'r') AS own`;
  if (!layout?.own) return;
  const published = await prisma().$queryRaw<unknown[]>`SELECT 1 FROM published.publication`;
  if (published.length === 0) {
    throw new Error('No person index has been published into this database yet: the hub publishes it when HUB_PERSON_INDEX_TARGETS names this connector (or run `npm run publish:person-index -- --to <this database>` from the hub)');
  }
}

function observe(connector: string, outcome: 'succeeded' | 'failed', started: Date): void {
  syncRunsTotal.inc({ connector, outcome });
  syncDurationSeconds.observe({ connector }, (Date.now() - started.getTime()) / 1000);
}

/** Notes, on the attempt, when the job queue will run the connector next. */
export async function recordNextRun(attemptId: bigint, nextRunAt: Date): Promise<void> {
  await prisma().$executeRaw`UPDATE sync.attempt SET next_run_at = ${nextRunAt} WHERE id = ${attemptId}`;
}
