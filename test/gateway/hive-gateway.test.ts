// Hive Gateway (from npm, both its JavaScript and its Rust query planner)
// serves the hub's supergraph over the subgraphs run as separate processes,
// with the repository's configuration (gateway/hive/gateway.config.ts), and
// answers as the built-in gateway over the same subgraphs: family view,
// indicator report (cross-agency included), a mutation, refusals at the edge
// and at the subgraphs, audit entries per request, one trace id per request,
// operations by hash and the allow-list, the request quota, a subgraph that
// refuses the forwarded token, and a dead subgraph.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cohortKey } from '../../connectors/kit/cohort.ts';
import { auditKey } from '../../src/audit/audit-key.ts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { connectors } from '../../connectors/registry.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { loadManifest } from '../../src/server/persisted-operations.ts';
import { startProcess, type Started } from '../support/child-processes.ts';
import { startSubgraphProcess } from '../support/subgraph-process.ts';
import { gid } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { AUDIENCE, createTestAuth, ISSUER, type Caller, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

const FAMILY_VIEW = `query FamilyView($id: ID!) { family(id: $id) { id members { relationship person { id name nationalId
  householdRegistration { householdNumber relationship district registeredOn }
  welfareStatuses { kind validFrom validTo } welfareSubsidies { kindCode monthlyAmount fromMonth toMonth }
  dropoutEpisodes { startedOn returnedOn referredToCounselling caseOpened }
  laborReferrals { kind outcome referredOn } probationTransitions { kind startedOn meetingOn invitedUnits } } }
  cases { kind status } servingUnits { unit { code } } } }`;
const VALUE = 'id numerator denominator value suppressed met byDistrict { district numerator denominator value suppressed }';
// The indicators subgraph's own, and the two @requires fields that count over a cohort another subgraph seals
// (education-dropouts, probation-transitions), each in a third subgraph. The other agencies' own indicators are
// left out only to keep the cold computation inside CI time.
const REPORT = `query Report { indicatorReport(year: 2023) { key minCellSize caseIndicators { ${VALUE} } welfareIndicators { ${VALUE} }
  crossAgencyIndicators { ${VALUE} } welfareCrossAgencyIndicators { ${VALUE} } } }`;
const PERSON = 'query OnePerson($id: ID!) { person(id: $id) { id name } }';
const REFER = 'mutation HiveRefer($input: CreateReferralInput!) { createReferral(input: $input) { ok error { code } } }';

/** Requests a minute per token subject at the gateways that test the quota. */
const QUOTA = 3;
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'w-analyst-hive', roles: ['ANALYST'] };
/** An NGO with no case assigned: family 1 is out of its scope. */
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-hive', org: 999_999 };
/** The agency stopped in the last test, served by a process of its own. */
const VICTIM = 'welfare-subsidies';

interface Answer { status: number; data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] }

