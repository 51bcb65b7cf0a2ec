// Starts the whole hub (gateway + subgraphs) on a random port against the
// test file's own database, and sends GraphQL over real HTTP with tokens.
import { requestTimeoutsFrom } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer, type HubServerOptions } from '../../src/server/app.ts';
import { createTestAuth, type Caller, type TestAuth } from './test-auth.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestHub {
  db: TestDatabase;
  server: HubServer;
  auth: TestAuth;
  logLines: string[];
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, caller?: Caller | null): Promise<GraphQLResponse<T>>;
  post(body: unknown, headers: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export const SOCIAL_WORKER: Caller = { unit: 'SOCIAL', sub: 'w-social-test' };

export async function startTestHub(options: Pick<HubServerOptions, 'development' | 'persistedOperationsOnly'> = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  // The serving connection's bounds, as `npm start` sets them.
  connectPrisma(db.url, { timeouts: requestTimeoutsFrom() });
  const auth = await createTestAuth();
  const logLines: string[] = [];
  // Allow-list mode off unless a test asks: HUB_PERSISTED_OPERATIONS_ONLY in the shell must not change other tests.
  const server = await startHubServer({ subgraphs: allSubgraphs(), auth: auth.settings, port: 0, log: (line) => logLines.push(line), persistedOperationsOnly: false, ...options });
  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    db,
    server,
    auth,
    logLines,
    post,
    async query(query, variables = {}, caller = SOCIAL_WORKER) {
      const response = await post({ query, variables }, await auth.headers(caller));
      return (await response.json()) as GraphQLResponse<any>;
    },
    async stop() {
      await server.stop();
      await disconnectPrisma();
      await db.drop();
    },
  };
}
