// The per-subject quotas (requests per minute, estimated cost per minute), for
// any gateway: the built-in one's middleware and plugin (quotas.ts) and Hive
// Gateway's plugins (gateway/hive/request-quota.ts, cost-quota.ts) count in
// the same table under the same keys, so a subject's requests through either
// count against one quota. Past it, HTTP 429 with Retry-After. No Apollo or
// Express here.
//
// The counters live in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres,
// table gateway.request_quota), so every replica counts against the same
// quota. When that table cannot be reached, each process counts in memory
// instead (the library's insurance limiter, same quota per process): the
// limiter never turns a database outage into a refusal of its own, and a
// caller still cannot run unbounded while the outage lasts.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { causeOf, redact } from './format-error.ts';

export const RATE_LIMITED = 'RATE_LIMITED';

/** The table of migration 20261204000400_request_quotas, in the layout the library documents. */
const QUOTA_TABLE = { schemaName: 'gateway', tableName: 'request_quota', tableCreated: true } as const;

/** A state store's calls give up fast: a quota check must not hold a request while the database is away. */
const STORE_TIMEOUT_MS = 2_000;

/**
 * The pool of the gateway's own state (quotas, idempotency keys). It is apart
 * from Prisma's so these statements neither wait for the request pool nor
 * count among a request's statements.
 */
export function gatewayStatePool(databaseUrl: string, log: (line: string) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    statement_timeout: STORE_TIMEOUT_MS,
    lock_timeout: STORE_TIMEOUT_MS,
    application_name: 'hub-gateway-state',
  });
  // An idle connection the server dropped must not crash the process; the next checkout opens a new one.
  pool.on('error', (error) => log(JSON.stringify({ level: 'warn', message: `gateway state pool: ${redact(causeOf(error.message)).slice(0, 300)}` })));
  return pool;
}

/**
 * What a counter is kept under: the sha256 of the token subject, nothing
 * else about the caller or the request (no unit, purpose, address or query).
 */
export function subjectKey(subject: string): string {
  return createHash('sha256').update(subject, 'utf8').digest('hex');
}

export function quotaLimiter(pool: pg.Pool, keyPrefix: string, points: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    ...QUOTA_TABLE,
    keyPrefix,
    points,
    duration: 60,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
  });
}

export function retryAfterSeconds(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

/** The log line of a quota check that could not be made (the request goes on), under the request's id. */
export function quotaCheckSkipped(error: unknown, requestId?: string): string {
  return JSON.stringify({ level: 'error', requestId, message: `quota check skipped: ${redact(causeOf(String((error as Error)?.message ?? error))).slice(0, 300)}` });
}

/** The log line of a refusal: the request's id and which quota, nothing about the caller (no subject, no query). */
export function quotaRefusedLine(requestId: string | undefined, quota: 'requests' | 'cost', message: string): string {
  return JSON.stringify({ level: 'warn', requestId, code: RATE_LIMITED, quota, message });
}

export interface QuotaRefusal {
  status: 429;
  headers: Record<string, string>;
  body: { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
}

/**
 * Takes one request from the subject's per-minute quota: the 429 answer when
 * it is spent, undefined otherwise (also when no check could be made: logged).
 */
export function requestQuota(pool: pg.Pool, requestsPerMinute: number, log: (line: string) => void): (subject: string, requestId?: string) => Promise<QuotaRefusal | undefined> {
  const limiter = quotaLimiter(pool, 'rate', requestsPerMinute);
  return async (subject, requestId) => {
    const seconds = await secondsToWait(limiter, subject, 1, requestId, log);
    if (seconds === undefined) return undefined;
    log(quotaRefusedLine(requestId, 'requests', `request quota of ${requestsPerMinute} per minute used up`));
    return {
      status: 429,
      headers: { 'Retry-After': String(seconds) },
      body: {
        errors: [{
          message: `More than ${requestsPerMinute} requests in a minute from this token's subject; retry in ${seconds} s`,
          extensions: { code: RATE_LIMITED, retryAfterSeconds: seconds },
        }],
      },
    };
  };
}

/**
 * Takes points from the subject's quota: the seconds to wait when it is used
 * up; undefined when they were taken, or when no check could be made (logged:
 * each process then goes on as if the quota held).
 */
async function secondsToWait(limiter: RateLimiterPostgres, subject: string, points: number, requestId: string | undefined, log: (line: string) => void): Promise<number | undefined> {
  try {
    await limiter.consume(subjectKey(subject), points);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return retryAfterSeconds(rejection);
    log(quotaCheckSkipped(rejection, requestId));
    return undefined;
  }
}

/** A cost quota refusal, as one GraphQL error with the HTTP status and headers it is answered with. */
export interface CostRefusal {
  status: 429;
  headers: Record<string, string>;
  error: { message: string; extensions: { code: string; retryAfterSeconds?: number } };
}

/**
 * Takes an operation's estimated cost (limits.ts) from the subject's
 * per-minute cost quota, for any gateway: the built-in one's Apollo plugin
 * (quotas.ts) and Hive Gateway's (gateway/hive/cost-quota.ts), in the same
 * table under the same keys. An operation estimated above the whole quota is
 * refused without counting; undefined when the operation may run (also when
 * no check could be made: logged).
 */
export function costQuota(pool: pg.Pool, costPerMinute: number, log: (line: string) => void): (subject: string, points: number, requestId?: string) => Promise<CostRefusal | undefined> {
  const limiter = quotaLimiter(pool, 'cost', costPerMinute);
  return async (subject, points, requestId): Promise<CostRefusal | undefined> => {
    if (points > costPerMinute) {
      log(quotaRefusedLine(requestId, 'cost', `operation estimated at ${points} is over the cost quota of ${costPerMinute} per minute`));
      return { status: 429, headers: {}, error: { message: `Estimated cost ${points} is more than this token's quota of ${costPerMinute} per minute`, extensions: { code: RATE_LIMITED } } };
    }
    const seconds = await secondsToWait(limiter, subject, points, requestId, log);
    if (seconds === undefined) return undefined;
    log(quotaRefusedLine(requestId, 'cost', `cost quota of ${costPerMinute} per minute used up`));
    return {
      status: 429,
      headers: { 'retry-after': String(seconds) },
      error: { message: `The operations of this token's subject cost more than ${costPerMinute} in a minute; retry in ${seconds} s`, extensions: { code: RATE_LIMITED, retryAfterSeconds: seconds } },
    };
  };
}
