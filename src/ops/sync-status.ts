// What syncStatus reports per connector: the last attempt (src/ops/sync-attempt.ts),
// the next run the job queue holds, whether the connector's records read
// stale (the same rule and data as their `stale` field), and how many of its
// records wait in quarantine. Counts, times, a cursor timestamp or file name
// and a one-line error: nothing about any person.
import { CONNECTOR_CADENCES } from '../../connectors/cadences.ts';
import { isStale } from '../../connectors/kit/freshness.ts';
import { prisma } from '../db/prisma.ts';
import { syncJobKey } from './sync-schedule.ts';

export interface SyncRunView {
  trigger: string;
  attempt: number;
  outcome: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  read: number;
  inserted: number;
  updated: number;
  stored: number;
  quarantined: number;
  cursor: string | null;
  error: string | null;
}

export interface ConnectorSyncStatus {
  connector: string;
  lastRun: SyncRunView | null;
  lastSucceededAt: Date | null;
  nextRunAt: Date | null;
  stale: boolean;
  quarantined: number;
}

interface AttemptRow {
  connector: string;
  trigger: string;
  attempt: number;
  outcome: string;
  started_at: Date;
  finished_at: Date | null;
  read: number;
  inserted: number;
  updated: number;
  merged: number;
  quarantined: number;
  cursor: string | null;
  error: string | null;
}

export async function syncStatusOf(connectors: readonly string[], now = Date.now()): Promise<ConnectorSyncStatus[]> {
  if (connectors.length === 0) return [];
  const names = [...connectors];
  const [attempts, completed, queued, quarantine] = await Promise.all([
    prisma().$queryRaw<AttemptRow[]>`
      SELECT DISTINCT ON (connector) connector, trigger, attempt, outcome, started_at, finished_at, read, inserted, updated, merged, quarantined, cursor, error
      FROM sync.attempt WHERE connector = ANY(${names}::text[]) ORDER BY connector, started_at DESC, id DESC`,
    prisma().$queryRaw<{ connector: string; at: Date }[]>`
      SELECT connector, max(finished_at) AS at FROM sync.run WHERE connector = ANY(${names}::text[]) AND finished_at IS NOT NULL GROUP BY connector`,
    prisma().$queryRaw<{ key: string; run_at: Date }[]>`
      SELECT key, run_at FROM graphile_worker.jobs WHERE key = ANY(${names.map(syncJobKey)}::text[]) AND attempts < max_attempts`,
    prisma().$queryRaw<{ connector: string; n: number }[]>`
      SELECT connector, count(*)::int AS n FROM sync.quarantine WHERE connector = ANY(${names}::text[]) GROUP BY connector`,
  ]);
  const lastAttempt = new Map(attempts.map((a) => [a.connector, a]));
  const lastCompleted = new Map(completed.map((c) => [c.connector, c.at]));
  const nextRun = new Map(queued.map((q) => [q.key, q.run_at]));
  const quarantined = new Map(quarantine.map((q) => [q.connector, q.n]));
  return names.map((connector) => {
    const a = lastAttempt.get(connector);
    const succeededAt = lastCompleted.get(connector) ?? null;
    return {
      connector,
      lastRun: a
        ? {
            trigger: a.trigger,
            attempt: a.attempt,
            outcome: a.outcome,
            startedAt: a.started_at,
            finishedAt: a.finished_at,
            durationMs: a.finished_at ? a.finished_at.getTime() - a.started_at.getTime() : null,
            read: a.read,
            inserted: a.inserted,
            updated: a.updated,
            stored: a.inserted + a.updated + a.merged,
            quarantined: a.quarantined,
            cursor: a.cursor,
            error: a.error,
          }
        : null,
      lastSucceededAt: succeededAt,
      nextRunAt: nextRun.get(syncJobKey(connector)) ?? null,
      stale: isStale(succeededAt, CONNECTOR_CADENCES[connector]?.staleAfterHours ?? 24, now),
      quarantined: quarantined.get(connector) ?? 0,
    };
  });
}
