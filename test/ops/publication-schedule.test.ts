// Core's scheduled publications into connectors' own databases (issue 16),
// with real databases: the job queue publishes the person index and the
// deny-list into each target with nobody running `npm run
// publish:person-index`; a token revoked in core is refused by the
// connector's own subgraph once the next scheduled deny-list publication
// has reached its database; a target that fails leaves its error (without
// its address) and is retried with backoff; a bad HUB_PERSON_INDEX_TARGETS
// stops the start naming the setting, never repeating the URL; and a
// publication of only what changed leaves exactly what a whole copy would.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, type CryptoKey } from 'jose';
import pg from 'pg';
import { cohortKey } from '../../connectors/kit/cohort.ts';
import { auditKey } from '../../src/audit/audit-key.ts';
import { runAdminStatement } from '../../src/db/admin-statement.ts';
import { migrateOwnDatabase } from '../../src/db/migrator.ts';
import { prisma } from '../../src/db/prisma.ts';
import { publishPersonIndex } from '../../src/db/publish-person-index.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { startNotificationWorker, type NotificationWorker } from '../../src/notifications/worker.ts';
import { publicationScheduleFrom, type PublicationSettings } from '../../src/ops/publication-schedule.ts';
import { gid } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { refusedStart } from '../support/refused-start.ts';
import { startSubgraphProcess, type SubgraphProcess } from '../support/subgraph-process.ts';
import { AUDIENCE, ISSUER, type Caller } from '../support/test-auth.ts';
import { SERVER_ENV } from '../support/test-env.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const PROBATION = 'probation-transitions';
const LABOR = 'labor-referrals';

interface Attempt {
  target: string;
  kind: string;
  attempt: number;
  outcome: string;
  scheduled_for: Date | null;
  started_at: Date;
  finished_at: Date | null;
  persons: number | null;
  written: number | null;
  removed: number | null;
  mode: string | null;
  revocations: number | null;
  error: string | null;
  next_run_at: Date | null;
}

const attemptsOf = (target: string, kind: string) =>
  prisma().$queryRaw<Attempt[]>`SELECT target, kind, attempt, outcome, scheduled_for, started_at, finished_at, persons, written, removed, mode, revocations, error, next_run_at
    FROM sync.publication_attempt WHERE target = ${target} AND kind = ${kind} ORDER BY started_at, id`;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const INDEX_ROWS = 'SELECT * FROM published.person ORDER BY id';

