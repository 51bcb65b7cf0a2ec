// The one Prisma client of the process. It is created on first use from the
// URL given to connectPrisma (the start-up code and each test file call it),
// so importing a module never opens a connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { statementNamer } from './statement-names.ts';

let client: PrismaClient | undefined;
let connection: Connection | undefined;
/** The unbounded client of batch work run inside a serving process (withBatchConnection); made on first use. */
let batchClient: PrismaClient | undefined;
const batchScope = new AsyncLocalStorage<PrismaClient>();
const statementListeners = new Set<(sql: string) => void>();

/** Connections of batch work inside a serving process: a sync at a time per connector, a few connectors at once. */
const BATCH_POOL_SIZE = 3;

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

function createClient(databaseUrl: string, options: { poolSize?: number; timeouts?: RequestTimeouts }): PrismaClient {
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
  return created;
}

export function connectPrisma(databaseUrl: string, options: { poolSize?: number; timeouts?: RequestTimeouts } = {}): PrismaClient {
  if (client) throw new Error('connectPrisma was already called; call disconnectPrisma first');
  client = createClient(databaseUrl, options);
  connection = { url: databaseUrl, timeouts: options.timeouts };
  return client;
}

/**
 * Runs batch work (a scheduled connector sync) inside a serving process on
 * connections of its own, without the request bounds: at whole-city scale a
 * sync's statements (a bulk upsert, refreshing the indicator buckets) run
 * longer than a request's statement may, and they must not take the pool the
 * requests are answered from. Every prisma() call within `work` gets that
 * client; outside it, nothing changes. A process connected without bounds
 * (the CLIs) runs the work as it is.
 */
export function withBatchConnection<T>(work: () => Promise<T>): Promise<T> {
  if (!connection) throw new Error('The database is not connected yet (connectPrisma was not called)');
  if (!connection.timeouts) return work();
  batchClient ??= createClient(connection.url, { poolSize: BATCH_POOL_SIZE });
  return batchScope.run(batchClient, work);
}

export function prisma(): PrismaClient {
  const batch = batchScope.getStore();
  if (batch) return batch;
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
  const batch = batchClient;
  client = undefined;
  batchClient = undefined;
  connection = undefined;
  await Promise.all([current?.$disconnect(), batch?.$disconnect()]);
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
