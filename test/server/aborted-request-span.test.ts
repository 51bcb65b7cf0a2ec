// A request the client gives up on still ends its HTTP server span, marked
// aborted, when the connection closes: without that the span would never be
// exported, and a trace of the requests that hurt most would be missing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { requestTimeoutsFrom } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { startTracing, stopTracing } from '../../src/telemetry/tracing.ts';
import { createTestAuth, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

// Reads core.family, which the test holds locked so the request cannot finish.
const FAMILIES = '{ families(first: 1) { edges { node { id } } } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the HTTP span of an aborted request', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let server: HubServer;
  let sql: pg.Client;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    startTracing('test-aborted-request', { exporter: spans });
    db = await createTestDatabase();
    connectPrisma(db.url, { timeouts: requestTimeoutsFrom() });
    auth = await createTestAuth();
    server = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: () => undefined, persistedOperationsOnly: false, requestDeadlineMs: 30_000 });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await server?.stop();
    await stopTracing();
    await disconnectPrisma();
    await db?.drop();
  });

  const serverSpansOf = (traceId: string) => spans.getFinishedSpans().filter((span) => span.name === 'POST /graphql' && span.spanContext().traceId === traceId);

  it('ends once, when the client goes, with error.type aborted and no status code', async () => {
    const traceId = randomBytes(16).toString('hex');
    const client = new AbortController();
    await sql.query('BEGIN');
    try {
      await sql.query('LOCK TABLE core.family IN ACCESS EXCLUSIVE MODE');
      const request = fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        body: JSON.stringify({ query: FAMILIES }),
        signal: client.signal,
      });
      await sleep(500);
      // Still waiting on the lock: nothing has ended yet.
      expect(serverSpansOf(traceId)).toHaveLength(0);
      client.abort();
      await expect(request).rejects.toThrow();
      for (let waited = 0; serverSpansOf(traceId).length === 0 && waited < 2_000; waited += 50) await sleep(50);
      const [span] = serverSpansOf(traceId);
      expect(span).toBeDefined();
      expect(span!.attributes['error.type']).toBe('aborted');
      expect(span!.attributes['http.response.status_code']).toBeUndefined();
      expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    } finally {
      await sql.query('ROLLBACK');
    }
    // The hub answers the request into the closed connection once the lock goes: the span is not ended twice.
    await sleep(1_500);
    expect(serverSpansOf(traceId)).toHaveLength(1);
  });

  it('ends a request answered in full on its finish, with its status and no error.type', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: JSON.stringify({ query: FAMILIES }),
    });
    expect(response.status).toBe(200);
    await response.text();
    for (let waited = 0; serverSpansOf(traceId).length === 0 && waited < 2_000; waited += 50) await sleep(50);
    const [span, ...more] = serverSpansOf(traceId);
    expect(more).toHaveLength(0);
    expect(span!.attributes['http.response.status_code']).toBe(200);
    expect(span!.attributes['error.type']).toBeUndefined();
    expect(span!.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
