// An agency database that drops a source's idle connection (a restart, a
// DBA's pg_terminate_backend, a dropped test database) must not crash the
// process: node-postgres pools emit 'error' for it, and an 'error' event no
// one listens to throws. The next query opens a new connection.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateEducationSource } from '../education-dropouts/demo.ts';
import { PgEducationSource } from '../education-dropouts/source.ts';
import { startLaborAgencyApi } from '../labor-referrals/agency-api.ts';
import { generateLaborSource } from '../labor-referrals/demo.ts';
import { runAdminStatement } from '../../src/db/admin-statement.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { SERVER_ENV } from '../../test/support/test-env.ts';

describe('a dropped idle connection to an agency database', () => {
  let db: TestDatabase;
  const dropConnections = () =>
    runAdminStatement(process.env[SERVER_ENV]!, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCity(db.url, { scale: 0.001, seed: 5 });
    await generateEducationSource(db.url);
    await generateLaborSource(db.url);
  }, 120_000);
  afterAll(() => db.drop());

  it('leaves a connector source working', async () => {
    const source = new PgEducationSource(db.url);
    try {
      expect(await source.changedSince(null, 1)).toHaveLength(1);
      await dropConnections();
      await settle();
      expect(await source.changedSince(null, 1)).toHaveLength(1);
    } finally {
      await source.close();
    }
  });

  it('leaves the demo labor API working', async () => {
    const api = await startLaborAgencyApi(db.url);
    try {
      expect((await fetch(`${api.url}/api/v1/referrals?page_size=1`)).status).toBe(200);
      await dropConnections();
      await settle();
      expect((await fetch(`${api.url}/api/v1/referrals?page_size=1`)).status).toBe(200);
    } finally {
      await api.stop();
    }
  });
});
