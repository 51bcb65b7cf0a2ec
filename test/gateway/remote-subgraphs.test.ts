// Scale-out: the same family query answered with every subgraph in process,
// and with core and welfare-subsidies each served by `npm run subgraph` as a
// separate process that the gateway reaches over HTTP, gives identical results.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, type CryptoKey } from 'jose';
import { connectors } from '../../connectors/registry.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { remoteSubgraphUrls } from '../../src/gateway/gateway.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import { startSubgraphProcess } from '../support/subgraph-process.ts';
import { AUDIENCE, createTestAuth, ISSUER, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

const FAMILY_VIEW = `query FamilyView($id: ID!) { family(id: $id) { id members { relationship person { id name nationalId
  householdRegistration { householdNumber relationship district registeredOn syncedAt source }
  welfareStatuses { kind validFrom validTo syncedAt source } welfareSubsidies { kindCode monthlyAmount fromMonth toMonth }
  dropoutEpisodes { startedOn returnedOn referredToCounselling caseOpened }
  laborReferrals { kind outcome referredOn } probationTransitions { kind startedOn meetingOn invitedUnits } } }
  cases { kind status } servingUnits { unit { code } } } }`;

describe('subgraphs as separate processes', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let folder: string;
  let inProcess: HubServer;
  let distributed: HubServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-remote-'));
    process.env.HUB_WELFARE_DROP_DIR = path.join(folder, 'welfare-drop');
    await seedDemoCity(db.url, { scale: 0.001, seed: 5 });
    connectPrisma(db.url);
    for (const connector of connectors) {
      await connector.generateDemoSource(db.url);
      await connector.sync(db.url);
    }
    auth = await createTestAuth();
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(auth.settings.keys as CryptoKey));
    // A subgraph never makes keys of its own: it is given the deployment's (the test's) secrets.
    process.env.HUB_COHORT_KEY ??= randomBytes(32).toString('hex');
    process.env.HUB_AUDIT_KEY ??= randomBytes(32).toString('hex');
    const env = { DATABASE_URL: db.url, HUB_JWT_PUBLIC_KEY_FILE: keyFile, HUB_JWT_ISSUER: ISSUER, HUB_JWT_AUDIENCE: AUDIENCE, NODE_ENV: 'test', HUB_COHORT_KEY: process.env.HUB_COHORT_KEY, HUB_AUDIT_KEY: process.env.HUB_AUDIT_KEY };
    const core = await startSubgraphProcess('core', env);
    const welfare = await startSubgraphProcess('welfare-subsidies', env);
    children.push(core.child, welfare.child);

    const subgraphs = allSubgraphs();
    const remote = remoteSubgraphUrls({ SUBGRAPH_CORE_URL: core.url, SUBGRAPH_WELFARE_SUBSIDIES_URL: welfare.url }, subgraphs.map((s) => s.name));
    const log = () => undefined;
    inProcess = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log });
    distributed = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log, remoteSubgraphUrls: remote });
  }, 180_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await inProcess?.stop();
    await distributed?.stop();
    await disconnectPrisma();
    await db.drop();
    await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  const ask = async (server: HubServer) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)) },
      body: JSON.stringify({ query: FAMILY_VIEW, variables: { id: gid('Family', 1) } }),
    });
    return (await response.json()) as { data?: { family: { members: { person: Record<string, unknown> }[] } }; errors?: unknown[] };
  };

  it('answers the family view identically in process and across processes', async () => {
    const local = await ask(inProcess);
    expect(local.errors).toBeUndefined();
    const members = local.data!.family.members;
    expect(members.length).toBeGreaterThan(0);
    // The comparison means something only if the remote subgraphs contributed data.
    expect(members.some((m) => (m.person.welfareStatuses as unknown[] | null)?.length)).toBe(true);
    expect(members.every((m) => m.person.name)).toBe(true);
    expect(await ask(distributed)).toEqual(local);
  });

  it('records a mutation answered by a remote subgraph once, as the write it was, not again as refused at the gateway', async () => {
    const member = await prisma().familyMembership.findFirst({ where: { familyId: 1, endDate: null }, orderBy: { id: 'asc' } });
    // A receiver the unit has no open referral of this person to (a second one would be refused as a repeat).
    const open = await prisma().referral.findMany({ where: { personId: member!.personId, fromUnitCode: 'SOCIAL', status: { in: ['PENDING', 'ACCEPTED'] } }, select: { toUnitCode: true } });
    const toUnit = ['LABOR', 'EDUCATION', 'JUSTICE', 'POLICE', 'HEALTH'].find((unit) => !open.some((r) => r.toUnitCode === unit))!;
    const before = await prisma().auditEntry.count();
    const response = await fetch(distributed.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth.headers(SOCIAL_WORKER)) },
      body: JSON.stringify({
        query: 'mutation RemoteRefer($input: CreateReferralInput!) { createReferral(input: $input) { ok error { code } } }',
        variables: { input: { personId: gid('Person', member!.personId), toUnit, reason: '就業服務' } },
      }),
    });
    const body = (await response.json()) as { data?: { createReferral: { ok: boolean } } };
    expect(body.data?.createReferral.ok).toBe(true);
    const added = await prisma().auditEntry.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'desc' }, take: (await prisma().auditEntry.count()) - before });
    expect(added.map((entry) => [entry.kind, entry.operation])).toEqual([['WRITE', 'RemoteRefer']]);
  });

  it('forwards the caller: without a token the remote subgraphs are never asked', async () => {
    const response = await fetch(distributed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FAMILY_VIEW, variables: { id: gid('Family', 1) } }) });
    expect(response.status).toBe(401);
  });

  it('reads remote subgraph URLs per subgraph and refuses names and URLs that are wrong', () => {
    const names = ['core', 'welfare-subsidies'];
    expect(remoteSubgraphUrls({ SUBGRAPH_WELFARE_SUBSIDIES_URL: 'http://welfare:4002/graphql' }, names)).toEqual({ 'welfare-subsidies': 'http://welfare:4002/graphql' });
    expect(remoteSubgraphUrls({ HUB_SUBGRAPH_URLS: 'core=http://core:4001/graphql' }, names)).toEqual({ core: 'http://core:4001/graphql' });
    expect(() => remoteSubgraphUrls({ HUB_SUBGRAPH_URLS: 'welfare=http://x/graphql' }, names)).toThrow(/"welfare", which is not a subgraph/);
    expect(() => remoteSubgraphUrls({ SUBGRAPH_CORE_URL: 'core:4001' }, names)).toThrow(/subgraph core is not an http\(s\) URL/);
  });
});
