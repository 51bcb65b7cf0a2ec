// Apollo Gateway over the composed supergraph. By default every subgraph runs
// in this process; a subgraph given a URL (SUBGRAPH_<NAME>_URL, or
// HUB_SUBGRAPH_URLS="name=url,…") is reached over HTTP instead.
import { ApolloGateway } from '@apollo/gateway';
import type { AuthSettings } from '../auth/keys.ts';
import { composeSupergraph } from './compose.ts';
import { ForwardingRemoteDataSource, VerifyingLocalDataSource } from './data-sources.ts';
import type { Subgraph } from './subgraphs.ts';

export function createGateway(subgraphs: Subgraph[], auth: AuthSettings, remoteUrls: Record<string, string> = {}, log?: (line: string) => void): ApolloGateway {
  // Apollo Gateway sends usage metrics to Apollo's servers unless told not
  // to, and first probes the cloud metadata addresses (AWS, Azure, GCP,
  // Alibaba) to describe the machine. A hub holding child-protection data
  // calls no one it was not configured to call; this variable is the
  // gateway's only switch for it.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs),
    buildService: ({ name }) => {
      const remote = remoteUrls[name];
      if (remote) return new ForwardingRemoteDataSource(name, remote, log);
      const subgraph = byName.get(name);
      if (!subgraph) throw new Error(`No subgraph named ${name}`);
      return new VerifyingLocalDataSource(name, subgraph.schema, auth);
    },
  });
}

export { remoteSubgraphUrls, subgraphUrlVariable } from './subgraph-urls.ts';
