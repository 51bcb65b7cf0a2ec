// A Hive Gateway plugin giving a dead subgraph the hub's contract: its part
// of the answer is null with UPSTREAM_UNAVAILABLE on its paths, everything
// else is answered, and the message names the subgraph but never its
// internal URL. Without it Hive masks the failure as INTERNAL_SERVER_ERROR
// "Unexpected error." (unmasked, it is "connect ECONNREFUSED <host:port>").
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';

/** The code Hive's HTTP transport gives a subgraph request that got no usable HTTP answer. */
const TRANSPORT_FAILURE = 'SUBREQUEST_HTTP_ERROR';

function unavailable(subgraphName: string): GraphQLError {
  // The same message as the built-in gateway (src/gateway/data-sources.ts).
  return new GraphQLError(`${subgraphName} is unavailable; its part of the answer is missing`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
}

function failedInTransport(result: ExecutionResult): boolean {
  return !result.data && (result.errors ?? []).some((error) => error.extensions?.code === TRANSPORT_FAILURE);
}

export function unavailableSubgraphPlugin(): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName }) {
      return ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) return; // subscriptions: none in this graph
        if (failedInTransport(result)) setResult({ errors: [unavailable(subgraphName)] });
      };
    },
  };
}
