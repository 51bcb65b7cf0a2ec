// Per-subject quotas at the gateway: requests and summed operation cost per
// minute, counted in PostgreSQL so that every replica shares them; past a
// quota the answer is 429 with Retry-After.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { requestTimeoutsFrom } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { createTestAuth, type Caller, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const CHEAP = '{ __typename }';
// families(first: 10) { edges { node { id } } }: estimated at 111 (1 + 10 + 10×5 edges + 10×5 ids).
const PAGE = '{ families(first: 10) { edges { node { id } } } }';
// The same with a page of 100: 1,101, more than the whole per-minute cost quota below.
const BIG_PAGE = '{ families(first: 100) { edges { node { id } } } }';
const QUOTAS = { requestsPerMinute: 4, costPerMinute: 250 };

const caller = (sub: string): Caller => ({ unit: 'SOCIAL', sub });
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('request and cost quotas per token subject', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let first: HubServer;
  let second: HubServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url, { timeouts: requestTimeoutsFrom() });
    auth = await createTestAuth();
    const start = () => startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => logLines.push(line), persistedOperationsOnly: false, quotas: QUOTAS });
    first = await start();
    // A second replica on the same database, as a second gateway process would be.
    second = await start();
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
    await disconnectPrisma();
    await db.drop();
  });

  const send = async (server: HubServer, who: Caller, query = CHEAP) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(who)) }, body: JSON.stringify({ query }) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, any> };
  };

  it('answers 429 with Retry-After past the request quota, and leaves another subject alone', async () => {
    const busy = caller('w-busy');
    const statuses = [];
    for (let i = 0; i < QUOTAS.requestsPerMinute; i++) statuses.push((await send(first, busy)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await send(first, busy);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      errors: [{ message: `More than 4 requests in a minute from this token's subject; retry in ${refused.retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.retryAfter) } }],
    });
    expect(await send(first, caller('w-quiet'))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('counts one subject across two gateway replicas on the same database', async () => {
    const roaming = caller('w-roaming');
    const statuses = [];
    for (const server of [first, second, first, second, first, second]) statuses.push((await send(server, roaming)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('answers 429 once the summed cost of a minute passes the cost quota', async () => {
    const reader = caller('w-reader');
    const page = [await send(first, reader, PAGE), await send(second, reader, PAGE)];
    expect(page.map((r) => r.status)).toEqual([200, 200]);
    expect(page[0]!.body.data.families).toBeDefined();
    const refused = await send(first, reader, PAGE);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      { message: `The operations of this token's subject cost more than 250 in a minute; retry in ${refused.retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.retryAfter) } },
    ]);
    // Cheap operations of another subject still run.
    expect((await send(first, caller('w-other-reader'), PAGE)).status).toBe(200);
  });

  it('refuses an operation that alone costs more than the quota, without Retry-After', async () => {
    const refused = await send(first, caller('w-greedy'), BIG_PAGE);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeNull();
    expect(refused.body.errors[0]).toMatchObject({ message: 'Estimated cost 1101 is more than this token\'s quota of 250 per minute', extensions: { code: 'RATE_LIMITED' } });
  });

  it('keys the counters by a hash of the subject and nothing else about the caller', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>('SELECT key FROM gateway.request_quota ORDER BY key');
      const keys = rows.map((r) => r.key);
      for (const key of keys) expect(key).toMatch(/^(rate|cost):[0-9a-f]{64}$/);
      expect(keys).toContain(`rate:${hashOf('w-busy')}`);
      expect(keys).toContain(`cost:${hashOf('w-reader')}`);
      expect(keys.join(' ')).not.toMatch(/w-|SOCIAL|CASE_WORK|127\.0\.0\.1|families/);
    } finally {
      await client.end();
    }
  });

  it('keeps counting in memory when the quota table cannot be reached, instead of failing the request', async () => {
    // The counters' database is away (nothing listens on port 1); the hub's own database answers.
    const cut = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => logLines.push(line), persistedOperationsOnly: false, quotas: QUOTAS, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await send(cut, caller('w-during-outage'))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await cut.stop();
    }
  });
});
