// A Hive Gateway plugin giving mutations sent with an `Idempotency-Key` the
// built-in gateway's contract, with its gate (src/server/idempotency-gate.ts)
// on the same table: the first request with a key runs and its answer is kept;
// a retry by the same token subject gets that answer again (with
// `Idempotent-Replayed: true`) without running the mutation a second time,
// whichever of the two gateways the first request went through; a key reused
// for another request, a key still running and a malformed key get the same
// refusals. Queries ignore the header.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { PURPOSE_HEADER } from '../../src/auth/claims.ts';
import { IDEMPOTENCY_HEADER, type GateOutcome, type GatedRequest } from '../../src/server/idempotency-gate.ts';
import { GRAPHQL_PATH, requestIdentityOf } from './edge-identity.ts';
import { requestIdOf } from './request-trace.ts';

export function idempotencyPlugin(gate: (request: GatedRequest) => Promise<GateOutcome>): GatewayPlugin {
  return {
    onRequest({ request, url, requestHandler, setRequestHandler, fetchAPI }) {
      if (url.pathname !== GRAPHQL_PATH || request.method !== 'POST' || !request.headers.has(IDEMPOTENCY_HEADER)) return;
      // Identified at the edge (edge-identity.ts, an earlier plugin); a request without a caller was answered there.
      const caller = requestIdentityOf(request);
      if (!caller) return;
      // Around Hive's whole handling of the request, so that the answer kept is the one the client gets.
      setRequestHandler(async (req, serverContext) => {
        let body: unknown;
        try {
          body = JSON.parse(await req.clone().text());
        } catch {
          return requestHandler(req, serverContext); // not JSON: Hive refuses it, and nothing runs
        }
        const outcome = await gate({
          method: req.method,
          key: req.headers.get(IDEMPOTENCY_HEADER) ?? undefined,
          body,
          purpose: req.headers.get(PURPOSE_HEADER) ?? undefined,
          subject: caller.identity.sub,
          requestId: requestIdOf(req),
        });
        if (outcome.kind === 'pass') return requestHandler(req, serverContext);
        if (outcome.kind === 'answer') return new fetchAPI.Response(outcome.answer.text, { status: outcome.answer.status, headers: outcome.answer.headers });
        const response = await requestHandler(req, serverContext);
        // 5xx: the outcome is unknown, the claim stays unfinished (the gate keeps nothing).
        if (response.status >= 500) return response;
        const text = await response.text();
        await outcome.keep({ status: response.status, contentType: response.headers.get('content-type') ?? undefined, text });
        return new fetchAPI.Response(text, { status: response.status, headers: response.headers });
      });
    },
  };
}
