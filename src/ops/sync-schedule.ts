// Scheduled connector syncs on the job queue the notifications use
// (graphile-worker). Each connector has one job, keyed `connector-sync:<name>`
// and in a queue of the same name: the key keeps one pending run per
// connector whatever the number of replicas scheduling it, and the named
// queue runs that connector's jobs one at a time across every runner. A run
// schedules the next itself when it ends (cadence after the end, so a slow
// sync never piles up); a failure is retried by the queue with its
// exponential backoff (e^attempt seconds: 3 s, 7 s, 20 s, 55 s, …) and, once
// the attempts are used up, the connector waits for its next regular run.
// Self-rescheduling rather than graphile's crontab: cron cannot say "every
// 15 minutes after the last run ended", nor run a test's seconds-long cadence.
import type { JobHelpers, Task } from 'graphile-worker';
import pg from 'pg';
import { CONNECTOR_CADENCES } from '../../connectors/cadences.ts';
import type { ConnectorDefinition } from '../../connectors/registry.ts';
import { recordNextRun, runRecordedSync } from './sync-attempt.ts';

export const SYNC_TASK = 'connector-sync';
export const syncJobKey = (connector: string) => `${SYNC_TASK}:${connector}`;

export interface SyncScheduleSettings {
  /** Milliseconds between one run's end and the next run, per connector; null: not scheduled. */
  everyMs: Record<string, number | null>;
  /** The job queue's attempts of one run (the first and its retries). */
  maxAttempts: number;
}

const ENV_PATTERN = /^HUB_SYNC_EVERY_([A-Z0-9_]+)_MINUTES$/;
export const envNameOf = (connector: string) => `HUB_SYNC_EVERY_${connector.toUpperCase().replace(/-/g, '_')}_MINUTES`;

/**
 * HUB_SYNC_EVERY_<CONNECTOR>_MINUTES (e.g. HUB_SYNC_EVERY_HOUSEHOLD_REGISTRATION_MINUTES=5):
 * a whole number of minutes from 1 up to the connector's freshness bound (a
 * longer cadence would leave its records stale by design), or `off`.
 * A setting naming no connector is refused too: a typo must not silently
 * leave the default in place.
 */
export function syncScheduleFrom(env: NodeJS.ProcessEnv = process.env, names: readonly string[] = Object.keys(CONNECTOR_CADENCES)): SyncScheduleSettings {
  const known = new Map(names.map((name) => [envNameOf(name), name]));
  for (const key of Object.keys(env)) {
    if (ENV_PATTERN.test(key) && !known.has(key)) throw new Error(`${key} names no connector; the settings are ${[...known.keys()].join(', ')}`);
  }
  const everyMs: Record<string, number | null> = {};
  for (const [key, name] of known) {
    const cadence = CONNECTOR_CADENCES[name];
    if (!cadence) throw new Error(`connectors/cadences.ts has no cadence for the connector ${name}`);
    const raw = env[key];
    if (raw === undefined || raw === '') {
      everyMs[name] = cadence.everyMinutes * 60_000;
      continue;
    }
    if (raw === 'off') {
      everyMs[name] = null;
      continue;
    }
    const minutes = Number(raw);
    const most = cadence.staleAfterHours * 60;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(minutes) || minutes < 1 || minutes > most) {
      throw new Error(`${key} must be a whole number of minutes from 1 to ${most} (the connector's freshness bound), or off (got "${raw}")`);
    }
    everyMs[name] = minutes * 60_000;
  }
  const rawAttempts = env.HUB_SYNC_MAX_ATTEMPTS;
  const maxAttempts = rawAttempts === undefined || rawAttempts === '' ? 5 : Number(rawAttempts);
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
    throw new Error(`HUB_SYNC_MAX_ATTEMPTS must be a whole number from 1 to 10 (got "${rawAttempts}")`);
  }
  return { everyMs, maxAttempts };
}

/**
 * Puts each scheduled connector's job in place at the runner's start: due a
 * cadence after the connector's last completed sync (at once if it never
 * had one), or sooner if a job already waits for later (the cadence was
 * shortened). A job already waiting for sooner, or running, stays as it is.
 */
export async function scheduleConnectorSyncs(databaseUrl: string, connectors: readonly ConnectorDefinition[], settings: SyncScheduleSettings): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const connector of connectors) {
      const everyMs = settings.everyMs[connector.name];
      if (everyMs === null || everyMs === undefined) continue;
      const { rows } = await client.query<{ due: Date }>(
        `SELECT coalesce(max(finished_at) + $2 * interval '1 millisecond', now()) AS due FROM sync.run WHERE connector = $1 AND finished_at IS NOT NULL`,
        [connector.name, everyMs],
      );
      await client.query(
        `SELECT graphile_worker.add_job($1, json_build_object('connector', $2::text), queue_name := $3, run_at := $4,
           max_attempts := $5, job_key := $3, job_key_mode := 'replace')
         WHERE NOT EXISTS (SELECT 1 FROM graphile_worker.jobs WHERE key = $3 AND attempts < max_attempts AND (locked_at IS NOT NULL OR run_at <= $4))`,
        [SYNC_TASK, connector.name, syncJobKey(connector.name), rows[0]!.due, settings.maxAttempts],
      );
    }
  } finally {
    await client.end();
  }
}

/** Milliseconds graphile-worker waits before retrying after `attempts` failed attempts (its own formula). */
export const retryDelayMs = (attempts: number) => Math.exp(Math.min(attempts, 10)) * 1000;

async function scheduleNext(helpers: JobHelpers, connector: string, everyMs: number, maxAttempts: number): Promise<Date> {
  const runAt = new Date(Date.now() + everyMs);
  // The running job holds the key: graphile-worker frees it and inserts the next run under it.
  await helpers.addJob(SYNC_TASK, { connector }, { queueName: syncJobKey(connector), jobKey: syncJobKey(connector), runAt, maxAttempts });
  return runAt;
}

/** The task that runs one connector's scheduled sync, then schedules the next. */
export function connectorSyncTask(databaseUrl: string, connectors: readonly ConnectorDefinition[], settings: SyncScheduleSettings): Task {
  return async (payload, helpers) => {
    const name = (payload as { connector?: unknown } | null)?.connector;
    const connector = connectors.find((c) => c.name === name);
    const everyMs = typeof name === 'string' ? settings.everyMs[name] : undefined;
    // A connector removed from the registry, or turned off: its chain of runs ends here.
    if (!connector || everyMs === null || everyMs === undefined) {
      helpers.logger.warn(`connector sync job for ${String(name)} dropped: no such scheduled connector`);
      return;
    }
    const attempt = helpers.job.attempts;
    const result = await runRecordedSync(connector, databaseUrl, { trigger: 'schedule', scheduledFor: new Date(helpers.job.run_at), attempt });
    if (result.outcome === 'busy') {
      // `npm run sync` (or a runner of an older schedule) is syncing it now: try again after the queue's backoff.
      throw new Error(`${connector.name} is being synced by another process`);
    }
    if (result.outcome === 'succeeded' || attempt >= helpers.job.max_attempts) {
      await recordNextRun(result.attemptId, await scheduleNext(helpers, connector.name, everyMs, settings.maxAttempts));
      return;
    }
    // Thrown, so the queue retries this job with its backoff; the error is on the attempt already.
    await recordNextRun(result.attemptId, new Date(Date.now() + retryDelayMs(attempt)));
    throw new Error(`${connector.name} sync failed (attempt ${attempt} of ${helpers.job.max_attempts}): ${result.error}`);
  };
}
