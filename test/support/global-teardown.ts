import pg from 'pg';
import { SERVER_ENV, TEMPLATE_ENV } from './test-env.ts';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env[SERVER_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (serverUrl && template && !globalThis.__embeddedTestServer) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`).finally(() => admin.end());
  }
  await globalThis.__embeddedTestServer?.stop();
}
