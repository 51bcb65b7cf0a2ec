// The job runner (graphile-worker) inside the hub process: webhook deliveries
// and the hourly checks (releases coming, action items falling due). Jobs live in PostgreSQL, so several hub
// replicas share them (each job runs once; the cron item runs once per hour
// across replicas). New jobs wake the runner through LISTEN/NOTIFY, so a
// delivery starts within milliseconds of the event's commit.
import { run, type Runner, type TaskList } from 'graphile-worker';
import { deliverWebhook } from './deliver.ts';
import { quietLogger } from './job-queue-schema.ts';
import { recordComingReleases } from './release-coming.ts';
import { ACTION_ITEMS_DUE_TASK, DELIVER_TASK, deliverySettings, RELEASE_TASK } from './settings.ts';
import { recordActionItemsDue } from './action-items-due.ts';

export interface NotificationWorker {
  stop(): Promise<void>;
}

export async function startNotificationWorker(databaseUrl: string, options: { cron?: boolean } = {}): Promise<NotificationWorker> {
  const settings = deliverySettings();
  const taskList: TaskList = {
    [DELIVER_TASK]: (payload, helpers) => deliverWebhook(payload, helpers, settings),
    [RELEASE_TASK]: async () => {
      await recordComingReleases();
    },
    [ACTION_ITEMS_DUE_TASK]: async () => {
      await recordActionItemsDue();
    },
  };
  const runner: Runner = await run({
    connectionString: databaseUrl,
    taskList,
    // Hourly; a missed hour (hub down) is not backfilled: the next run finds every release still coming.
    crontab: options.cron === false ? '' : `0 * * * * ${RELEASE_TASK}\n5 * * * * ${ACTION_ITEMS_DUE_TASK}\n`,
    concurrency: settings.concurrency,
    maxPoolSize: settings.concurrency + 2,
    logger: quietLogger,
    noHandleSignals: true,
    pollInterval: 2000,
  });
  return { stop: () => runner.stop() };
}
