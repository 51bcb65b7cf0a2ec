// A Hive Gateway plugin giving a subgraph that refuses the forwarded token
// (HTTP 401 or 403) the built-in gateway's answer (src/gateway/data-sources.ts):
// its part of the answer is null with UPSTREAM_AUTHENTICATION_FAILED on its
// paths, and the gateway logs which subgraph refused. The caller's token
// passed the edge check (edge-identity.ts) with the gateway's keys, so the
// refusal is a deployment error (the subgraph verifies with other keys), not
// the caller's. Without it Hive passes the subgraph's UNAUTHENTICATED on, as
// if the caller had to sign in again. Neither answer names the subgraph's address.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';

export const UPSTREAM_AUTHENTICATION_FAILED = 'UPSTREAM_AUTHENTICATION_FAILED';

/** What onFetch puts in place of a refusing subgraph's answer, for onSubgraphExecute (which knows the subgraph) to word. */
const REFUSED_MARK = 'hub: subgraph refused the forwarded credentials';

function refused(subgraphName: string): GraphQLError {
  // The same message as the built-in gateway.
  return new GraphQLError(`${subgraphName} refused the gateway's forwarded credentials; its part of the answer is missing`, { extensions: { code: UPSTREAM_AUTHENTICATION_FAILED } });
}

const markedRefused = (result: ExecutionResult) => (result.errors ?? []).some((error) => error.message === REFUSED_MARK);

export function refusedCredentialsPlugin(log: (line: string) => void, requestIdOf: (request: Request) => string | undefined = () => undefined): GatewayPlugin {
  return {
    onFetch() {
      return ({ response, setResponse }) => {
        if (response.status !== 401 && response.status !== 403) return;
        setResponse(Response.json({ errors: [{ message: REFUSED_MARK, extensions: { code: UPSTREAM_AUTHENTICATION_FAILED, status: response.status } }] }));
      };
    },
    onSubgraphExecute({ subgraphName, executionRequest }) {
      return ({ result, setResult }) => {
        if (Symbol.asyncIterator in result || !markedRefused(result)) return;
        const status = result.errors!.find((error) => error.message === REFUSED_MARK)!.extensions?.status;
        const request = executionRequest.context?.request as Request | undefined;
        log(JSON.stringify({
          level: 'error', requestId: request && requestIdOf(request), code: UPSTREAM_AUTHENTICATION_FAILED, subgraph: subgraphName,
          message: `subgraph ${subgraphName} refused the forwarded credentials with HTTP ${status}: check that it verifies tokens with the same keys as the gateway`,
        }));
        setResult({ errors: [refused(subgraphName)] });
      };
    },
  };
}
