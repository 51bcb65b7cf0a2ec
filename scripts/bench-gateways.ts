// `npm run bench:gateways -- [--seconds 5] [--scale 0.002]`: the family view
// through the built-in gateway and through Hive Gateway (its JavaScript and
// its Rust query planner, with gateway/hive/gateway.config.ts), all over the
// same subgraphs served by one `npm run subgraph -- --all` process over HTTP,
// on a fresh database (BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL,
// else the embedded PostgreSQL). Prints requests/s and the gateway's and the
// subgraphs' CPU ms per request. Short on purpose: two rounds of one run per
// gateway at 10 clients, the first a warm-up. requests/s counts succeeded
// answers; failures (any non-2xx such as a 429, GraphQL errors, no family in
// the body, no answer) are counted by code. Exit code 1 when more than half
// the requests through a gateway failed, or the run could not be done; 2 bad usage.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { connectors } from '../connectors/registry.ts';
import { authSettingsFrom } from '../src/auth/settings.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { startHubServer } from '../src/server/app.ts';
import { auditKey } from '../src/audit/audit-key.ts';
import { cohortKey } from '../connectors/kit/cohort.ts';
import { measure } from './bench-family/load.ts';
import { codesText, mostlyFailed } from './bench-support/request-outcomes.ts';
import { HUB_FAMILY_VIEW } from './bench-family/queries.ts';
import { caseworkerTokens, freshBenchDatabase } from './bench-support/bench-database.ts';

const USAGE = 'usage: npm run bench:gateways -- [--seconds <per gateway, default 5>] [--scale <default 0.002>]';
const REPO = path.resolve(import.meta.dirname, '..');
const CLIENTS = 10;
const FAMILIES = 20;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, scale: { type: 'string', default: '0.002' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seconds = Number(values.seconds);
  const scale = Number(values.scale);
  if (!(seconds > 0)) throw new UsageError('--seconds must be a positive number');
  if (!(scale > 0 && scale <= 1)) throw new UsageError('--scale must be a fraction in (0, 1]');
  return { seconds, scale };
}

/** CPU milliseconds a child process has used so far (user + system, from /proc). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts `node <args>` and resolves with it once its output matches `ready` `count` times. */
function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, count = 1): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if ((output.match(new RegExp(ready.source, 'g'))?.length ?? 0) >= count) resolve({ child, output });
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

