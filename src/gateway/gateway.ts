// Apollo Gateway over the composed supergraph. By default every subgraph runs
// in this process; a subgraph named in HUB_SUBGRAPH_URLS ("name=url,…") is
// reached over HTTP instead.
import { ApolloGateway } from '@apollo/gateway';
import type { AuthSettings } from '../auth/keys.ts';
import { composeSupergraph } from './compose.ts';
import { ForwardingRemoteDataSource, VerifyingLocalDataSource } from './data-sources.ts';
import type { Subgraph } from './subgraphs.ts';

export function createGateway(subgraphs: Subgraph[], auth: AuthSettings, remoteUrls: Record<string, string> = {}): ApolloGateway {
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs),
    buildService: ({ name }) => {
      const remote = remoteUrls[name];
      if (remote) return new ForwardingRemoteDataSource(name, remote);
      const subgraph = byName.get(name);
      if (!subgraph) throw new Error(`No subgraph named ${name}`);
      return new VerifyingLocalDataSource(name, subgraph.schema, auth);
    },
  });
}

export function parseSubgraphUrls(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  return Object.fromEntries(
    raw.split(',').filter(Boolean).map((pair) => {
      const [name, url] = pair.split('=');
      if (!name || !url) throw new Error(`HUB_SUBGRAPH_URLS entries must look like name=url, got "${pair}"`);
      return [name.trim(), url.trim()];
    }),
  );
}
