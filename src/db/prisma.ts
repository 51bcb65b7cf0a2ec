// The one Prisma client of the process. It is created on first use from the
// URL given to connectPrisma (the start-up code and each test file call it),
// so importing a module never opens a connection.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

let client: PrismaClient | undefined;
const statementListeners = new Set<(sql: string) => void>();

export function connectPrisma(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  if (client) throw new Error('connectPrisma was already called; call disconnectPrisma first');
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  const created = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  created.$on('query', (event) => {
    for (const listener of statementListeners) listener(event.query);
  });
  client = created;
  return created;
}

export function prisma(): PrismaClient {
  if (!client) throw new Error('The database is not connected yet (connectPrisma was not called)');
  return client;
}

export async function disconnectPrisma(): Promise<void> {
  const current = client;
  client = undefined;
  await current?.$disconnect();
}

/**
 * Calls `listener` with every SQL statement Prisma sends until the returned
 * function is called. Tests use it to prove a request's statement count does
 * not grow with the data.
 */
export function onStatement(listener: (sql: string) => void): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}
