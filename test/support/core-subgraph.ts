// The core subgraph (or another, by name) run as its own service beside a test hub, and a request
// sent to it directly with a caller's token: what a subgraph applies on its
// own, whatever gateway is (or is not) in front of it.
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import type { Caller } from './test-auth.ts';
import type { GraphQLResponse, TestHub } from './test-hub.ts';

export function startCoreSubgraph(hub: TestHub, name = 'core'): Promise<HubServer> {
  return startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === name)!, auth: hub.auth.settings, port: 0, log: () => undefined });
}

export async function askSubgraph(subgraph: HubServer, hub: TestHub, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await hub.auth.headers(caller)) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}
