// Where each subgraph runs when not in this process: read from the
// environment by the built-in gateway and by the Hive Gateway configuration
// (gateway/hive/gateway.config.ts), so both are pointed at subgraphs alike.

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
