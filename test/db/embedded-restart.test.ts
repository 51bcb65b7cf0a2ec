// A hub killed with SIGKILL leaves its PostgreSQL running and its lock file
// behind; the next start must take over without manual repair, and keep the data.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
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

      const server = await startEmbeddedPostgres({ dataDir, port });
      try {
        const { rows } = await query(server.adminUrl, 'SELECT id FROM survivor');
        expect(rows).toEqual([{ id: 42 }]);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);

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
      process.kill(childPid, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
