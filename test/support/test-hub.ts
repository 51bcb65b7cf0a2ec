// Starts the whole hub (gateway + subgraphs) on a random port against the
// test file's own database, and sends GraphQL over real HTTP.
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import type { Viewer } from '../../src/graph/context.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestHub {
  db: TestDatabase;
  server: HubServer;
  logLines: string[];
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export const SOCIAL_WORKER: Viewer = { unit: 'SOCIAL', workerId: 'w-social-test' };

export async function startTestHub(): Promise<TestHub> {
  const db = await createTestDatabase();
  connectPrisma(db.url);
  const logLines: string[] = [];
  const server = await startHubServer({ subgraphs: allSubgraphs(), port: 0, log: (line) => logLines.push(line) });
  return {
    db,
    server,
    logLines,
    async query(query, variables = {}, viewer = SOCIAL_WORKER) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (viewer) Object.assign(headers, { 'x-hub-unit': viewer.unit, 'x-hub-worker': viewer.workerId });
      const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GraphQLResponse<any>;
    },
    async stop() {
      await server.stop();
      await disconnectPrisma();
      await db.drop();
    },
  };
}
