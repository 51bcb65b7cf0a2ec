// Scheduled connector syncs on the job queue, with a real database: a sync
// runs on its cadence with nobody calling `npm run sync`, two runners on one
// database never run one connector's sync at once (nor does the CLI beside
// them), and a failing source leaves its error and is retried with backoff.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectors } from '../../connectors/registry.ts';
import type { ConnectorDefinition } from '../../connectors/registry.ts';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { startNotificationWorker, type NotificationWorker } from '../../src/notifications/worker.ts';
import { runRecordedSync } from '../../src/ops/sync-attempt.ts';
import { syncScheduleFrom, type SyncScheduleSettings } from '../../src/ops/sync-schedule.ts';
import { freePort } from '../support/free-port.ts';
import { refusedStart } from '../support/refused-start.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const household = connectors.find((c) => c.name === 'household-registration')!;
const labor = connectors.find((c) => c.name === 'labor-referrals')!;

interface Attempt {
  id: bigint;
  trigger: string;
  attempt: number;
  outcome: string;
  scheduled_for: Date | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  cursor: string | null;
  next_run_at: Date | null;
  read: number;
}

const attemptsOf = (connector: string) =>
  prisma().$queryRaw<Attempt[]>`SELECT id, trigger, attempt, outcome, scheduled_for, started_at, finished_at, error, cursor, next_run_at, read
    FROM sync.attempt WHERE connector = ${connector} ORDER BY started_at, id`;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Only `connector` scheduled, every `everyMs`. */
function only(connector: string, everyMs: number, maxAttempts = 3): SyncScheduleSettings {
  return { everyMs: Object.fromEntries(connectors.map((c) => [c.name, c.name === connector ? everyMs : null])), maxAttempts };
}

