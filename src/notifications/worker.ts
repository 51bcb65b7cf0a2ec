// The job runner (graphile-worker) inside the hub process: webhook deliveries,
// the hourly checks (releases coming, action items falling due), the hourly
// compaction of the indicator counts' change rows (counts-cache.ts), the
// connectors' scheduled syncs (src/ops/sync-schedule.ts) and core's
// publications into connectors' own databases (src/ops/publication-schedule.ts). Jobs live in
// PostgreSQL, so several hub replicas share them (each job runs once; the cron
// item runs once per hour across replicas; one connector's syncs run one at a
// time across replicas). New jobs wake the runner through LISTEN/NOTIFY, so a
// delivery starts within milliseconds of the event's commit.
import pg from 'pg';
import { run, type Runner, type TaskList } from 'graphile-worker';
import { connectors as registeredConnectors, type ConnectorDefinition } from '../../connectors/registry.ts';
import { watchJobRunner } from '../ops/readiness.ts';
import { publicationTask, PUBLISH_TASK, schedulePublications, type PublicationSettings } from '../ops/publication-schedule.ts';
import { connectorSyncTask, scheduleConnectorSyncs, SYNC_TASK, syncScheduleFrom, type SyncScheduleSettings } from '../ops/sync-schedule.ts';
import { deliverWebhook } from './deliver.ts';
import { quietLogger } from './job-queue-schema.ts';
import { recordComingReleases } from './release-coming.ts';
import { ACTION_ITEMS_DUE_TASK, COMPACT_COUNT_CHANGES_TASK, DELIVER_TASK, deliverySettings, RELEASE_TASK } from './settings.ts';
import { recordActionItemsDue } from './action-items-due.ts';
import { compactCountChanges } from '../indicators/counts-cache.ts';

export interface NotificationWorker {
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** The hourly checks; default on. */
  cron?: boolean;
  /** Scheduled connector syncs, with the cadences of HUB_SYNC_EVERY_*_MINUTES; `npm start` turns them on, tests of other jobs leave them off. */
  syncs?: boolean;
  /** Overrides the sync settings (a test's seconds-long cadence). */
  syncSchedule?: SyncScheduleSettings;
  /** Publications into connectors' own databases (HUB_PERSON_INDEX_TARGETS); none when absent or without targets. */
  publications?: PublicationSettings;
  /** The connectors synced; default: the registry's. */
  connectors?: readonly ConnectorDefinition[];
}

export async function startNotificationWorker(databaseUrl: string, options: WorkerOptions = {}): Promise<NotificationWorker> {
  const settings = deliverySettings();
  const syncs = options.syncs === true;
  const schedule = options.syncSchedule ?? syncScheduleFrom();
  const connectors = options.connectors ?? registeredConnectors;
  const publications = options.publications && options.publications.targets.length > 0 ? options.publications : undefined;
  const taskList: TaskList = {
    [DELIVER_TASK]: (payload, helpers) => deliverWebhook(payload, helpers, settings),
    [RELEASE_TASK]: async () => {
      await recordComingReleases();
    },
    [ACTION_ITEMS_DUE_TASK]: async () => {
      await recordActionItemsDue();
    },
    [COMPACT_COUNT_CHANGES_TASK]: async () => {
      await compactCountChanges();
    },
    // Without syncs here the task is not listed, so another runner that has them picks the jobs up.
    ...(syncs ? { [SYNC_TASK]: connectorSyncTask(databaseUrl, connectors, schedule) } : {}),
    ...(publications ? { [PUBLISH_TASK]: publicationTask(databaseUrl, publications) } : {}),
  };
  if (syncs) await scheduleConnectorSyncs(databaseUrl, connectors, schedule);
  if (publications) await schedulePublications(databaseUrl, publications);
  // The runner's pool is ours, so that it is ended (not left with idle clients) when the runner stops and
  // its idle connections dropped by a stopping PostgreSQL are logged, not an unhandled 'error' that ends
  // the process: the hub's stop crashed that way after the runner had worked on jobs.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: settings.concurrency + 2 });
  pool.on('error', (error) => quietLogger.error(`idle job queue connection: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => quietLogger.error(`job queue connection: ${error.message}`)));
  const runner: Runner = await run({
    pgPool: pool,
    taskList,
    // Hourly; a missed hour (hub down) is not backfilled: the next run finds every release still coming.
    crontab: options.cron === false ? '' : `0 * * * * ${RELEASE_TASK}\n5 * * * * ${ACTION_ITEMS_DUE_TASK}\n10 * * * * ${COMPACT_COUNT_CHANGES_TASK}\n`,
    concurrency: settings.concurrency,
    logger: quietLogger,
    noHandleSignals: true,
    pollInterval: 2000,
    // Completions and failures go through graphile's batcher (flushed at once, delay 0) rather than
    // fire-and-forget: a stop then waits for them. Unbatched, a job that ended just before a stop could
    // stay locked, with its queue, for graphile's 4-hour stale-lock limit: a connector's syncs would
    // stop for hours after a restart.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  const unwatch = watchJobRunner(runner.promise);
  return {
    stop: async () => {
      unwatch();
      await runner.stop();
      await pool.end();
    },
  };
}
