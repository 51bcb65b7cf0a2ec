// Per token subject quotas at the built-in gateway: requests per minute
// (request-quota.ts, shared with Hive Gateway's configuration), and the
// summed estimated cost (limits.ts) of the operations run per minute. Past
// either, HTTP 429 with Retry-After. Both count in PostgreSQL (table
// gateway.request_quota), so every replica counts against the same quota, and
// fall back to counting in memory when that table cannot be reached.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type pg from 'pg';
import type { QuotaSettings } from '../config.ts';
import type { HubContext } from '../graph/context.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { requestIdentityOf } from './authenticate.ts';
import { estimatedCost } from './limits.ts';
import { costQuota, requestQuota } from './request-quota.ts';

export { gatewayStatePool, RATE_LIMITED, subjectKey } from './request-quota.ts';

export interface RequestQuotas {
  /** Express middleware for /graphql after authenticate: one request of the subject's per-minute quota. */
  requests: RequestHandler;
  /** Apollo plugin: the operation's estimated cost taken from the subject's per-minute cost quota. */
  cost: ApolloServerPlugin<HubContext>;
}

export function requestQuotas(pool: pg.Pool, settings: QuotaSettings, log: (line: string) => void): RequestQuotas {
  const takeRequest = requestQuota(pool, settings.requestsPerMinute, log);
  const takeCost = costQuota(pool, settings.costPerMinute, log);

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
          const refusal = await takeCost(contextValue.viewer.workerId, estimatedCost(schema, document, operation), contextValue.requestId);
          if (refusal) {
            throw new GraphQLError(refusal.error.message, {
              extensions: { ...refusal.error.extensions, http: { status: refusal.status, headers: new HeaderMap(Object.entries(refusal.headers)) } },
            });
          }
        },
      };
    },
  };

  return { requests, cost };
}
