// The one Prisma client of the process. It is created on first use from the
// URL given to connectPrisma (the start-up code and each test file call it),
// so importing a module never opens a connection.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { statementNamer } from './statement-names.ts';

let client: PrismaClient | undefined;
let connection: Connection | undefined;
const statementListeners = new Set<(sql: string) => void>();

/**
 * Bounds on the connections that answer requests: a statement, a lock wait,
 * a wait for a pooled connection and an idle open transaction each give up
 * instead of holding the request (and the pool) indefinitely. Batch jobs
 * (seed, sync) connect without them.
 */
export interface RequestTimeouts {
  statementMs: number;
  lockMs: number;
  poolWaitMs: number;
  idleInTransactionMs: number;
}

/** Where the client connects, and with which bounds. */
export interface Connection {
  url: string;
  timeouts?: RequestTimeouts;
}

export function connectPrisma(databaseUrl: string, options: { poolSize?: number; timeouts?: RequestTimeouts } = {}): PrismaClient {
  if (client) throw new Error('connectPrisma was already called; call disconnectPrisma first');
  const timeouts = options.timeouts;
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      ...(timeouts && {
        // node-postgres sends these as session settings when it opens each connection.
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        connectionTimeoutMillis: timeouts.poolWaitMs,
      }),
    },
    // Undefined (past the cap) runs the statement unnamed: node-postgres then does not prepare it.
    { statementNameGenerator: statementNamer() as (query: { sql: string }) => string },
  );
  const created = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  created.$on('query', (event) => {
    for (const listener of statementListeners) listener(event.query);
  });
  client = created;
  connection = { url: databaseUrl, timeouts };
  return created;
}

export function prisma(): PrismaClient {
  if (!client) throw new Error('The database is not connected yet (connectPrisma was not called)');
  return client;
}

/**
 * The connection the client was made for. A process-wide reader that must not
 * show up among a request's statements (the revocation list's refresh) opens
 * its own short-lived connection with it; each connectPrisma makes a new one.
 */
export function prismaConnection(): Connection {
  if (!connection) throw new Error('The database is not connected yet (connectPrisma was not called)');
  return connection;
}

export async function disconnectPrisma(): Promise<void> {
  const current = client;
  client = undefined;
  connection = undefined;
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
