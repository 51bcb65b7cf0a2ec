// One request, one id, on every log line: a quota refusal, a passed deadline,
// a failed idempotency claim and an indicator export log under the W3C trace
// id the client's traceparent carried (the id of its spans and audit entries),
// never under an id of their own or none.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { requestTimeoutsFrom } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer, type HubServerOptions } from '../../src/server/app.ts';
import { startTracing, stopTracing } from '../../src/telemetry/tracing.ts';
import { createTestAuth, type Caller, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const CHEAP = '{ __typename }';
// Reads core.family, which the deadline case holds locked.
const FAMILIES = '{ families(first: 1) { edges { node { id } } } }';
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'analyst-request-ids', roles: ['ANALYST'], purpose: null };

type LogLine = Record<string, unknown>;

describe('every log line of a request carries its trace id', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let sql: pg.Client;
  const servers: HubServer[] = [];
  const log: string[] = [];
  const spans = new InMemorySpanExporter();

  const start = async (options: Partial<HubServerOptions>) => {
    const server = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => log.push(line), persistedOperationsOnly: false, ...options });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    startTracing('test-request-ids', { exporter: spans });
    db = await createTestDatabase();
    connectPrisma(db.url, { timeouts: requestTimeoutsFrom() });
    auth = await createTestAuth();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    for (const server of servers) await server.stop();
    await stopTracing();
    await disconnectPrisma();
    await db?.drop();
  });

  /** A fresh trace id and the traceparent header that continues it. */
  const newTrace = () => {
    const traceId = randomBytes(16).toString('hex');
    return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
  };
  const post = async (server: HubServer, who: Caller, query: string, headers: Record<string, string>) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(who)), ...headers }, body: JSON.stringify({ query }) });
    await response.text();
    return response.status;
  };
  /** The log lines written while `run` ran, and for `settleMs` after (a request may log after its answer). */
  const linesOf = async (run: () => Promise<unknown>, settleMs = 200): Promise<LogLine[]> => {
    const from = log.length;
    await run();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return log.slice(from).map((line) => JSON.parse(line) as LogLine);
  };

  it('logs a refusal past the request quota under the trace id', async () => {
    const server = await start({ quotas: { requestsPerMinute: 1, costPerMinute: 1_000 } });
    const who: Caller = { unit: 'SOCIAL', sub: 'w-request-quota' };
    expect(await post(server, who, CHEAP, {})).toBe(200);
    const { traceId, traceparent } = newTrace();
    let status = 0;
    const lines = await linesOf(async () => (status = await post(server, who, CHEAP, { traceparent })));
    expect(status).toBe(429);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', code: 'RATE_LIMITED', quota: 'requests' })]);
    for (const line of lines) expect(line.requestId).toBe(traceId);
    // Nothing about the caller: not the subject, not the query.
    expect(JSON.stringify(lines)).not.toMatch(/w-request-quota|__typename/);
  });

  it('logs a refusal past the cost quota under the trace id', async () => {
    const server = await start({ quotas: { requestsPerMinute: 100, costPerMinute: 5 } });
    const { traceId, traceparent } = newTrace();
    let status = 0;
    const lines = await linesOf(async () => (status = await post(server, { unit: 'SOCIAL', sub: 'w-cost-quota' }, '{ families(first: 10) { edges { node { id } } } }', { traceparent })));
    expect(status).toBe(429);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', code: 'RATE_LIMITED', quota: 'cost' })]);
    for (const line of lines) expect(line.requestId).toBe(traceId);
  });

  it('logs a passed deadline, and what the request logs after it, under the trace id', async () => {
    const server = await start({ requestDeadlineMs: 300 });
    const { traceId, traceparent } = newTrace();
    let status = 0;
    await sql.query('BEGIN');
    const lines = await linesOf(async () => {
      try {
        await sql.query('LOCK TABLE core.family IN ACCESS EXCLUSIVE MODE');
        status = await post(server, { unit: 'SOCIAL', sub: 'w-deadline' }, FAMILIES, { traceparent });
      } finally {
        await sql.query('ROLLBACK');
      }
    }, 1_500);
    expect(status).toBe(503);
    expect(lines).toContainEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', message: 'request deadline of 300 ms passed' }));
    for (const line of lines) expect(line.requestId).toBe(traceId);
  });

  it('logs a failed idempotency claim under the trace id', async () => {
    // The gateway's state store is away (nothing listens on port 1): quotas count in memory, a key cannot be claimed.
    const server = await start({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const { traceId, traceparent } = newTrace();
    let status = 0;
    const lines = await linesOf(async () => (status = await post(server, { unit: 'SOCIAL', sub: 'w-idempotent' }, 'mutation { __typename }', { traceparent, 'idempotency-key': 'k-request-ids' })));
    expect(status).toBe(503);
    expect(lines).toContainEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/^claiming an idempotency key: /) }));
    for (const line of lines) expect(line.requestId).toBe(traceId);
  });

  it("runs an export under the download's trace: its log lines and its operation span carry the trace id", async () => {
    // Every report costs more than this, so the export's own operation is refused and logged.
    const server = await start({ quotas: { requestsPerMinute: 100, costPerMinute: 1 } });
    const { traceId, traceparent } = newTrace();
    spans.reset();
    let status = 0;
    const lines = await linesOf(async () => {
      const response = await fetch(`${new URL(server.url).origin}/exports/indicators.csv?year=2023`, { headers: { ...(await auth.headers(ANALYST)), traceparent } });
      await response.text();
      status = response.status;
    });
    expect(status).toBe(429);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', code: 'RATE_LIMITED', quota: 'cost' })]);
    for (const line of lines) expect(line.requestId).toBe(traceId);
    const names = spans
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId)
      .map((span) => span.name)
      .sort();
    expect(names).toEqual(['GET /exports', 'graphql query']);
  });
});
