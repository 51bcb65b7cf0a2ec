// Gives a test file its own migrated database, cloned from the template the
// global setup built, so test files never see each other's rows.
import { randomBytes } from 'node:crypto';
import { runAdminStatement } from '../../src/db/admin-statement.ts';
import { SERVER_ENV, TEMPLATE_ENV } from './test-env.ts';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env[SERVER_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!serverUrl || !template) throw new Error('Run tests with `npm test`: the Jest global setup prepares the database');
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
