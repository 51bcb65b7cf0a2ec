// A Hive Gateway plugin identifying the caller at the edge, as the built-in
// gateway does (src/server/authenticate.ts): no token, a bad or revoked one,
// or an unknown purpose is answered at once with the built-in gateway's status
// and body, before anything is parsed or a subgraph is asked. The subgraphs
// still verify every forwarded token themselves; this check is what lets the
// gateway tell a caller's bad token from a subgraph that refuses a good one
// (refused-credentials.ts), and gives the allow-list and quotas their caller.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { PURPOSE_HEADER } from '../../src/auth/claims.ts';
import type { AuthSettings } from '../../src/auth/keys.ts';
import { identify, type RequestIdentity } from '../../src/auth/request-identity.ts';
import { tokenRefusal } from '../../src/server/token-refusal.ts';

/** The path Hive serves GraphQL on (its default, which gateway.config.ts keeps). */
export const GRAPHQL_PATH = '/graphql';

/** The verified caller of each request to GRAPHQL_PATH, by the request object Hive hands to every hook. */
const identities = new WeakMap<Request, RequestIdentity>();

export function requestIdentityOf(request: Request): RequestIdentity | undefined {
  return identities.get(request);
}

export function edgeIdentityPlugin(settings: AuthSettings, log: (line: string) => void, requestIdOf: (request: Request) => string | undefined = () => undefined): GatewayPlugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      // A CORS preflight carries no credentials by design.
      if (url.pathname !== GRAPHQL_PATH || request.method === 'OPTIONS') return;
      const credentials = { authorization: request.headers.get('authorization') ?? undefined, purpose: request.headers.get(PURPOSE_HEADER) ?? undefined };
      try {
        identities.set(request, await identify(credentials, settings));
      } catch (error) {
        const refusal = tokenRefusal(error, requestIdOf(request));
        if (!refusal) throw error;
        if (refusal.logLine) log(refusal.logLine);
        endResponse(fetchAPI.Response.json(refusal.body, { status: refusal.status, headers: refusal.headers }));
      }
    },
  };
}
