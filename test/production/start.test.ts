// `npm start` in production: every setting is checked before any data is
// touched, and an empty database is never filled with a demo city unless
// HUB_SEED_ON_START=1 says so.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair } from 'jose';
import pg from 'pg';
import { freePort } from '../support/free-port.ts';
import { SERVER_ENV } from '../support/test-env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const running = new Set<ChildProcess>();

/** Past this a hub that neither started nor stopped is killed, and the test shows its output. */
const HUB_WATCHDOG_MS = 150_000;

/**
 * Runs `npm start`'s entry until its output matches `stopAt` (then sends
 * SIGTERM) or it exits. `hung` says the watchdog had to kill it.
 */
function runHub(env: Record<string, string>, stopAt = /Safety Net Hub ready/): Promise<{ ready: boolean; code: number | null; output: string; hung: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  let signalled = false;
  let hung = false;
  const watchdog = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HUB_WATCHDOG_MS);
  return new Promise((resolve) => {
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (!signalled && stopAt.test(output)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => {
      clearTimeout(watchdog);
      running.delete(child);
      resolve({ ready: output.includes('Safety Net Hub ready'), code, output, hung });
    });
  });
}

describe('starting in production', () => {
  let folder: string;
  let databaseUrl: string;
  let databaseName: string;
  let base: Record<string, string>;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-production-start-'));
    const { publicKey } = await generateKeyPair('ES256');
    await writeFile(path.join(folder, 'idp.pem'), await exportSPKI(publicKey));
    databaseName = `hub_prod_start_${randomBytes(4).toString('hex')}`;
    await adminQuery(process.env[SERVER_ENV]!, `CREATE DATABASE "${databaseName}"`);
    const url = new URL(process.env[SERVER_ENV]!);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    base = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(await freePort()),
      HUB_DATA_DIR: path.join(folder, 'data'),
      HUB_JWT_PUBLIC_KEY_FILE: path.join(folder, 'idp.pem'),
      HUB_JWT_ISSUER: 'https://idp.city.example',
      HUB_COHORT_KEY: '3'.repeat(64),
      HUB_AUDIT_KEY: '4'.repeat(64),
    };
  });
  afterAll(async () => {
    // A test that timed out leaves its hub running: it must not outlive the suite.
    for (const child of running) child.kill('SIGKILL');
    await adminQuery(process.env[SERVER_ENV]!, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await rm(folder, { recursive: true, force: true });
  });

  const schemasInDatabase = async () =>
    (await adminQuery(databaseUrl, "SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name IN ('core', 'audit')")).rows[0].n as number;

  it.each([
    ['no issuer', { HUB_JWT_ISSUER: '' }, /HUB_JWT_ISSUER/],
    ['no cohort key', { HUB_COHORT_KEY: '' }, /HUB_COHORT_KEY/],
    ['no audit key', { HUB_AUDIT_KEY: '' }, /HUB_AUDIT_KEY/],
    ['a statement timeout that is not a number', { HUB_STATEMENT_TIMEOUT_MS: 'soon' }, /HUB_STATEMENT_TIMEOUT_MS/],
    ['warm-up years that are not years', { HUB_INDICATOR_WARM_YEARS: '2023,last' }, /HUB_INDICATOR_WARM_YEARS must be years .*"last" is not one/],
  ])('stops with %s, naming the setting, before touching the database', async (_label, change, named) => {
    const result = await runHub({ ...base, ...change });
    expect(result.ready).toBe(false);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(named);
    expect(await schemasInDatabase()).toBe(0);
  }, 300_000);

  it('migrates but does not seed an empty database unless HUB_SEED_ON_START=1', async () => {
    const result = await runHub(base);
    expect(result.output).not.toMatch(/Seeding the demo city/);
    expect({ ready: result.ready, code: result.code, hung: result.hung }).toEqual({ ready: true, code: 0, hung: false });
    // Scheduled syncs of an empty database fail (no sources) and say so, one line each: nothing else may come between.
    expect(result.output).toMatch(/SIGTERM received: stopping the hub…\n(?:\[job queue\] [^\n]*\n)*Stopped cleanly\./);
    expect(await schemasInDatabase()).toBe(2);
    const persons = (await adminQuery(databaseUrl, 'SELECT count(*)::int AS n FROM core.person')).rows[0].n;
    expect(persons).toBe(0);
  }, 300_000);

  it('stops cleanly on a signal that comes during the start', async () => {
    const result = await runHub(base, /Migrations:/);
    expect({ ready: result.ready, code: result.code, hung: result.hung }).toEqual({ ready: false, code: 0, hung: false });
    // Scheduled syncs of an empty database fail (no sources) and say so, one line each: nothing else may come between.
    expect(result.output).toMatch(/SIGTERM received: stopping the hub…\n(?:\[job queue\] [^\n]*\n)*Stopped cleanly\./);
    expect(result.output).not.toMatch(/could not start/);
  }, 300_000);
});
