// Zero trust: with the core subgraph running as its own service, it verifies
// the forwarded token itself and answers exactly as through the gateway.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, gid } from '../support/fixtures.ts';
import { createTestAuth, type TestAuth } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

describe('zero trust across subgraphs', () => {
  let db: TestDatabase;
  let auth: TestAuth;
  let subgraph: HubServer;
  let gateway: HubServer;
  let familyId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    auth = await createTestAuth();
    const core = allSubgraphs().find((s) => s.name === 'core')!;
    subgraph = await startSubgraphServer({ subgraph: core, auth: auth.settings, port: 0, log: () => undefined });
    gateway = await startHubServer({
      subgraphs: allSubgraphs(),
      auth: auth.settings,
      port: 0,
      remoteSubgraphUrls: { core: subgraph.url },
      log: () => undefined,
    });
    const [family] = await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 1, referrals: 1 });
    familyId = gid('Family', family!.familyId);
  });
  afterAll(async () => {
    await gateway.stop();
    await subgraph.stop();
    await disconnectPrisma();
    await db.drop();
  });

  const post = async (url: string, query: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables: { id: familyId } }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
  };
  const VIEW = 'query ($id: ID!) { family(id: $id) { id members { relationship person { name } } cases { kind } servingUnits { unit { code } } } }';

  it('answers the same directly and through the gateway', async () => {
    const headers = await auth.headers(SOCIAL_WORKER);
    const viaGateway = await post(gateway.url, VIEW, headers);
    const direct = await post(subgraph.url, VIEW, headers);
    expect(viaGateway.status).toBe(200);
    expect(viaGateway.body.errors).toBeUndefined();
    expect(direct).toEqual(viaGateway);
  });

  it('refuses a direct call without a token, as the gateway does', async () => {
    expect((await post(subgraph.url, VIEW, {})).status).toBe(401);
    expect((await post(gateway.url, VIEW, {})).status).toBe(401);
  });

  it('refuses a direct person-level call, entity lookups included, without a purpose', async () => {
    const headers = await auth.headers({ ...SOCIAL_WORKER, purpose: null });
    const direct = await post(subgraph.url, VIEW, headers);
    expect(direct.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const entities = await post(
      subgraph.url,
      `query ($id: ID!) { _entities(representations: [{ __typename: "Family", id: $id }]) { ... on Family { id } } }`,
      headers,
    );
    expect(entities.body.data).toBeUndefined();
    expect(entities.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
