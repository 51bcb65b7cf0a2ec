// Starts `npm run subgraph -- <name>… [--own-database]` as a process of its
// own and waits until every named subgraph serves, or until it exits (then
// its output is given back). One helper for every test that needs subgraphs
// over HTTP: one subgraph, several in one process, or a connector served from
// a database of its own. The env must carry the deployment's HUB_COHORT_KEY
// and HUB_AUDIT_KEY (a subgraph never makes keys of its own) and its token keys.
import { runProcess, startProcess, type Started } from './child-processes.ts';

export interface SubgraphProcess extends Started {
  /** The URL of the first (or only) subgraph named. */
  url: string;
  /** Every subgraph's URL, by name. */
  urls: Record<string, string>;
}

export interface SubgraphProcessOptions {
  /** The port of the first subgraph (the next ones count up from it), to start one again where the gateway looks for it; free ports otherwise. */
  port?: number;
  /** `--own-database`: one connector, migrated with its own set into DATABASE_URL and served from it. */
  ownDatabase?: boolean;
  /** `--sync` (with ownDatabase): the connector's scheduled sync runs in the process too, into its own database. */
  sync?: boolean;
}

const SCRIPT = ['--import', 'tsx', 'scripts/subgraph.ts'];
const READY = /Subgraph (\S+) ready at (\S+)/g;

export async function startSubgraphProcess(names: string | string[], env: NodeJS.ProcessEnv, options: SubgraphProcessOptions = {}): Promise<SubgraphProcess> {
  const wanted = typeof names === 'string' ? [names] : names;
  const args = [...SCRIPT, ...wanted, '--port', String(options.port ?? 0), ...(options.ownDatabase ? ['--own-database'] : []), ...(options.sync ? ['--sync'] : [])];
  const started = await startProcess(args, env, /Subgraph \S+ ready at/, { count: wanted.length });
  // It listens on every interface; "localhost" may resolve to ::1 first.
  const urls = Object.fromEntries([...started.output().matchAll(READY)].map((m) => [m[1]!, m[2]!.replace('//localhost:', '//127.0.0.1:')]));
  return { ...started, url: urls[wanted[0]!]!, urls };
}

/** Runs a subgraph expected to refuse to start: its exit code and what it printed. */
export function subgraphRefusal(name: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return runProcess([...SCRIPT, name, '--port', '0'], env, { timeoutMs: 45_000 });
}