describe('scheduled syncs', () => {
  let hub: TestHub;
  const workers: NotificationWorker[] = [];
  const start = async (options: Parameters<typeof startNotificationWorker>[1]) => {
    const worker = await startNotificationWorker(hub.db.url, { cron: false, syncs: true, ...options });
    workers.push(worker);
    return worker;
  };
  const stopAll = async () => {
    for (const worker of workers.splice(0)) await worker.stop();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 11 });
    await household.generateDemoSource(hub.db.url);
  });
  afterAll(async () => {
    await stopAll();
    delete process.env.HUB_LABOR_API_URL;
    await hub.stop();
  });

  it('runs a connector on its cadence with nobody running `npm run sync`, and shows it in syncStatus', async () => {
    const everyMs = 1_500;
    await start({ syncSchedule: only(household.name, everyMs) });
    const runs = await until('three scheduled runs', async () => {
      const done = (await attemptsOf(household.name)).filter((a) => a.trigger === 'schedule' && a.outcome === 'succeeded');
      return done.length >= 3 && done;
    });
    await stopAll();
    expect(runs[0]!.read).toBeGreaterThan(0);
    // The cursor is the newest change taken in: a timestamp, nothing of a record.
    expect(runs[0]!.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const latencies = runs.map((r) => r.started_at.getTime() - r.scheduled_for!.getTime());
    const gaps = runs.slice(1).map((r, i) => r.started_at.getTime() - runs[i]!.finished_at!.getTime());
    process.stdout.write(`scheduled sync: cadence ${everyMs} ms; start minus scheduled time ${latencies.join(', ')} ms; end-to-next-start ${gaps.join(', ')} ms\n`);
    // The first run was due when the runner was still starting; each later one started within the runner's 2 s poll of being due,
    // a cadence after the previous one ended.
    expect(latencies[0]).toBeLessThan(10_000);
    for (const latency of latencies.slice(1)) expect(latency).toBeLessThan(2_500);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(everyMs - 50);
    for (const [i, run] of runs.slice(0, -1).entries()) expect(run.next_run_at!.getTime()).toBe(runs[i + 1]!.scheduled_for!.getTime());

    const status = await hub.query(
      '{ syncStatus { connector nextRunAt stale quarantined lastRun { trigger outcome startedAt finishedAt durationMs read stored quarantined cursor error } } }',
      {},
      { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' },
    );
    expect(status.errors).toBeUndefined();
    expect(status.data!.syncStatus).toEqual([
      expect.objectContaining({ connector: 'household-registration', stale: false, nextRunAt: expect.any(String), lastRun: expect.objectContaining({ trigger: 'schedule', outcome: 'succeeded', error: null }) }),
    ]);
  });

  it('never runs one connector twice at once: two runners on one database, and the CLI beside them', async () => {
    await prisma().$executeRaw`DELETE FROM sync.attempt`;
    let inFlight = 0;
    let most = 0;
    // The real household sync, held open a while so that overlapping runs would show.
    const slow: ConnectorDefinition = {
      ...household,
      sync: async (url, onProgress) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 700));
          return await household.sync(url, onProgress);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const settings = only(household.name, 200);
    await start({ syncSchedule: settings, connectors: [slow] });
    // The second runner starts while the first is mid-sync: its start must not add a second job.
    await until('a running sync', async () => (await attemptsOf(household.name)).some((a) => a.outcome === 'running'));
    await start({ syncSchedule: settings, connectors: [slow] });
    const cli = await runRecordedSync(household, hub.db.url, { trigger: 'cli' });
    expect(cli.outcome).toBe('busy');
    await until('six scheduled runs', async () => (await attemptsOf(household.name)).filter((a) => a.outcome === 'succeeded').length >= 6, 40_000);
    await stopAll();
    expect(most).toBe(1);
    const runs = await attemptsOf(household.name);
    for (const [i, run] of runs.slice(1).entries()) expect(run.started_at.getTime()).toBeGreaterThanOrEqual(runs[i]!.finished_at!.getTime());
    // One job per connector in the queue, whatever the number of runners.
    const jobs = await prisma().$queryRaw<{ key: string | null; attempts: number; max_attempts: number; last_error: string | null; run_at: Date; locked_at: Date | null }[]>`SELECT key, attempts, max_attempts, last_error, run_at, locked_at FROM graphile_worker.jobs WHERE task_identifier = 'connector-sync'`;
    expect(jobs).toEqual([expect.objectContaining({ key: 'connector-sync:household-registration', attempts: 0, locked_at: null })]);
    // Stopped runners left the connector's queue unlocked: the next runner goes on at once, not after graphile's 4-hour stale-lock limit.
    const queues = await prisma().$queryRaw<{ locked_at: Date | null }[]>`SELECT locked_at FROM graphile_worker._private_job_queues WHERE queue_name = 'connector-sync:household-registration'`;
    expect(queues).toEqual([{ locked_at: null }]);
  });

  it('records a failing source\'s error and retries it with backoff, then waits for the next regular run', async () => {
    // Nothing listens there: the labour API "is down".
    process.env.HUB_LABOR_API_URL = `http://127.0.0.1:${await freePort()}`;
    await start({ syncSchedule: only(labor.name, 60 * 60_000, 3) });
    const tries = await until('three failed attempts', async () => {
      const failed = (await attemptsOf(labor.name)).filter((a) => a.outcome === 'failed');
      // The next run is noted on the attempt just after its outcome.
      return failed.length >= 3 && failed[2]!.next_run_at !== null && failed;
    }, 90_000);
    await stopAll();
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
    for (const t of tries) {
      expect(t.error).toMatch(/^The labor referrals API at \[address\] is unavailable/);
      expect(t.error).not.toMatch(/127\.0\.0\.1|http:/);
    }
    // graphile-worker's backoff: e^1 ≈ 2.7 s after the first failure, e^2 ≈ 7.4 s after the second.
    const waits = tries.slice(1).map((t, i) => t.started_at.getTime() - tries[i]!.finished_at!.getTime());
    process.stdout.write(`failing source: waits before retries ${waits.join(', ')} ms\n`);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    // Attempts used up: the next run is the regular one, an hour on.
    const last = tries[2]!;
    expect(last.next_run_at!.getTime() - last.finished_at!.getTime()).toBeGreaterThan(59 * 60_000);
    const status = await hub.query('{ syncStatus { connector nextRunAt stale lastRun { attempt outcome error } } }', {}, { unit: 'LABOR', sub: 'w-labor' });
    expect(status.data!.syncStatus).toEqual([
      { connector: 'labor-referrals', nextRunAt: last.next_run_at!.toISOString(), stale: true, lastRun: { attempt: 3, outcome: 'failed', error: last.error } },
    ]);
  });

  it('reads cadences from HUB_SYNC_EVERY_<NAME>_MINUTES and stops at a bad one, naming it', () => {
    const defaults = syncScheduleFrom({});
    expect(defaults.everyMs['household-registration']).toBe(15 * 60_000);
    expect(defaults.everyMs['education-dropouts']).toBe(360 * 60_000);
    expect(defaults.maxAttempts).toBe(5);
    const set = syncScheduleFrom({ HUB_SYNC_EVERY_WELFARE_SUBSIDIES_MINUTES: '5', HUB_SYNC_EVERY_LABOR_REFERRALS_MINUTES: 'off' });
    expect(set.everyMs['welfare-subsidies']).toBe(5 * 60_000);
    expect(set.everyMs['labor-referrals']).toBeNull();
    expect(() => syncScheduleFrom({ HUB_SYNC_EVERY_HOUSEHOLD_REGISTRATION_MINUTES: '0' })).toThrow(/HUB_SYNC_EVERY_HOUSEHOLD_REGISTRATION_MINUTES must be a whole number of minutes from 1 to 1440/);
    expect(() => syncScheduleFrom({ HUB_SYNC_EVERY_LABOR_REFERRALS_MINUTES: '2000' })).toThrow(/HUB_SYNC_EVERY_LABOR_REFERRALS_MINUTES must be .* from 1 to 1440/);
    expect(() => syncScheduleFrom({ HUB_SYNC_EVERY_WELFARE_SUBSIDIES_MINUTES: '1.5' })).toThrow(/HUB_SYNC_EVERY_WELFARE_SUBSIDIES_MINUTES/);
    expect(() => syncScheduleFrom({ HUB_SYNC_EVERY_WELFARE_MINUTES: '5' })).toThrow(/HUB_SYNC_EVERY_WELFARE_MINUTES names no connector/);
    expect(syncScheduleFrom({ HUB_SYNC_EVERY_WELFARE_SUBSIDIES_MINUTES: '2000' }).everyMs['welfare-subsidies']).toBe(2000 * 60_000); // its bound is 35 days
    expect(() => syncScheduleFrom({ HUB_SYNC_MAX_ATTEMPTS: '0' })).toThrow(/HUB_SYNC_MAX_ATTEMPTS/);
  });

  it('stops `npm start` at a bad cadence, naming the setting, before any data is touched', async () => {
    const { code, output } = await refusedStart({ HUB_SYNC_EVERY_HOUSEHOLD_REGISTRATION_MINUTES: 'often' });
    expect(code).toBe(1);
    expect(output).toMatch(/The hub could not start: HUB_SYNC_EVERY_HOUSEHOLD_REGISTRATION_MINUTES must be a whole number of minutes/);
    expect(output).not.toMatch(/Migrations|PostgreSQL/);
  }, 60_000);
});
