// Runs once before all test files: finds or starts a PostgreSQL server and
// builds a migrated template database that each test file clones.
import os from 'node:os';
import path from 'node:path';
import { chmod, mkdtemp } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrator.ts';
import { freePort } from './free-port.ts';
import { TEMPLATE_ENV, SERVER_ENV, templateNameFor } from './test-env.ts';

declare global {
  // Shared with global-teardown, which Jest runs in the same process.
  var __embeddedTestServer: EmbeddedServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  const serverUrl = await resolveServer();
  const template = templateNameFor(process.pid);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(serverUrl, template));
  process.env[SERVER_ENV] = serverUrl;
  process.env[TEMPLATE_ENV] = template;
}

async function resolveServer(): Promise<string> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) return given;
  const parent = await mkdtemp(path.join(os.tmpdir(), 'hub-test-pg-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
  globalThis.__embeddedTestServer = server;
  return server.adminUrl;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