await runCli(async () => {
  const { seconds, scale } = parse();
  const config = readConfig();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await freshBenchDatabase('hub_bench_gateways', config);
  const children: ChildProcess[] = [];
  try {
    say(`Preparing a scale ${scale} demo city with every connector synced…`);
    await migrate(db.url);
    await seedDemoCity(db.url, { scale, seed: 7 });
    connectPrisma(db.url);
    for (const connector of connectors) {
      await connector.generateDemoSource(db.url);
      await connector.sync(db.url);
    }
    // Statistics for the synced connector tables (the seed analyzes only its own): without them the first
    // indicator report planned its connector queries blind and ran past the statement timeout.
    await prisma().$executeRawUnsafe('ANALYZE');
    const names = allSubgraphs().map((s) => s.name);
    // The development keys exist before the subgraphs start (a subgraph never makes keys), and they share this process's secrets.
    const auth = await authSettingsFrom(config);
    const secrets = { HUB_COHORT_KEY: cohortKey().toString('hex'), HUB_AUDIT_KEY: auditKey().toString('hex') };
    const subgraphs = await startChild(['--import', 'tsx', 'scripts/subgraph.ts', '--all', '--port', '0'], { DATABASE_URL: db.url, ...secrets }, /ready at/, names.length);
    children.push(subgraphs.child);
    const urls = Object.fromEntries([...subgraphs.output.matchAll(/Subgraph (\S+) ready at (\S+)/g)].map((m) => [m[1]!, m[2]!.replace('localhost', '127.0.0.1')]));

    // No per-subject quota in a benchmark: one token sends every request (Hive's configuration reads HUB_RATE_LIMIT_PER_MINUTE).
    const quotas = { requestsPerMinute: 1_000_000_000, costPerMinute: 1_000_000_000_000 };
    const builtIn = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: () => undefined, remoteSubgraphUrls: urls, quotas });
    // The same gateway with every subgraph in its own process, as `npm start` runs: the cost of the HTTP hop.
    const inProcess = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: () => undefined, quotas });
    const hubSubgraphUrls = Object.entries(urls).map(([name, url]) => `${name}=${url}`).join(',');
    const hive = async (port: number, flags: string[]) => {
      const started = await startChild(['node_modules/@graphql-hive/gateway/dist/bin.js', 'supergraph', 'schema/supergraph.graphql', '-c', 'gateway/hive/gateway.config.ts', '-p', String(port), '-h', '127.0.0.1', ...flags], { HUB_SUBGRAPH_URLS: hubSubgraphUrls, DATABASE_URL: db.url, HUB_RATE_LIMIT_PER_MINUTE: String(quotas.requestsPerMinute) }, /Listening on/);
      children.push(started.child);
      return { url: `http://127.0.0.1:${port}/graphql`, pid: started.child.pid! };
    };
    const hiveJs = await hive(4391, []);
    const hiveRust = await hive(4392, ['--hive-router-runtime']);

    const [token] = await caseworkerTokens(config, 'bench-gateways', 1, 3600);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose-of-use': 'CASE_WORK' };
    // Families the caller (a SOCIAL caseworker) serves through an open case of SOCIAL's: any other family answers
    // FORBIDDEN, and a benchmark of refusals measures nothing (families 1–20 were 90% refusals once access was scoped).
    const served = await prisma().$queryRaw<{ family_id: number }[]>`
      SELECT DISTINCT family_id FROM core."case" WHERE owner_unit_code = 'SOCIAL' AND status = 'OPEN' ORDER BY family_id LIMIT ${FAMILIES}`;
    if (served.length < FAMILIES) throw new CliError(`The demo city has ${served.length} families with an open SOCIAL case; the benchmark needs ${FAMILIES}`);
    const bodies = served.map(({ family_id: id }) => JSON.stringify({ query: HUB_FAMILY_VIEW, variables: { id: encodeGlobalID('Family', id) } }));
    const job = (url: string, runSeconds: number) => ({ url, headers, bodies, connections: CLIENTS, seconds: runSeconds, expect: '"members"' });

    const systems = [
      { label: 'built-in (Apollo Gateway)', url: builtIn.url, pid: null as number | null },
      { label: 'built-in, subgraphs in process (npm start)', url: inProcess.url, pid: null as number | null, inProcess: true },
      { label: 'Hive Gateway, JS planner', url: hiveJs.url, pid: hiveJs.pid },
      { label: 'Hive Gateway, Rust planner', url: hiveRust.url, pid: hiveRust.pid },
    ];
    say(`Family view, ${FAMILIES} families in turn, ${CLIENTS} clients, ${seconds} s per gateway; all eight subgraphs in one process over HTTP.`);
    const rows: { label: string; throughput: number; gatewayCpu: number; subgraphCpu: number; failed: number; codes: string; mostlyFailed: boolean }[] = [];
    // Two rounds, gateways in turn; the first only warms every process (JIT, pools, caches) and is not reported.
    for (const [round, system] of [...systems.map((x) => [1, x] as const), ...systems.map((x) => [2, x] as const)]) {
      if (round === 1) {
        await measure(job(system.url, seconds), null);
        continue;
      }
      const gatewayBefore = system.pid ? cpuMsOf(system.pid) : 0;
      const subgraphsBefore = cpuMsOf(subgraphs.child.pid!);
      const run = await measure(job(system.url, seconds), null);
      const completed = Math.max(run.requests, 1);
      rows.push({
        label: system.label,
        throughput: run.throughput,
        // The built-in gateway runs in this process (measure reads its CPU); Hive in its own, read from /proc.
        gatewayCpu: system.pid ? (cpuMsOf(system.pid) - gatewayBefore) / completed : run.serverCpuMs,
        // In process, the subgraphs' work is in the gateway's CPU figure.
        subgraphCpu: 'inProcess' in system ? 0 : (cpuMsOf(subgraphs.child.pid!) - subgraphsBefore) / completed,
        // Every failure: a 429 or 503 answer, GraphQL errors, a body without the family, no answer at all.
        failed: run.failed,
        codes: codesText(run.outcomes),
        mostlyFailed: mostlyFailed(run.outcomes),
      });
    }
    const base = rows[0]!.throughput;
    say('| gateway | requests/s | × built-in | gateway CPU ms/request | subgraphs CPU ms/request | failed |');
    say('|---|---:|---:|---:|---:|---:|');
    for (const row of rows) say(`| ${row.label} | ${row.throughput.toFixed(1)} | ${(row.throughput / base).toFixed(2)} | ${row.gatewayCpu.toFixed(2)} | ${row.subgraphCpu.toFixed(2)} | ${row.failed} |`);
    for (const row of rows.filter((r) => r.failed > 0)) say(`${row.label}: failed ${row.codes}`);
    await builtIn.stop();
    await inProcess.stop();
    const mostlyFailedRows = rows.filter((row) => row.mostlyFailed);
    if (mostlyFailedRows.length > 0) {
      say(`!!! More than half the requests failed through: ${mostlyFailedRows.map((row) => row.label).join('; ')}. Those figures measure refusals, not serving.`);
      return 1;
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await disconnectPrisma();
    await db.close();
  }
}, { usage: USAGE });