describe('Hive Gateway over the subgraphs as separate processes', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let folder: string;
  let builtIn: HubServer;
  /** Both gateways in allow-list mode (HUB_PERSISTED_OPERATIONS_ONLY): ANALYST and NGO tokens may send only manifest operations. */
  const allowList: { builtIn?: HubServer; hive?: string } = {};
  /** Both gateways with a quota of QUOTA requests a minute per token subject. */
  const quota: { builtIn?: HubServer; hive?: string } = {};
  const gateways: Record<string, string> = {};
  const processes: Started[] = [];
  let victim: Started;
  /** Hive Gateway with welfare-subsidies served by a process that verifies tokens with other keys (a deployment error). */
  let misconfigured: { url: string; process: Started; welfareUrl: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-hive-'));
    process.env.HUB_WELFARE_DROP_DIR = path.join(folder, 'welfare-drop');
    await seedDemoCity(db.url, { scale: 0.001, seed: 5 });
    connectPrisma(db.url);
    for (const connector of connectors) {
      await connector.generateDemoSource(db.url);
      await connector.sync(db.url);
    }
    // Statistics for the synced connector tables (the seed analyzes only its own): without them the first
    // indicator report planned its connector queries blind and ran past the statement timeout.
    await prisma().$executeRawUnsafe('ANALYZE');
    auth = await createTestAuth();
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(auth.settings.keys as CryptoKey));
    const otherKeyFile = path.join(folder, 'other.pem');
    await writeFile(otherKeyFile, await exportSPKI((await generateKeyPair('ES256')).publicKey));
    // Generous deadlines: the first indicator report computes several subgraphs' year cubes on a shared CI machine.
    const env = { HUB_REQUEST_DEADLINE_MS: '120000', HUB_STATEMENT_TIMEOUT_MS: '120000', HUB_POOL_WAIT_MS: '60000', DATABASE_URL: db.url, HUB_JWT_PUBLIC_KEY_FILE: keyFile, HUB_JWT_ISSUER: ISSUER, HUB_JWT_AUDIENCE: AUDIENCE, NODE_ENV: 'test',
      // A subgraph never makes keys of its own: it gets the deployment's (this process's).
      HUB_COHORT_KEY: cohortKey().toString('hex'), HUB_AUDIT_KEY: auditKey().toString('hex') };
    const names = allSubgraphs().map((s) => s.name);
    const [others, alone, otherKeys] = await Promise.all([
      startSubgraphProcess(names.filter((n) => n !== VICTIM), env),
      startSubgraphProcess([VICTIM], env),
      startSubgraphProcess(VICTIM, { ...env, HUB_JWT_PUBLIC_KEY_FILE: otherKeyFile }),
    ]);
    processes.push(others, alone, otherKeys);
    victim = alone;
    const urls = { ...others.urls, ...alone.urls };
    expect(Object.keys(urls).sort()).toEqual([...names].sort());

    builtIn = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: () => undefined, remoteSubgraphUrls: urls, requestDeadlineMs: 120_000 });
    const listed = (subgraphUrls: Record<string, string>) => Object.entries(subgraphUrls).map(([name, url]) => `${name}=${url}`).join(',');
    // The gateway's own settings: the token keys and the database holding the revocation list, as the built-in gateway's.
    const hiveEnv = { DATABASE_URL: db.url, HUB_JWT_PUBLIC_KEY_FILE: keyFile, HUB_JWT_ISSUER: ISSUER, HUB_JWT_AUDIENCE: AUDIENCE, NODE_ENV: 'test' };
    const launchHive = async (flags: string[], subgraphUrls: Record<string, string>, extraEnv: Record<string, string> = {}) => {
      const port = await freePort();
      const hive = await startProcess(
        ['node_modules/@graphql-hive/gateway/dist/bin.js', 'supergraph', 'schema/supergraph.graphql', '-c', 'gateway/hive/gateway.config.ts', '-p', String(port), '-h', '127.0.0.1', ...flags],
        { ...hiveEnv, ...extraEnv, HUB_SUBGRAPH_URLS: listed(subgraphUrls) },
        /Listening on/,
      );
      processes.push(hive);
      return { url: `http://127.0.0.1:${port}/graphql`, process: hive };
    };
    const startHive = async (label: string, flags: string[]) => {
      gateways[label] = (await launchHive(flags, urls)).url;
    };
    const startMisconfigured = async () => {
      misconfigured = { ...(await launchHive([], { ...urls, [VICTIM]: otherKeys.url })), welfareUrl: otherKeys.url };
    };
    // While the Hive processes start: a first indicator report (another year than the one compared) warms the
    // indicator subgraphs, whose first answer in a fresh process takes ~25 s here (modules, solver, pools), not the gateways'.
    const warmUp = async () => {
      const headers = { 'content-type': 'application/json', ...(await auth.headers(ANALYST)) };
      await fetch(builtIn.url, { method: 'POST', headers, body: JSON.stringify({ query: REPORT.replace('year: 2023', 'year: 2022') }) });
    };
    const startAllowList = async () => {
      allowList.builtIn = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: () => undefined, remoteSubgraphUrls: urls, requestDeadlineMs: 120_000, persistedOperationsOnly: true });
      allowList.hive = (await launchHive([], urls, { HUB_PERSISTED_OPERATIONS_ONLY: '1' })).url;
    };
    const startQuota = async () => {
      quota.builtIn = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: () => undefined, remoteSubgraphUrls: urls, quotas: { requestsPerMinute: QUOTA, costPerMinute: 1_000_000_000 } });
      quota.hive = (await launchHive([], urls, { HUB_RATE_LIMIT_PER_MINUTE: String(QUOTA) })).url;
    };
    await Promise.all([startHive('hive (JS planner)', []), startHive('hive (Rust planner)', ['--hive-router-runtime']), startMisconfigured(), startAllowList(), startQuota(), warmUp()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await builtIn?.stop();
    await allowList.builtIn?.stop();
    await quota.builtIn?.stop();
    await disconnectPrisma();
    await db?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  const ask = async (url: string, query: string, variables: Record<string, unknown>, caller: Caller | null, extra: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(caller)), ...extra }, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    return { status: response.status, ...(text ? JSON.parse(text) : {}) };
  };
  const hives = () => Object.entries(gateways);
  // On a loaded CI machine a subgraph process still warming up or computing cohorts can answer "busy" (503),
  // which a gateway reports as UPSTREAM_UNAVAILABLE; the hub's clients retry that, and so do the comparisons
  // of whole answers (a few times). The dead-subgraph case below asks again only while another subgraph is the one missing.
  const askSettled = async (url: string, query: string, variables: Record<string, unknown>, caller: Caller | null, extra: Record<string, string> = {}) => {
    for (let attempt = 1; ; attempt++) {
      const answer = await ask(url, query, variables, caller, extra);
      const busy = answer.errors?.length && answer.errors.every((e) => ['UPSTREAM_UNAVAILABLE', 'SERVICE_UNAVAILABLE'].includes(e.extensions?.code ?? ''));
      if (!busy || attempt === 3) return answer;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  };
  const codes = (answer: Answer) => (answer.errors ?? []).map((e) => e.extensions?.code).sort();
  /** The family view with welfare-subsidies' fields null: what is left when that agency cannot be asked. */
  const withoutWelfare = (answer: Answer) => ({
    ...answer.data.family,
    members: answer.data.family.members.map((m: { person: object }) => ({ ...m, person: { ...m.person, welfareStatuses: null, welfareSubsidies: null } })),
  });

  it('answers the family view as the built-in gateway does, with every agency contributing', async () => {
    const expected = await askSettled(builtIn.url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER);
    expect(expected.errors).toBeUndefined();
    const members = expected.data.family.members as { person: Record<string, unknown[] | null> }[];
    // Means something only if remote agencies answered: welfare, household registration and education records are there.
    for (const field of ['welfareStatuses', 'dropoutEpisodes']) expect(members.some((m) => m.person[field]?.length)).toBe(true);
    expect(members.every((m) => m.person.householdRegistration)).toBe(true);
    for (const [label, url] of hives()) expect([label, await askSettled(url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER)]).toEqual([label, expected]);
  }, 120_000);

  it('answers the indicator report, the cross-agency indicators over other subgraphs\' cohorts included, as the built-in gateway does', async () => {
    const settled = (url: string) => askSettled(url, REPORT, {}, ANALYST);
    const expected = await settled(builtIn.url);
    expect(expected.errors).toBeUndefined();
    const report = expected.data.indicatorReport;
    // The @requires fields computed something (without the sealed cohort from its owner they are null),
    // and other indicators carry numbers, so equal answers are not equal nulls.
    expect(report.crossAgencyIndicators[0]).toMatchObject({ id: 'VULNERABLE_FAMILIES_WITH_DROPOUT' });
    expect(report.crossAgencyIndicators[0].byDistrict.length).toBeGreaterThan(0);
    expect(report.welfareCrossAgencyIndicators.length).toBeGreaterThan(0);
    expect(report.caseIndicators.some((v: { value: number | null }) => v.value !== null)).toBe(true);
    for (const [label, url] of hives()) expect([label, await settled(url)]).toEqual([label, expected]);
  }, 300_000);

  it('runs a mutation through Hive once: written and audited once, as through the built-in gateway', async () => {
    const member = await prisma().familyMembership.findFirst({ where: { familyId: 1, endDate: null }, orderBy: { id: 'asc' } });
    const open = await prisma().referral.findMany({ where: { personId: member!.personId, fromUnitCode: 'SOCIAL', status: { in: ['PENDING', 'ACCEPTED'] } }, select: { toUnitCode: true } });
    const free = ['LABOR', 'EDUCATION', 'JUSTICE', 'POLICE', 'HEALTH'].filter((unit) => !open.some((r) => r.toUnitCode === unit));
    const targets: [string, string][] = [['built-in', builtIn.url], ...hives()];
    expect(free.length).toBeGreaterThanOrEqual(targets.length);
    for (const [i, [label, url]] of targets.entries()) {
      const before = await prisma().auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
      const answer = await ask(url, REFER, { input: { personId: gid('Person', member!.personId), toUnit: free[i], reason: '就業服務' } }, SOCIAL_WORKER);
      expect([label, answer.errors, answer.data?.createReferral]).toEqual([label, undefined, { ok: true, error: null }]);
      const added = await prisma().auditEntry.findMany({ where: { id: { gt: before?.id ?? 0 } }, select: { kind: true, operation: true } });
      expect([label, added.map((e) => [e.kind, e.operation])]).toEqual([label, [['WRITE', 'HiveRefer']]]);
    }
    expect(await prisma().referral.count({ where: { personId: member!.personId, fromUnitCode: 'SOCIAL', toUnitCode: { in: free.slice(0, targets.length) } } })).toBe(targets.length);
  });

  it('refuses at the edge as the built-in gateway does: no token, a token that is not one, an unknown purpose', async () => {
    const body = JSON.stringify({ query: FAMILY_VIEW, variables: { id: gid('Family', 1) } });
    const good = await auth.headers(SOCIAL_WORKER);
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['not a token', { authorization: 'Bearer not-a-token' }],
      ['unknown purpose', { ...good, 'x-purpose-of-use': 'CURIOSITY' }],
    ];
    const answer = async (url: string, headers: Record<string, string>) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, authenticate: response.headers.get('www-authenticate'), body: await response.json() };
    };
    for (const [what, headers] of cases) {
      const expected = await answer(builtIn.url, headers);
      expect([what, expected.status]).toEqual([what, what === 'unknown purpose' ? 400 : 401]);
      for (const [label, url] of hives()) expect([what, label, await answer(url, headers)]).toEqual([what, label, expected]);
    }
  });

  it('refuses at the subgraphs whatever the gateway: an NGO out of scope, an ANALYST asking for a person', async () => {
    const personId = (await prisma().familyMembership.findFirst({ where: { familyId: 1 }, orderBy: { id: 'asc' } }))!.personId;
    const cases: [string, string, Record<string, unknown>, Caller | null][] = [
      ['NGO out of scope', FAMILY_VIEW, { id: gid('Family', 1) }, NGO],
      ['ANALYST asks for a person', PERSON, { id: gid('Person', personId) }, ANALYST],
    ];
    for (const [what, query, variables, caller] of cases) {
      const builtInAnswer = await ask(builtIn.url, query, variables, caller);
      for (const [label, url] of hives()) {
        const answer = await ask(url, query, variables, caller);
        // Nobody's records leave: no name, no national id, whatever the wording of the refusal.
        expect(JSON.stringify(answer.data ?? null)).not.toMatch(/"name"|"nationalId"/);
        expect([what, label, answer.data, codes(answer)]).toEqual([what, label, builtInAnswer.data, codes(builtInAnswer)]);
      }
    }
  });

  it('does not merge identical concurrent requests: each is audited at the subgraphs as through the built-in gateway', async () => {
    // One token for all: identical requests, which is what Hive's deduplication would merge (a token per request would not).
    const headers = { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)) };
    const body = JSON.stringify({ query: FAMILY_VIEW, variables: { id: gid('Family', 1) } });
    const auditedBy = async (url: string, concurrent: number) => {
      const before = await prisma().auditEntry.count();
      const answers = await Promise.all(Array.from({ length: concurrent }, async () => (await fetch(url, { method: 'POST', headers, body })).json() as Promise<Answer>));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      return (await prisma().auditEntry.count()) - before;
    };
    const perRequest = await auditedBy(builtIn.url, 1);
    expect(perRequest).toBeGreaterThan(0);
    expect(await auditedBy(builtIn.url, 8)).toBe(8 * perRequest);
    for (const [label, url] of hives()) {
      expect([label, await auditedBy(url, 1)]).toEqual([label, perRequest]);
      expect([label, await auditedBy(url, 8)]).toEqual([label, 8 * perRequest]);
    }
  });

  it('makes each request one trace: every subgraph process audits it under one request id, the caller\'s trace id when it sends one', async () => {
    /** The request ids of the audit entries the subgraph processes wrote for one family view. */
    const auditedUnder = async (url: string, extra: Record<string, string>) => {
      const before = await prisma().auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
      const answer = await askSettled(url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER, extra);
      expect(answer.errors).toBeUndefined();
      return (await prisma().auditEntry.findMany({ where: { id: { gt: before?.id ?? 0 } }, select: { requestId: true } })).map((e) => e.requestId);
    };
    // Several subgraphs audit their part of a family view (core, welfare, education, …): one id only means something then.
    const expectedCount = (await auditedUnder(builtIn.url, {})).length;
    expect(expectedCount).toBeGreaterThan(1);
    for (const [label, url] of hives()) {
      const started = await auditedUnder(url, {});
      expect([label, started.length, new Set(started).size]).toEqual([label, expectedCount, 1]);
      expect(started[0]).toMatch(/^[0-9a-f]{32}$/);
      const traceId = randomBytes(16).toString('hex');
      const continued = await auditedUnder(url, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
      expect([label, continued]).toEqual([label, Array(expectedCount).fill(traceId)]);
    }
  });

  /** A raw POST: status and body, whatever the body holds. */
  const post = async (url: string, body: Record<string, unknown>, caller: Caller | null) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(caller)) }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const manifest = loadManifest();
  /** The hex sha256 of the manifest operation named `name`. */
  const hashOf = (name: string) => [...manifest].find(([, text]) => new RegExp(`^query ${name}\\b`, 'm').test(text))![0];
  const apq = (hex: string) => ({ persistedQuery: { version: 1, sha256Hash: hex } });
  const UNKNOWN = 'ab'.repeat(32);

  it('serves manifest operations by hash as the built-in gateway does (APQ extension, documentId), and answers an unknown hash alike', async () => {
    const variables = { id: gid('Family', 1) };
    const hex = hashOf('FamilyView');
    const cases: [string, Record<string, unknown>][] = [
      ['APQ extension', { variables, extensions: apq(hex) }],
      ['documentId with sha256: prefix', { variables, documentId: `sha256:${hex}` }],
      ['bare documentId', { variables, documentId: hex }],
      ['unknown hash', { variables, extensions: apq(UNKNOWN) }],
      ['unknown documentId', { variables, documentId: `sha256:${UNKNOWN}` }],
    ];
    for (const [what, body] of cases) {
      const expected = await post(builtIn.url, body, SOCIAL_WORKER);
      if (what.startsWith('unknown')) expect([what, expected.status, expected.body.errors[0].extensions.code]).toEqual([what, 400, 'PERSISTED_QUERY_NOT_FOUND']);
      else expect([what, expected.status, expected.body.errors, expected.body.data.family.members.length > 0]).toEqual([what, 200, undefined, true]);
      for (const [label, url] of hives()) expect([what, label, await post(url, body, SOCIAL_WORKER)]).toEqual([what, label, expected]);
    }
    // A difference README names: with a text, Hive runs the text and does not check that the hash is the text's; Apollo does.
    const mismatched = { query: PERSON, variables: { id: gid('Person', 1) }, extensions: apq(hex) };
    expect((await post(builtIn.url, mismatched, SOCIAL_WORKER)).status).toBe(400);
    for (const [label, url] of hives()) expect([label, (await post(url, mismatched, SOCIAL_WORKER)).body.errors]).toEqual([label, undefined]);
  });

  it('in allow-list mode refuses what the built-in gateway refuses (ANALYST and NGO texts, unknown hashes) and answers the rest alike', async () => {
    const catalogue = hashOf('DashboardCatalogue');
    const personId = (await prisma().familyMembership.findFirst({ where: { familyId: 1 }, orderBy: { id: 'asc' } }))!.personId;
    const cases: [string, Record<string, unknown>, Caller, number, string | undefined][] = [
      ['ANALYST by hash', { extensions: apq(catalogue) }, ANALYST, 200, undefined],
      ['ANALYST by documentId', { documentId: `sha256:${catalogue}` }, ANALYST, 200, undefined],
      ['ANALYST, a text', { query: REPORT }, ANALYST, 400, 'PERSISTED_QUERY_REQUIRED'],
      ['NGO, a text', { query: FAMILY_VIEW, variables: { id: gid('Family', 1) } }, NGO, 400, 'PERSISTED_QUERY_REQUIRED'],
      ['ANALYST, an unknown hash', { extensions: apq(UNKNOWN) }, ANALYST, 400, 'PERSISTED_QUERY_NOT_FOUND'],
      ['a caseworker, a text', { query: PERSON, variables: { id: gid('Person', personId) } }, SOCIAL_WORKER, 200, undefined],
    ];
    for (const [what, body, caller, status, code] of cases) {
      const expected = await post(allowList.builtIn!.url, body, caller);
      expect([what, expected.status, expected.body.errors?.[0]?.extensions?.code]).toEqual([what, status, code]);
      if (status === 200) expect(expected.body.data).toBeTruthy();
      expect([what, await post(allowList.hive!, body, caller)]).toEqual([what, expected]);
    }
    // A difference README names: the exact manifest text without its hash is answered by the built-in gateway, refused by Hive.
    const text = { query: manifest.get(catalogue) };
    expect((await post(allowList.builtIn!.url, text, ANALYST)).status).toBe(200);
    const refused = await post(allowList.hive!, text, ANALYST);
    expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_REQUIRED']);
  });

  it('takes each request from the caller\'s per-minute quota, counted with the built-in gateway\'s: past it, the same 429 with Retry-After', async () => {
    const personId = (await prisma().familyMembership.findFirst({ where: { familyId: 1 }, orderBy: { id: 'asc' } }))!.personId;
    const body = { query: PERSON, variables: { id: gid('Person', personId) } };
    // Subjects of their own: the counters are per subject, in one table for every gateway.
    const worker = (sub: string): Caller => ({ ...SOCIAL_WORKER, sub });
    const answers = async (url: string, who: Caller, count: number) => {
      const got = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(who)) }, body: JSON.stringify(body) });
        got.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() });
      }
      return got;
    };
    // Retry-After counts down: the seconds are compared apart from the rest of the answer.
    const shape = (answer: { status: number; retryAfter: string | null; body: any }) =>
      JSON.parse(JSON.stringify({ status: answer.status, body: answer.body }).replace(/retry in \d+ s/g, 'retry in N s').replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":0'));
    const builtInAnswers = await answers(quota.builtIn!.url, worker('w-quota-built-in'), QUOTA + 1);
    const hiveAnswers = await answers(quota.hive!, worker('w-quota-hive'), QUOTA + 1);
    expect(builtInAnswers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(hiveAnswers.map(shape)).toEqual(builtInAnswers.map(shape));
    const refused = hiveAnswers[QUOTA]!;
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBe(Number(refused.retryAfter));
    // One quota whichever gateway counts: two requests through the built-in gateway leave one through Hive.
    const both = worker('w-quota-both');
    expect((await answers(quota.builtIn!.url, both, 2)).map((a) => a.status)).toEqual([200, 200]);
    expect((await answers(quota.hive!, both, 2)).map((a) => a.status)).toEqual([200, 429]);
    // Another subject is not held back.
    expect((await answers(quota.hive!, worker('w-quota-other'), 1)).map((a) => a.status)).toEqual([200]);
  });

  it('with a subgraph that refuses the forwarded token: the rest answered, UPSTREAM_AUTHENTICATION_FAILED on its fields, no URL, logged', async () => {
    const healthy = await askSettled(builtIn.url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER);
    const traceId = randomBytes(16).toString('hex');
    const answer = await ask(misconfigured.url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect([answer.status, answer.data.family]).toEqual([200, withoutWelfare(healthy)]);
    expect(answer.errors!.length).toBeGreaterThan(0);
    for (const error of answer.errors!) {
      expect([error.extensions?.code, error.message]).toEqual(['UPSTREAM_AUTHENTICATION_FAILED', `${VICTIM} refused the gateway's forwarded credentials; its part of the answer is missing`]);
      expect(error.path?.slice(0, 2)).toEqual(['family', 'members']);
    }
    expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|localhost|http:/);
    // Told to operators, with the subgraph's name (never its address or the token).
    const logged = misconfigured.process.output().split('\n').filter((line) => line.includes('"UPSTREAM_AUTHENTICATION_FAILED"'));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'error', subgraph: VICTIM, requestId: traceId });
    expect(logged.join('\n')).not.toContain(misconfigured.welfareUrl.replace('/graphql', ''));
  });

  it('with one agency\'s subgraph stopped: the rest answered, UPSTREAM_UNAVAILABLE on that agency\'s fields, no internal URL', async () => {
    const healthy = await askSettled(builtIn.url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER);
    expect(healthy.errors).toBeUndefined();
    await victim.stop();
    for (const [label, url] of [['built-in', builtIn.url], ...hives()] as [string, string][]) {
      let answer = await ask(url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER);
      // Under the full suite's load another subgraph may answer busy as well (seen once): asked again, only the stopped one stays missing.
      for (let attempt = 1; attempt < 3 && answer.errors?.some((e) => !e.message.startsWith(`${VICTIM} `)); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        answer = await ask(url, FAMILY_VIEW, { id: gid('Family', 1) }, SOCIAL_WORKER);
      }
      expect([label, answer.status, answer.data.family]).toEqual([label, 200, withoutWelfare(healthy)]);
      expect(answer.errors!.length).toBeGreaterThan(0);
      for (const error of answer.errors!) {
        expect([label, error.extensions?.code, error.message]).toEqual([label, 'UPSTREAM_UNAVAILABLE', `${VICTIM} is unavailable; its part of the answer is missing`]);
        // On the members' persons, where the agency's fields are (the planners place it at different depths).
        expect([label, error.path?.slice(0, 2)]).toEqual([label, ['family', 'members']]);
        expect(JSON.stringify(error)).not.toMatch(/127\.0\.0\.1|localhost|http:|ECONNREFUSED/);
      }
    }
  });
});
