// Per token subject quotas at the built-in gateway: requests per minute
// (request-quota.ts, shared with Hive Gateway's configuration), and the
// summed estimated cost (limits.ts) of the operations run per minute. Past
// either, HTTP 429 with Retry-After. Both count in PostgreSQL (table
// gateway.request_quota), so every replica counts against the same quota, and
// fall back to counting in memory when that table cannot be reached.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError, TypeInfo, ValidationContext } from 'graphql';
import type pg from 'pg';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { QuotaSettings } from '../config.ts';
import type { HubContext } from '../graph/context.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { requestIdentityOf } from './authenticate.ts';
import { operationCost } from './limits.ts';
import { quotaCheckSkipped, quotaLimiter, quotaRefusedLine, RATE_LIMITED, requestQuota, retryAfterSeconds, subjectKey } from './request-quota.ts';

export { gatewayStatePool, RATE_LIMITED, subjectKey } from './request-quota.ts';

export interface RequestQuotas {
  /** Express middleware for /graphql after authenticate: one request of the subject's per-minute quota. */
  requests: RequestHandler;
  /** Apollo plugin: the operation's estimated cost taken from the subject's per-minute cost quota. */
  cost: ApolloServerPlugin<HubContext>;
}

export function requestQuotas(pool: pg.Pool, settings: QuotaSettings, log: (line: string) => void): RequestQuotas {
  const takeRequest = requestQuota(pool, settings.requestsPerMinute, log);
  const costLimiter = quotaLimiter(pool, 'cost', settings.costPerMinute);

  const requests: RequestHandler = async (_req: Request, res: Response, next: NextFunction) => {
    const refusal = await takeRequest(requestIdentityOf(res).identity.sub, requestTraceOf(res)?.traceId);
    if (refusal) {
      res.status(refusal.status).set(refusal.headers).json(refusal.body);
      return;
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
            log(quotaRefusedLine(contextValue.requestId, 'cost', `operation estimated at ${points} is over the cost quota of ${settings.costPerMinute} per minute`));
            throw new GraphQLError(`Estimated cost ${points} is more than this token's quota of ${settings.costPerMinute} per minute`, {
              extensions: { code: RATE_LIMITED, http: { status: 429, headers: new HeaderMap() } },
            });
          }
          try {
            await costLimiter.consume(subjectKey(contextValue.viewer.workerId), points);
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) return log(quotaCheckSkipped(rejection, contextValue.requestId));
            const seconds = retryAfterSeconds(rejection);
            log(quotaRefusedLine(contextValue.requestId, 'cost', `cost quota of ${settings.costPerMinute} per minute used up`));
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
