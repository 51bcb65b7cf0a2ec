// Per token subject quotas at the gateway: requests per minute, and the
// summed estimated cost (limits.ts) of the operations run per minute. Past
// either, HTTP 429 with Retry-After. The counters live in PostgreSQL
// (rate-limiter-flexible's RateLimiterPostgres, table gateway.request_quota),
// so every replica counts against the same quota.
//
// When that table cannot be reached, each process counts in memory instead
// (the library's insurance limiter, same quota per process): the limiter never
// turns a database outage into a refusal of its own, and a caller still cannot
// run unbounded while the outage lasts.
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError, TypeInfo, ValidationContext } from 'graphql';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { QuotaSettings } from '../config.ts';
import type { HubContext } from '../graph/context.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { requestIdentityOf } from './authenticate.ts';
import { causeOf, redact } from './format-error.ts';
import { operationCost } from './limits.ts';

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

function limiter(pool: pg.Pool, keyPrefix: string, points: number): RateLimiterPostgres {
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

function retryAfterSeconds(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

export interface RequestQuotas {
  /** Express middleware for /graphql after authenticate: one request of the subject's per-minute quota. */
  requests: RequestHandler;
  /** Apollo plugin: the operation's estimated cost taken from the subject's per-minute cost quota. */
  cost: ApolloServerPlugin<HubContext>;
}

export function requestQuotas(pool: pg.Pool, settings: QuotaSettings, log: (line: string) => void): RequestQuotas {
  const requestLimiter = limiter(pool, 'rate', settings.requestsPerMinute);
  const costLimiter = limiter(pool, 'cost', settings.costPerMinute);
  const failedOpen = (requestId: string | undefined, error: unknown) =>
    log(JSON.stringify({ level: 'error', requestId, message: `quota check skipped: ${redact(causeOf(String((error as Error)?.message ?? error))).slice(0, 300)}` }));
  // Told to operators under the request's id, which quota it was and nothing about the caller (no subject, no query).
  const refused = (requestId: string | undefined, quota: 'requests' | 'cost', message: string) =>
    log(JSON.stringify({ level: 'warn', requestId, code: RATE_LIMITED, quota, message }));

  const requests: RequestHandler = async (_req: Request, res: Response, next: NextFunction) => {
    const requestId = requestTraceOf(res)?.traceId;
    try {
      await requestLimiter.consume(subjectKey(requestIdentityOf(res).identity.sub), 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const seconds = retryAfterSeconds(rejection);
        refused(requestId, 'requests', `request quota of ${settings.requestsPerMinute} per minute used up`);
        res.status(429).set('Retry-After', String(seconds)).json({
          errors: [{
            message: `More than ${settings.requestsPerMinute} requests in a minute from this token's subject; retry in ${seconds} s`,
            extensions: { code: RATE_LIMITED, retryAfterSeconds: seconds },
          }],
        });
        return;
      }
      failedOpen(requestId, rejection);
    }
    next();
  };

  const cost: ApolloServerPlugin<HubContext> = {
    async requestDidStart() {
      return {
        // Here rather than in the validation rule: Apollo caches validated documents, so a rule
        // does not run again for a repeated operation, and every run must be counted.
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
          const points = operationCost(context, operation);
          if (points > settings.costPerMinute) {
            refused(contextValue.requestId, 'cost', `operation estimated at ${points} is over the cost quota of ${settings.costPerMinute} per minute`);
            throw new GraphQLError(`Estimated cost ${points} is more than this token's quota of ${settings.costPerMinute} per minute`, {
              extensions: { code: RATE_LIMITED, http: { status: 429, headers: new HeaderMap() } },
            });
          }
          try {
            await costLimiter.consume(subjectKey(contextValue.viewer.workerId), points);
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) return failedOpen(contextValue.requestId, rejection);
            const seconds = retryAfterSeconds(rejection);
            refused(contextValue.requestId, 'cost', `cost quota of ${settings.costPerMinute} per minute used up`);
            throw new GraphQLError(`The operations of this token's subject cost more than ${settings.costPerMinute} in a minute; retry in ${seconds} s`, {
              extensions: { code: RATE_LIMITED, retryAfterSeconds: seconds, http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } },
            });
          }
        },
      };
    },
  };

  return { requests, cost };
}
