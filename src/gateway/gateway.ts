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

/** The variable naming one subgraph's URL: welfare-subsidies → SUBGRAPH_WELFARE_SUBSIDIES_URL. */
export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/**
 * Which subgraphs run elsewhere: SUBGRAPH_<NAME>_URL per subgraph, or the
 * list form HUB_SUBGRAPH_URLS. A name that is not a subgraph is refused, so
 * a typo cannot silently leave a subgraph in process.
 */
export function remoteSubgraphUrls(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of (env.HUB_SUBGRAPH_URLS ?? '').split(',').filter((p) => p.trim())) {
    const [name, url] = pair.split('=').map((part) => part?.trim());
    if (!name || !url) throw new Error(`HUB_SUBGRAPH_URLS entries must look like name=url, got "${pair}"`);
    if (!names.includes(name)) throw new Error(`HUB_SUBGRAPH_URLS names "${name}", which is not a subgraph (${names.join(', ')})`);
    urls[name] = url;
  }
  for (const name of names) {
    const url = env[subgraphUrlVariable(name)]?.trim();
    if (url) urls[name] = url;
  }
  for (const [name, url] of Object.entries(urls)) {
    const protocol = URL.canParse(url) ? new URL(url).protocol : null;
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`The URL of subgraph ${name} is not an http(s) URL: "${url}"`);
  }
  return urls;
}
