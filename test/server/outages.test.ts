// When the database cannot answer — it is down, a lock is held, the pool is
// taken, the audit append cannot run, the request passes its deadline — the
// client gets SERVICE_UNAVAILABLE with HTTP 503 and Retry-After, never a
// masked internal error or a hang; the cause is logged; /ready says the
// database is down (and /health, liveness, stays 200); the hub recovers once the database is back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import { createTestAuth, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

const TIMEOUTS = { statementMs: 3_000, lockMs: 800, poolWaitMs: 800, idleInTransactionMs: 10_000 };

describe('outages answer 503 with Retry-After', () => {
  let db: TestDatabase;
  let proxy: CuttableProxy;
  let auth: TestAuth;
  let server: HubServer;
  let family: BuiltFamily;
  let sql: pg.Client;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startCuttableProxy(db.url);
    connectPrisma(proxy.url, { poolSize: 4, timeouts: TIMEOUTS });
    [family] = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 1, referrals: 0 })) as [BuiltFamily];
    auth = await createTestAuth();
    server = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => logLines.push(line), persistedOperationsOnly: false });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await server.stop();
    await disconnectPrisma();
    await proxy.close();
    await db.drop();
  });

  const familyView = async (target: HubServer = server) => {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)) },
      body: JSON.stringify({ query: 'query ($id: ID!) { family(id: $id) { id members { person { name } } } }', variables: { id: gid('Family', family.familyId) } }),
    });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const health = async (route = '/ready') => {
    const response = await fetch(server.url.replace(/\/graphql$/, route));
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  };
  const expectUnavailable = (answer: Awaited<ReturnType<typeof familyView>>) => {
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    const codes = new Set(answer.body.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(['SERVICE_UNAVAILABLE']);
    expect(answer.body.data?.family ?? null).toBeNull();
    expect(answer.text).not.toMatch(/prisma|postgres|ECONN|timeout|stack|node_modules|王/i);
  };

  it('answers while the database is up', async () => {
    const answer = await familyView();
    expect(answer.status).toBe(200);
    expect(answer.body.data?.family?.members).toHaveLength(3);
    expect(await health()).toEqual({ status: 200, retryAfter: null, body: { status: 'ready', checks: { database: 'up', migrations: 'up', queue: 'up' } } });
  });

  it('answers 503 with Retry-After while the database is unreachable, says so on /ready, logs the cause, and recovers', async () => {
    await proxy.cut();
    try {
      const started = Date.now();
      expectUnavailable(await familyView());
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await health()).toMatchObject({ status: 503, retryAfter: '5', body: { status: 'unavailable', checks: { database: 'down' } } });
      // Liveness asks nothing of the database: the process serves.
      expect(await health('/health')).toEqual({ status: 200, retryAfter: null, body: { status: 'ok' } });
      const logged = logLines.filter((line) => line.includes('SERVICE_UNAVAILABLE') || line.includes('NOT_READY'));
      expect(logged.join('\n')).toMatch(/reach database|Connection terminated|ECONNREFUSED|connect|closed/i);
      expect(logged.join('\n')).not.toMatch(/王/);
    } finally {
      await proxy.restore();
    }
    // The pool drops its broken connections and opens new ones.
    let answer = await familyView();
    for (let attempt = 0; attempt < 5 && answer.status !== 200; attempt++) answer = await familyView();
    expect(answer.status).toBe(200);
    expect(answer.body.data?.family?.members).toHaveLength(3);
    expect((await health()).status).toBe(200);
  });

  it('gives up on a held lock after lock_timeout instead of stalling every read', async () => {
    await sql.query('BEGIN');
    try {
      await sql.query('LOCK TABLE core.family IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      expectUnavailable(await familyView());
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await sql.query('ROLLBACK');
    }
    expect((await familyView()).status).toBe(200);
  });

  it('refuses the read when its audit entry cannot be appended: nothing leaves, 503 not 500', async () => {
    await sql.query('BEGIN');
    try {
      await sql.query('SELECT * FROM audit.head FOR UPDATE');
      expectUnavailable(await familyView());
    } finally {
      await sql.query('ROLLBACK');
    }
    expect((await familyView()).status).toBe(200);
  });

  it('answers 503 when every pooled connection stays taken past the pool wait', async () => {
    // Four transactions hold the pool of four.
    const holders = Array.from({ length: 4 }, () => prisma().$transaction(async (tx) => tx.$queryRaw`SELECT pg_sleep(2)::text`, { timeout: 5_000, maxWait: 5_000 }));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expectUnavailable(await familyView());
    } finally {
      await Promise.allSettled(holders);
    }
    expect((await familyView()).status).toBe(200);
  });

  it('answers 503 at the request deadline, and the late answer is dropped without a fault', async () => {
    const hasty = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => logLines.push(line), persistedOperationsOnly: false, requestDeadlineMs: 300 });
    await sql.query('BEGIN');
    try {
      await sql.query('LOCK TABLE core.family IN ACCESS EXCLUSIVE MODE');
      const answer = await familyView(hasty);
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('5');
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.body.errors?.[0]?.message).toMatch(/did not finish within 0.3 s/);
    } finally {
      await sql.query('ROLLBACK');
    }
    // The request ran on behind its 503; let it end, then the server must still answer.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await familyView(hasty)).status).toBe(200);
    expect(logLines.join('\n')).not.toMatch(/ERR_HTTP_HEADERS_SENT|Cannot set headers/);
    await hasty.stop();
  });
});
