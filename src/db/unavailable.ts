// Tells "the database cannot answer now" (down, unreachable, the pool or a
// lock waited too long, a statement ran past its timeout) from every other
// fault. Those are not the caller's error nor a bug to mask: the client is
// told to come back (SERVICE_UNAVAILABLE, HTTP 503, Retry-After) and the
// cause is logged.
import { GraphQLError } from 'graphql';

/** Seconds a client is asked to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

// Prisma: can't reach (P1001), timed out connecting (P1002), operation timed
// out (P1008), server closed the connection (P1017), pool timeout (P2024),
// transaction could not start in time (P2028).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
// PostgreSQL: statement or lock timeout and cancellation, shutdown, too many connections.
const POSTGRES_CODES = new Set(['57014', '55P03', '57P01', '57P02', '57P03', '53300', '53400']);
const DRIVER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseUnavailable']);
const MESSAGES =
  /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|Unable to start a transaction in the given time|ECONNREFUSED|ECONNRESET|Server has closed the connection|canceling statement due to (statement|lock) timeout|the database system is (shutting down|starting up)/i;

/** True when `error`, or anything it wraps, says the database cannot answer now. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as Record<string, any>;
  if (e.extensions?.code === SERVICE_UNAVAILABLE) return true;
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || POSTGRES_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  const driver = e.meta?.driverAdapterError?.cause ?? (e.name === 'DriverAdapterError' ? e.cause : undefined);
  if (driver && (DRIVER_KINDS.has(driver.kind) || (driver.kind === 'postgres' && (POSTGRES_CODES.has(driver.code) || String(driver.code).startsWith('08'))))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return [e.originalError, e.cause].some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

/** The error a client sees when the database cannot answer now; the cause stays in the log. */
export function serviceUnavailable(path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(`The service is temporarily unavailable; retry in ${RETRY_AFTER_SECONDS} s`, {
    path,
    extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS },
  });
}

/**
 * `error` as the client will see it, when it says the database cannot answer;
 * otherwise unchanged. The cause travels in `extensions.cause` to the
 * gateway's formatError, which logs it and removes it before the answer leaves.
 */
export function unavailableOr(error: GraphQLError): GraphQLError {
  if (!isDatabaseUnavailable(error)) return error;
  const mapped = serviceUnavailable(error.path);
  mapped.extensions.cause = causeMessage(error);
  return mapped;
}

export function causeMessage(error: unknown): string {
  const inner = (error as { originalError?: unknown })?.originalError ?? error;
  return inner instanceof Error ? inner.message : String(inner);
}
