// One request, one id: the gateway continues the caller's W3C trace (or
// starts one), sends `traceparent` to every subgraph it calls, and the trace
// id is the request id of every log line, audit entry and error of that
// request, in the gateway and in a subgraph served elsewhere. A subgraph
// that refuses the forwarded credentials is reported as an upstream
// authentication failure, and a subgraph never starts on keys it made itself.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { connectors } from '../../connectors/registry.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { startTracing, stopTracing } from '../../src/telemetry/tracing.ts';
import { gid } from '../support/fixtures.ts';
import { startSubgraphProcess, subgraphRefusal, type SubgraphProcess } from '../support/subgraph-process.ts';
import { AUDIENCE, createTestAuth, ISSUER, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

const FAMILY_VIEW = `query TracedFamily($id: ID!) { family(id: $id) { id members { person { id name welfareStatuses { kind } } } } }`;
const SEARCH = `query TracedSearch($nationalId: String!) { searchPersons(by: { nationalId: $nationalId }) { truncated persons { id name } } }`;
const hex = () => randomBytes(32).toString('hex');

describe('trace ids across processes, upstream authentication failures, secrets at a subgraph start', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let folder: string;
  let welfare: SubgraphProcess;
  let welfareWithOtherKey: SubgraphProcess;
  let gateway: HubServer;
  let misconfigured: HubServer;
  const gatewayLog: string[] = [];
  const spans = new InMemorySpanExporter();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // Every process of this deployment shares these, as a city's would.
    process.env.HUB_COHORT_KEY = hex();
    process.env.HUB_AUDIT_KEY = hex();
    startTracing('test-gateway', { exporter: spans });
    db = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-trace-'));
    process.env.HUB_WELFARE_DROP_DIR = path.join(folder, 'welfare-drop');
    await seedDemoCity(db.url, { scale: 0.001, seed: 5 });
    connectPrisma(db.url);
    const welfareConnector = connectors.find((c) => c.name === 'welfare-subsidies')!;
    await welfareConnector.generateDemoSource(db.url);
    await welfareConnector.sync(db.url);
    auth = await createTestAuth();
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(auth.settings.keys as CryptoKey));
    const otherKeyFile = path.join(folder, 'other.pem');
    await writeFile(otherKeyFile, await exportSPKI((await generateKeyPair('ES256')).publicKey));
    env = { DATABASE_URL: db.url, HUB_JWT_ISSUER: ISSUER, HUB_JWT_AUDIENCE: AUDIENCE, NODE_ENV: 'test', HUB_DATA_DIR: folder, HUB_COHORT_KEY: process.env.HUB_COHORT_KEY, HUB_AUDIT_KEY: process.env.HUB_AUDIT_KEY };
    [welfare, welfareWithOtherKey] = await Promise.all([
      startSubgraphProcess('welfare-subsidies', { ...env, HUB_JWT_PUBLIC_KEY_FILE: keyFile }),
      startSubgraphProcess('welfare-subsidies', { ...env, HUB_JWT_PUBLIC_KEY_FILE: otherKeyFile }),
    ]);
    const subgraphs = allSubgraphs();
    const log = (line: string) => gatewayLog.push(line);
    gateway = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log, remoteSubgraphUrls: { 'welfare-subsidies': welfare.url } });
    misconfigured = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log, remoteSubgraphUrls: { 'welfare-subsidies': welfareWithOtherKey.url } });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([welfare?.stop(), welfareWithOtherKey?.stop()]);
    await gateway?.stop();
    await misconfigured?.stop();
    await stopTracing();
    await disconnectPrisma();
    await db.drop();
    await rm(folder, { recursive: true, force: true });
    for (const name of ['HUB_WELFARE_DROP_DIR', 'HUB_COHORT_KEY', 'HUB_AUDIT_KEY']) delete process.env[name];
  });

  const post = async (server: HubServer, query: string, variables: Record<string, unknown>, extra: Record<string, string> = {}) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)), ...extra }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
  };

  it("continues the caller's trace: the gateway's and the remote subgraph's audit entries carry its trace id", async () => {
    const traceId = randomBytes(16).toString('hex');
    const body = await post(gateway, FAMILY_VIEW, { id: gid('Family', 1) }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(body.errors).toBeUndefined();
    const members = body.data.family.members as { person: { welfareStatuses: unknown[] | null } }[];
    // The remote subgraph took part, so its entry is there to compare.
    expect(members.some((m) => m.person.welfareStatuses?.length)).toBe(true);
    const entries = await prisma().auditEntry.findMany({ where: { requestId: traceId }, select: { operation: true, personIds: true } });
    // One entry of the gateway (core's reads) and one of welfare-subsidies (its own fetch), one id.
    expect(entries.length).toBe(2);
    expect(entries.every((entry) => entry.operation === 'TracedFamily' && entry.personIds.length > 0)).toBe(true);
  });

  it('starts a trace when the caller sends none, and records every span of it under one trace id with no personal data', async () => {
    spans.reset();
    // A person who exists, so the read is audited under the trace's id.
    const nationalId = (await prisma().person.findFirst({ where: { nationalId: { not: null } }, orderBy: { id: 'asc' }, select: { nationalId: true } }))!.nationalId!;
    const body = await post(gateway, SEARCH, { nationalId }, { 'x-purpose-of-use': 'CASE_WORK' });
    expect(body.errors).toBeUndefined();
    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name).sort()).toEqual(expect.arrayContaining(['POST /graphql', 'graphql query', 'subgraph core']));
    const traceIds = new Set(finished.map((span) => span.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    const [traceId] = [...traceIds];
    expect(await prisma().auditEntry.count({ where: { requestId: traceId } })).toBeGreaterThan(0);
    const attributes = JSON.stringify(finished.map((span) => span.attributes));
    expect(attributes).not.toContain(nationalId);
    expect(attributes).not.toContain(SOCIAL_WORKER.sub);
    expect(attributes).not.toContain('searchPersons');
  });

  it('reports a subgraph that refuses the forwarded token as an upstream authentication failure, with the trace id in the log', async () => {
    const traceId = randomBytes(16).toString('hex');
    const body = await post(misconfigured, FAMILY_VIEW, { id: gid('Family', 1) }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    // Core's part still answers; welfare's fields carry the failure on their own paths.
    expect(body.data.family.members.length).toBeGreaterThan(0);
    const codes = new Set(body.errors!.map((error) => error.extensions?.code));
    expect([...codes]).toEqual(['UPSTREAM_AUTHENTICATION_FAILED']);
    // Placed on each member's person, whose welfare fields the refusing subgraph would have answered.
    expect(body.errors!.map((error) => error.path)).toEqual(body.data.family.members.map((_m: unknown, i: number) => ['family', 'members', i, 'person']));
    expect(body.data.family.members.every((m: { person: { name: string; welfareStatuses: unknown } }) => m.person.name && m.person.welfareStatuses === null)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(welfareWithOtherKey.url.replace('/graphql', ''));
    const logged = gatewayLog.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.code === 'UPSTREAM_AUTHENTICATION_FAILED');
    expect(logged).toMatchObject({ requestId: traceId, subgraph: 'welfare-subsidies' });
    // The refusing subgraph logged its refusal under the same id.
    expect(welfareWithOtherKey.output()).toContain(`"requestId":"${traceId}"`);
  });

  it('refuses to start a subgraph without the deployment secrets, naming them, instead of making keys of its own', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'hub-nokeys-'));
    try {
      const bare = { DATABASE_URL: db.url, HUB_DATA_DIR: empty, NODE_ENV: 'test', HUB_COHORT_KEY: '', HUB_AUDIT_KEY: '', HUB_JWT_PUBLIC_KEY_FILE: '', HUB_JWKS_FILE: '' };
      const development = await subgraphRefusal('welfare-subsidies', bare);
      expect(development.code).not.toBe(0);
      expect(development.output).toMatch(/HUB_JWT_PUBLIC_KEY_FILE or HUB_JWKS_FILE/);
      expect(development.output).toMatch(/HUB_COHORT_KEY/);
      expect(development.output).toMatch(/run it with the hub's HUB_DATA_DIR/);
      const production = await subgraphRefusal('welfare-subsidies', { ...bare, NODE_ENV: 'production', HUB_JWT_PUBLIC_KEY_FILE: path.join(folder, 'public.pem'), HUB_JWT_ISSUER: ISSUER });
      expect(production.code).not.toBe(0);
      expect(production.output).toMatch(/HUB_COHORT_KEY/);
      expect(production.output).toMatch(/HUB_AUDIT_KEY/);
      expect(production.output).not.toMatch(/HUB_JWT_PUBLIC_KEY_FILE or/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
