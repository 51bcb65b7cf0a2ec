// What syncStatus reports per connector: the last attempt (src/ops/sync-attempt.ts),
// the next run the job queue holds, whether the connector's records read
// stale (the same rule and data as their `stale` field), and how many of its
// records wait in quarantine. Counts, times, a cursor timestamp or file name
// and a one-line error: nothing about any person.
import { CONNECTOR_CADENCES } from '../../connectors/cadences.ts';
import { isStale } from '../../connectors/kit/freshness.ts';
import { prisma } from '../db/prisma.ts';
import { PUBLICATION_KINDS, publicationJobKey } from './publication-schedule.ts';
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

/** One attempt at publishing core's person index or deny-list into a connector's own database. */
export interface PublicationAttemptView {
  attempt: number;
  outcome: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  persons: number | null;
  written: number | null;
  removed: number | null;
  mode: string | null;
  revocations: number | null;
  error: string | null;
}

/** What core publishes into a connector's own database, per kind: the person index or the deny-list alone. */
export interface PublicationStatus {
  kind: string;
  lastAttempt: PublicationAttemptView | null;
  lastSucceededAt: Date | null;
  nextRunAt: Date | null;
}

export interface ConnectorSyncStatus {
  connector: string;
  lastRun: SyncRunView | null;
  lastSucceededAt: Date | null;
  nextRunAt: Date | null;
  stale: boolean;
  quarantined: number;
  /** Only for a connector core publishes into (HUB_PERSON_INDEX_TARGETS), or did. */
  publications: PublicationStatus[];
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
  const publicationKeys = names.flatMap((n) => PUBLICATION_KINDS.map((k) => publicationJobKey(n, k)));
  const [attempts, completed, queued, quarantine, published, publishedOk] = await Promise.all([
    prisma().$queryRaw<AttemptRow[]>`
      SELECT DISTINCT ON (connector) connector, trigger, attempt, outcome, started_at, finished_at, read, inserted, updated, merged, quarantined, cursor, error
      FROM sync.attempt WHERE connector = ANY(${names}::text[]) ORDER BY connector, started_at DESC, id DESC`,
    prisma().$queryRaw<{ connector: string; at: Date }[]>`
      SELECT connector, max(finished_at) AS at FROM sync.run WHERE connector = ANY(${names}::text[]) AND finished_at IS NOT NULL GROUP BY connector`,
    prisma().$queryRaw<{ key: string; run_at: Date }[]>`
      SELECT key, run_at FROM graphile_worker.jobs WHERE key = ANY(${[...names.map(syncJobKey), ...publicationKeys]}::text[]) AND attempts < max_attempts`,
    prisma().$queryRaw<{ connector: string; n: number }[]>`
      SELECT connector, count(*)::int AS n FROM sync.quarantine WHERE connector = ANY(${names}::text[]) GROUP BY connector`,
    prisma().$queryRaw<PublicationRow[]>`
      SELECT DISTINCT ON (target, kind) target, kind, attempt, outcome, started_at, finished_at, persons, written, removed, mode, revocations, error
      FROM sync.publication_attempt WHERE target = ANY(${names}::text[]) ORDER BY target, kind, started_at DESC, id DESC`,
    prisma().$queryRaw<{ target: string; kind: string; at: Date }[]>`
      SELECT target, kind, max(finished_at) AS at FROM sync.publication_attempt WHERE target = ANY(${names}::text[]) AND outcome = 'succeeded' GROUP BY target, kind`,
  ]);
  const lastPublication = new Map(published.map((p) => [`${p.target} ${p.kind}`, p]));
  const lastPublished = new Map(publishedOk.map((p) => [`${p.target} ${p.kind}`, p.at]));
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
      publications: PUBLICATION_KINDS.flatMap((kind) => {
        const p = lastPublication.get(`${connector} ${kind}`);
        const next = nextRun.get(publicationJobKey(connector, kind)) ?? null;
        if (!p && !next) return [];
        return [{
          kind,
          lastAttempt: p
            ? {
                attempt: p.attempt,
                outcome: p.outcome,
                startedAt: p.started_at,
                finishedAt: p.finished_at,
                durationMs: p.finished_at ? p.finished_at.getTime() - p.started_at.getTime() : null,
                persons: p.persons,
                written: p.written,
                removed: p.removed,
                mode: p.mode,
                revocations: p.revocations,
                error: p.error,
              }
            : null,
          lastSucceededAt: lastPublished.get(`${connector} ${kind}`) ?? null,
          nextRunAt: next,
        }];
      }),
    };
  });
}

interface PublicationRow {
  target: string;
  kind: string;
  attempt: number;
  outcome: string;
  started_at: Date;
  finished_at: Date | null;
  persons: number | null;
  written: number | null;
  removed: number | null;
  mode: string | null;
  revocations: number | null;
  error: string | null;
}
