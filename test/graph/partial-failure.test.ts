// When an agency subgraph cannot be reached, the family view still returns
// everything else and marks the missing part UPSTREAM_UNAVAILABLE on its
// path, never an empty answer that reads as "no records".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, gid } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { createTestAuth, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('an unreachable agency subgraph', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let gateway: HubServer;
  let familyId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    auth = await createTestAuth();
    const closedPort = await freePort();
    gateway = await startHubServer({
      subgraphs: allSubgraphs(),
      auth: auth.settings,
      port: 0,
      remoteSubgraphUrls: { 'household-registration': `http://127.0.0.1:${closedPort}/graphql` },
      log: () => undefined,
    });
    familyId = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!.familyId;
  });
  afterAll(async () => {
    await gateway.stop();
    await disconnectPrisma();
    await db.drop();
  });

  it('returns everything else and marks the missing part', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth.headers({ unit: 'SOCIAL', sub: 'w-social' })) },
      body: JSON.stringify({ query: `{ family(id: "${gid('Family', familyId)}") { members { person { name householdRegistration { householdNumber } } } } }` }),
    });
    const body = (await response.json()) as { data: any; errors: { message: string; path: string[]; extensions: { code: string } }[] };
    expect(body.data.family.members.map((m: any) => m.person)).toEqual([
      { name: '王0之0', householdRegistration: null },
      { name: '王0之1', householdRegistration: null },
    ]);
    expect(body.errors.map((e) => [e.extensions.code, e.path.join('.'), e.message])).toEqual([
      ['UPSTREAM_UNAVAILABLE', 'family.members.0.person', 'household-registration is unavailable; its part of the answer is missing'],
      ['UPSTREAM_UNAVAILABLE', 'family.members.1.person', 'household-registration is unavailable; its part of the answer is missing'],
    ]);
  });
});
