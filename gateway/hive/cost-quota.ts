// A Hive Gateway plugin taking each operation's estimated cost from its
// caller's per-minute cost quota (HUB_COST_LIMIT_PER_MINUTE), with the
// built-in gateway's estimator (src/server/limits.ts) against the schema Hive
// serves (the supergraph's API schema) and its quota (src/server/request-quota.ts):
// counted in the same table under the same keys, so a subject's operations
// through Hive and through the built-in gateway count against one quota; past
// it, or for one operation estimated above the whole quota, the same 429
// before any subgraph is asked.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { getOperationAST, GraphQLError } from 'graphql';
import { estimatedCost } from '../../src/server/limits.ts';
import type { CostRefusal } from '../../src/server/request-quota.ts';
import { requestIdentityOf } from './edge-identity.ts';
import { requestIdOf } from './request-trace.ts';

export function costQuotaPlugin(takeCost: (subject: string, points: number, requestId?: string) => Promise<CostRefusal | undefined>): GatewayPlugin {
  return {
    // At execution, after validation: Hive caches validated documents, and every run must be counted.
    async onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const caller = request && requestIdentityOf(request);
      const operation = getOperationAST(args.document, args.operationName);
      if (!caller || !operation) return;
      const refusal = await takeCost(caller.identity.sub, estimatedCost(args.schema, args.document, operation), requestIdOf(request));
      if (!refusal) return;
      setResultAndStopExecution({
        errors: [new GraphQLError(refusal.error.message, { extensions: { ...refusal.error.extensions, http: { status: refusal.status, headers: refusal.headers } } })],
      });
    },
  };
}