describe("scheduled publication into connectors' own databases", () => {
  let hub: TestHub;
  let serverUrl: string;
  const databases: string[] = [];
  const urls: Record<string, string> = {};
  const workers: NotificationWorker[] = [];
  let folder: string;
  let subgraph: SubgraphProcess | undefined;

  const start = async (publications: PublicationSettings) => {
    const worker = await startNotificationWorker(hub.db.url, { cron: false, publications });
    workers.push(worker);
    return worker;
  };
  const stopAll = async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await prisma().$queryRaw`SELECT graphile_worker.remove_job(key) FROM graphile_worker.jobs WHERE task_identifier = 'publish-to-connector'`;
  };
  /** A new database, migrated with `connector`'s own set. */
  const ownDatabase = async (label: string, connector: string) => {
    const name = `${hub.db.name}_${label}`;
    await runAdminStatement(serverUrl, `CREATE DATABASE "${name}"`);
    databases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await migrateOwnDatabase(url.toString(), connector);
    return url.toString();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    serverUrl = process.env[SERVER_ENV]!;
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 13 });
    urls[PROBATION] = await ownDatabase('probation', PROBATION);
    urls[LABOR] = await ownDatabase('labor', LABOR);
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-publication-'));
  }, 120_000);

  afterAll(async () => {
    await subgraph?.stop();
    await stopAll();
    await hub.stop();
    for (const name of databases) await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await rm(folder, { recursive: true, force: true });
  });

  const settings = (targets: string[], everyMs: PublicationSettings['everyMs'], maxAttempts = 3): PublicationSettings => ({
    targets: targets.map((connector) => ({ connector, url: urls[connector]! })),
    everyMs,
    maxAttempts,
  });

  it('publishes the index and the deny-list into each target on their cadences with nobody running the CLI', async () => {
    const everyMs = { 'person-index': 1_500, revocations: 1_000 };
    await start(settings([PROBATION, LABOR], everyMs));
    const runs = await until('two index publications into each target', async () => {
      const probation = (await attemptsOf(PROBATION, 'person-index')).filter((a) => a.outcome === 'succeeded');
      const labor = (await attemptsOf(LABOR, 'person-index')).filter((a) => a.outcome === 'succeeded');
      return probation.length >= 2 && labor.length >= 2 && probation;
    });
    const revocationRuns = await until('three deny-list publications', async () => {
      const done = (await attemptsOf(PROBATION, 'revocations')).filter((a) => a.outcome === 'succeeded');
      return done.length >= 3 && done;
    });
    await stopAll();
    const persons = await prisma().person.count();
    // The first copies the index whole; the next finds nothing changed and writes nothing.
    expect(runs[0]).toMatchObject({ mode: 'whole', persons, written: persons, removed: 0, revocations: 0, error: null });
    expect(runs[1]).toMatchObject({ mode: 'changes', persons, written: 0, removed: 0 });
    const [publication] = await queryDatabase<{ persons: number }>(urls[PROBATION]!, 'SELECT persons FROM published.publication');
    expect(publication!.persons).toBe(persons);
    // labor-referrals gets its district column filled; probation has none.
    const [districts] = await queryDatabase<{ n: number }>(urls[LABOR]!, 'SELECT count(district_code)::int AS n FROM published.person');
    expect(districts!.n).toBeGreaterThan(0);
    // Each run a cadence after the previous one ended, the next noted on each attempt.
    for (const [i, run] of runs.slice(1).entries()) {
      expect(run.started_at.getTime()).toBeGreaterThanOrEqual(runs[i]!.finished_at!.getTime() + everyMs['person-index'] - 50);
      expect(runs[i]!.next_run_at!.getTime()).toBe(run.scheduled_for!.getTime());
    }
    const gaps = revocationRuns.slice(1).map((r, i) => r.started_at.getTime() - revocationRuns[i]!.finished_at!.getTime());
    const took = revocationRuns.map((r) => r.finished_at!.getTime() - r.started_at.getTime());
    process.stdout.write(`scheduled deny-list publication: cadence ${everyMs.revocations} ms; end-to-next-start ${gaps.join(', ')} ms; each took ${took.join(', ')} ms\n`);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(everyMs.revocations - 50);
  }, 60_000);

  describe('syncStatus shows the last publication per target', () => {
    const STATUS = `{ syncStatus { connector publications { kind lastSucceededAt nextRunAt
      lastAttempt { attempt outcome startedAt finishedAt durationMs persons written removed mode revocations error } } } }`;
    type Status = { connector: string; publications: { kind: string; lastAttempt: { outcome: string; persons: number | null } | null }[] }[];
    const published = (data: { syncStatus: Status } | undefined) =>
      Object.fromEntries(data!.syncStatus.filter((s) => s.publications.length > 0).map((s) => [s.connector, s.publications.map((p) => `${p.kind}:${p.lastAttempt?.outcome}`)]));
    const both = ['person-index:succeeded', 'revocations:succeeded'];

    it('to an ADMIN for every target, with counts and no error', async () => {
      const response = await hub.query(STATUS, {}, { unit: 'SOCIAL', sub: 'w-admin', roles: ['ADMIN'] });
      expect(response.errors).toBeUndefined();
      expect(published(response.data as never)).toEqual({ [PROBATION]: both, [LABOR]: both });
      const probation = (response.data!.syncStatus as Status).find((s) => s.connector === PROBATION)!;
      expect(probation.publications[0]).toMatchObject({ kind: 'person-index', lastAttempt: { outcome: 'succeeded', persons: await prisma().person.count() } });
    });

    it.each([
      ['JUSTICE', PROBATION],
      ['LABOR', LABOR],
    ] as const)('to the unit owning the connector (%s), for its own only', async (unit, connector) => {
      const response = await hub.query(STATUS, {}, { unit, sub: `w-${unit}` });
      expect(response.errors).toBeUndefined();
      expect(published(response.data as never)).toEqual({ [connector]: both });
    });

    it('to a unit owning no connector, nothing', async () => {
      const response = await hub.query(STATUS, {}, { unit: 'HEALTH', sub: 'w-health' });
      expect(response.errors).toBeUndefined();
      expect(response.data!.syncStatus).toEqual([]);
    });

    it.each([
      ['an NGO', { unit: 'NGO', sub: 'w-ngo', org: 1 } as Caller],
      ['an ANALYST', { unit: 'JUSTICE', sub: 'w-analyst', roles: ['ANALYST'] } as Caller],
      ['an AUDITOR', { unit: 'JUSTICE', sub: 'w-auditor', roles: ['AUDITOR'] } as Caller],
    ])('to %s, FORBIDDEN', async (_who, caller) => {
      const response = await hub.query(STATUS, {}, caller);
      expect(response.data?.syncStatus ?? null).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    });
  });

  it("has a token revoked in core refused by the connector's own subgraph after the next scheduled deny-list publication", async () => {
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(hub.auth.settings.keys as CryptoKey));
    subgraph = await startSubgraphProcess(
      PROBATION,
      {
        DATABASE_URL: urls[PROBATION],
        HUB_JWT_PUBLIC_KEY_FILE: keyFile,
        HUB_JWT_ISSUER: ISSUER,
        HUB_JWT_AUDIENCE: AUDIENCE,
        HUB_COHORT_KEY: cohortKey().toString('hex'),
        HUB_AUDIT_KEY: auditKey().toString('hex'),
        HUB_REVOCATION_REFRESH_SECONDS: '0.2',
        NODE_ENV: 'test',
      },
      { ownDatabase: true },
    );
    const leaver: Caller = { unit: 'JUSTICE', sub: 'w-justice-leaver' };
    const ask = async () => {
      const response = await fetch(subgraph!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await hub.auth.headers(leaver)) },
        body: JSON.stringify({ query: 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'Person', id: gid('Person', 1), personAccess: null }] } }),
      });
      return response.status;
    };
    expect(await ask()).toBe(200);
    // Only the deny-list on a short cadence; the index is not due again within the test.
    await start(settings([PROBATION], { 'person-index': 3_600_000, revocations: 1_000 }));
    const before = (await attemptsOf(PROBATION, 'revocations')).length;
    await until('a scheduled deny-list publication', async () => (await attemptsOf(PROBATION, 'revocations')).filter((a) => a.outcome === 'succeeded').length > before);
    expect(await ask()).toBe(200);
    const revokedAt = Date.now();
    await prisma().$executeRaw`INSERT INTO core.revocation (kind, value, reason, revoked_by) VALUES ('SUBJECT', ${leaver.sub}, 'left the service', 'test')`;
    await until('the subgraph refusing the revoked token', async () => (await ask()) === 401, 15_000);
    const refusedAfter = Date.now() - revokedAt;
    await stopAll();
    const published = (await attemptsOf(PROBATION, 'revocations')).filter((a) => a.outcome === 'succeeded' && a.revocations === 1);
    expect(published.length).toBeGreaterThan(0);
    expect(published[0]!.finished_at!.getTime()).toBeGreaterThanOrEqual(revokedAt - 5);
    process.stdout.write(`revocation to refusal by the own-database subgraph: ${refusedAfter} ms (deny-list published every 1,000 ms, read every 200 ms)\n`);
  }, 90_000);

  it("records a failing target's error without its address, retries it with backoff, then waits for the next regular run", async () => {
    const port = await freePort();
    const unreachable = `postgres://hub_publisher:s3cret-pass@127.0.0.1:${port}/probation_secret_db`;
    // A target never published into: its index is due at once.
    await prisma().$executeRaw`DELETE FROM sync.publication_attempt WHERE target = ${PROBATION}`;
    await start({ targets: [{ connector: PROBATION, url: unreachable }], everyMs: { 'person-index': 3_600_000, revocations: 3_600_000 }, maxAttempts: 2 });
    const tries = await until('two failed attempts', async () => {
      const failed = (await attemptsOf(PROBATION, 'person-index')).filter((a) => a.outcome === 'failed');
      return failed.length >= 2 && failed[1]!.next_run_at !== null && failed;
    }, 60_000);
    const status = await hub.query('{ syncStatus { connector publications { kind nextRunAt lastAttempt { attempt outcome error } } } }', {}, { unit: 'JUSTICE', sub: 'w-justice' });
    await stopAll();
    expect(tries.map((t) => t.attempt)).toEqual([1, 2]);
    for (const t of tries) {
      expect(t.error).toMatch(/ECONNREFUSED|connect/);
      expect(t.error).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}|s3cret|hub_publisher|probation_secret_db|postgres:`));
    }
    const wait = tries[1]!.started_at.getTime() - tries[0]!.finished_at!.getTime();
    process.stdout.write(`failing target: wait before the retry ${wait} ms\n`);
    // graphile-worker's backoff: e^1 ≈ 2.7 s after the first failure.
    expect(wait).toBeGreaterThanOrEqual(2_000);
    // Attempts used up: the next run is the regular one, an hour on.
    expect(tries[1]!.next_run_at!.getTime() - tries[1]!.finished_at!.getTime()).toBeGreaterThan(59 * 60_000);
    expect(JSON.stringify(status)).not.toMatch(/127\.0\.0\.1|s3cret|probation_secret_db/);
    expect(status.data!.syncStatus[0].publications[0]).toEqual({ kind: 'person-index', nextRunAt: tries[1]!.next_run_at!.toISOString(), lastAttempt: { attempt: 2, outcome: 'failed', error: tries[1]!.error } });
  }, 90_000);

  it("lets the connector's own scheduled sync record a clear error, not crash, while no index was ever published into its database", async () => {
    const fresh = await ownDatabase('unpublished', PROBATION);
    const keyFile = path.join(folder, 'public-sync.pem');
    await writeFile(keyFile, await exportSPKI(hub.auth.settings.keys as CryptoKey));
    const syncing = await startSubgraphProcess(
      PROBATION,
      {
        DATABASE_URL: fresh,
        HUB_PROBATION_SOURCE_URL: hub.db.url,
        HUB_SYNC_MAX_ATTEMPTS: '2',
        HUB_JWT_PUBLIC_KEY_FILE: keyFile,
        HUB_JWT_ISSUER: ISSUER,
        HUB_JWT_AUDIENCE: AUDIENCE,
        HUB_COHORT_KEY: cohortKey().toString('hex'),
        HUB_AUDIT_KEY: auditKey().toString('hex'),
        NODE_ENV: 'test',
      },
      { ownDatabase: true, sync: true },
    );
    try {
      const tries = await until('two failed scheduled syncs', async () => {
        const rows = await queryDatabase<{ attempt: number; outcome: string; error: string | null; next_run_at: Date | null; read: number }>(
          fresh,
          `SELECT attempt, outcome, error, next_run_at, read FROM sync.attempt WHERE connector = '${PROBATION}' AND trigger = 'schedule' ORDER BY started_at`,
        );
        return rows.length >= 2 && rows[1]!.next_run_at !== null && rows;
      }, 45_000);
      expect(tries.map((t) => [t.attempt, t.outcome, t.read])).toEqual([[1, 'failed', 0], [2, 'failed', 0]]);
      for (const t of tries) expect(t.error).toMatch(/^No person index has been published into this database yet: the hub publishes it when HUB_PERSON_INDEX_TARGETS names this connector/);
      // Nothing linked or stored, and the process serves on.
      expect(await queryDatabase(fresh, 'SELECT 1 FROM probation.transition')).toEqual([]);
      expect((await fetch(syncing.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    } finally {
      await syncing.stop();
    }
  }, 90_000);

  it('publishes only what changed, and leaves exactly what a whole copy leaves', async () => {
    const whole = await ownDatabase('whole', LABOR);
    const incremental = await ownDatabase('incremental', LABOR);
    expect(await publishPersonIndex(hub.db.url, incremental)).toMatchObject({ mode: 'whole' });
    // Core changes: a new person, a removed one, a renamed one, an address made confidential, a move, a new household number.
    const [added] = await prisma().$queryRaw<{ id: number }[]>`INSERT INTO core.person (name, sex, birth_date, address, district_code)
      SELECT '林新生', 'FEMALE', date '2024-01-02', '新地址 1 號', district_code FROM core.person WHERE district_code IS NOT NULL LIMIT 1 RETURNING id`;
    const [gone] = await prisma().$queryRaw<{ id: number }[]>`INSERT INTO core.person (name, sex, birth_date) VALUES ('將移除', 'MALE', date '1990-05-06') RETURNING id`;
    await publishPersonIndex(hub.db.url, incremental);
    await prisma().$executeRaw`DELETE FROM core.person WHERE id = ${gone!.id}`;
    const ids = (await prisma().$queryRaw<{ id: number }[]>`SELECT id FROM core.person WHERE address IS NOT NULL AND NOT address_confidential AND district_code IS NOT NULL ORDER BY id LIMIT 3`).map((r) => r.id);
    await prisma().$executeRaw`UPDATE core.person SET name = name || '改' WHERE id = ${ids[0]!}`;
    await prisma().$executeRaw`UPDATE core.person SET address_confidential = true WHERE id = ${ids[1]!}`;
    await prisma().$executeRaw`UPDATE core.person SET district_code = (SELECT code FROM core.district WHERE code <> core.person.district_code ORDER BY code LIMIT 1) WHERE id = ${ids[2]!}`;
    const [registered] = await prisma().$queryRaw<{ person_id: number }[]>`UPDATE household.registration SET household_number = household_number || '9'
      WHERE person_id = (SELECT min(person_id) FROM household.registration) RETURNING person_id`;
    const changes = await publishPersonIndex(hub.db.url, incremental);
    expect(await publishPersonIndex(hub.db.url, whole)).toMatchObject({ mode: 'whole' });
    const changedIds = new Set([...ids, ...(registered ? [registered.person_id] : [])]);
    expect(changes).toMatchObject({ mode: 'changes', removed: 1, written: changedIds.size, persons: await prisma().person.count() });
    expect(await queryDatabase(incremental, INDEX_ROWS)).toEqual(await queryDatabase(whole, INDEX_ROWS));
    expect(await queryDatabase(incremental, 'SELECT persons, revocations FROM published.publication')).toEqual(await queryDatabase(whole, 'SELECT persons, revocations FROM published.publication'));
    // The labour indicator buckets follow the moves in both.
    const buckets = 'SELECT indicator, measure, district, first_month::text, n::int FROM labor.indicator_buckets ORDER BY 1, 2, 3, 4';
    expect(await queryDatabase(incremental, buckets)).toEqual(await queryDatabase(whole, buckets));
    const [confidential] = await queryDatabase<{ address: string | null }>(incremental, 'SELECT address FROM published.person WHERE id = $1', [ids[1]]);
    expect(confidential!.address).toBeNull();
    expect(await queryDatabase(incremental, 'SELECT id FROM published.person WHERE id = $1', [added!.id])).toHaveLength(1);
  }, 60_000);

  it('reads its settings from the environment and refuses bad ones, naming the setting and never repeating a URL', () => {
    const url = 'postgres://pub:pw@db.example:5432/probation';
    const read = publicationScheduleFrom({ HUB_PERSON_INDEX_TARGETS: `probation-transitions=${url}, labor-referrals=postgresql://x@y/labor` });
    expect(read.targets).toEqual([{ connector: PROBATION, url }, { connector: LABOR, url: 'postgresql://x@y/labor' }]);
    expect(read.everyMs).toEqual({ 'person-index': 15 * 60_000, revocations: 60_000 });
    expect(publicationScheduleFrom({}).targets).toEqual([]);
    expect(publicationScheduleFrom({ HUB_PUBLISH_PERSON_INDEX_EVERY_MINUTES: '5', HUB_PUBLISH_REVOCATIONS_EVERY_SECONDS: '15' }).everyMs).toEqual({ 'person-index': 300_000, revocations: 15_000 });
    const refusals: [NodeJS.ProcessEnv, RegExp][] = [
      [{ HUB_PERSON_INDEX_TARGETS: url }, /^HUB_PERSON_INDEX_TARGETS: entry 1 must be <connector>=<postgres url/],
      [{ HUB_PERSON_INDEX_TARGETS: `welfare-subsidies=${url}` }, /^HUB_PERSON_INDEX_TARGETS: entry 1 names welfare-subsidies, which does not run on a database of its own/],
      [{ HUB_PERSON_INDEX_TARGETS: `probation-transitions=${url},probation-transitions=${url}` }, /^HUB_PERSON_INDEX_TARGETS: entry 2 names probation-transitions a second time/],
      [{ HUB_PERSON_INDEX_TARGETS: 'probation-transitions=http://pub:pw@db.example/x' }, /^HUB_PERSON_INDEX_TARGETS: entry 1: the database of probation-transitions must be a postgres:\/\/ URL/],
      [{ HUB_PERSON_INDEX_TARGETS: 'probation-transitions=' }, /^HUB_PERSON_INDEX_TARGETS: entry 1: the database/],
      [{ HUB_PUBLISH_PERSON_INDEX_EVERY_MINUTES: '0' }, /^HUB_PUBLISH_PERSON_INDEX_EVERY_MINUTES must be a whole number of minutes from 1 to 1440/],
      [{ HUB_PUBLISH_REVOCATIONS_EVERY_SECONDS: '1' }, /^HUB_PUBLISH_REVOCATIONS_EVERY_SECONDS must be a whole number of seconds from 5 to 3600/],
    ];
    for (const [env, message] of refusals) {
      let error: Error | undefined;
      try {
        publicationScheduleFrom(env);
      } catch (thrown) {
        error = thrown as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toMatch(/pw@|db\.example/);
    }
  });

  it('stops `npm start` at a bad HUB_PERSON_INDEX_TARGETS, naming it without its URL, before any data is touched', async () => {
    const { code, output } = await refusedStart({ HUB_PERSON_INDEX_TARGETS: 'postgres://pub:s3cret@db.example/probation' });
    expect(code).toBe(1);
    expect(output).toMatch(/The hub could not start: HUB_PERSON_INDEX_TARGETS: entry 1 must be <connector>=<postgres url/);
    expect(output).not.toMatch(/s3cret|db\.example|Migrations|PostgreSQL/);
  }, 60_000);
});
