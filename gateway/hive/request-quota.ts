// A Hive Gateway plugin taking each request to /graphql from its caller's
// per-minute request quota, with the built-in gateway's module
// (src/server/request-quota.ts): the same table and keys, so a subject's
// requests through Hive and through the built-in gateway count against one
// quota; past it the same 429 answer with Retry-After, before anything is
// parsed or a subgraph is asked. The per-minute cost quota: cost-quota.ts.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import type { QuotaRefusal } from '../../src/server/request-quota.ts';
import { requestIdentityOf } from './edge-identity.ts';

export function requestQuotaPlugin(takeRequest: (subject: string, requestId?: string) => Promise<QuotaRefusal | undefined>): GatewayPlugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      // Identified at the edge (edge-identity.ts, an earlier plugin); a request without a caller was answered there.
      const caller = requestIdentityOf(request);
      if (!caller) return;
      const refusal = await takeRequest(caller.identity.sub);
      if (refusal) endResponse(fetchAPI.Response.json(refusal.body, { status: refusal.status, headers: refusal.headers }));
    },
  };
}
