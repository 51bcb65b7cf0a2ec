// `npm run bench:family -- [--seconds 20] [--rounds 3] [--scale 0.01] [--quick]`:
// the hub's joined family view beside PostGraphile v5 and one hand-written SQL
// statement over the same fresh database (embedded PostgreSQL unless
// BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL names a server). Checks
// that the three return the same families, then loads them in interleaved
// rounds at 10 and 50 clients. `--quick`: one 3 s round at 10 clients.
// req/s counts succeeded answers only; a non-2xx answer (429, 503, …), one
// with GraphQL errors or another family shape is a failure, shown by code.
// Exit code: 0 when the run was done; 1 when the systems' data differ, a
// system's run mostly failed (more than half its requests: the figures would
// describe refusals) or the run could not be done; 2 bad usage.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { differences, factsOfHubShape, factsOfPostGraphile } from './bench-family/compare.ts';
import { createBenchDatabase, type BenchDatabase } from './bench-family/database.ts';
import { startBenchHub, type BenchHub } from './bench-family/hub-server.ts';
import { measure, PostgresCpu } from './bench-family/load.ts';
import type { LoadJob } from './bench-family/load-client.ts';
import { startPostGraphile } from './bench-family/postgraphile-server.ts';
import { HUB_FAMILY_VIEW, POSTGRAPHILE_FAMILY_VIEW } from './bench-family/queries.ts';
import { failureLines, table, throughputRatios, type SystemRuns } from './bench-family/report.ts';
import { startSqlEndpoint, type BenchEndpoint } from './bench-family/sql-endpoint.ts';

const USAGE = 'usage: npm run bench:family -- [--seconds <per run, default 20>] [--rounds <default 3>] [--scale <default 0.01>] [--quick]';
const FAMILIES = 200;
const CHECKED_FAMILIES = 20;
/** Each server's connection pool, as the hub's Prisma pool. */
const POOL_SIZE = 10;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { seconds: { type: 'string', default: '20' }, rounds: { type: 'string', default: '3' }, scale: { type: 'string', default: '0.01' }, quick: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new UsageError('--scale must be a fraction in (0, 1]');
  if (values.quick) return { scale, seconds: 3, rounds: 1, concurrencies: [10], warmUpSeconds: 1 };
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(seconds) && seconds > 0) || !(Number.isInteger(rounds) && rounds > 0)) throw new UsageError('--seconds and --rounds must be positive whole numbers');
  return { scale, seconds, rounds, concurrencies: [10, 50], warmUpSeconds: 3 };
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new CliError(`${url} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** The first 200 families the SOCIAL caseworker's family list shows, paged 100 at a time. */
async function readableFamilies(hub: BenchHub): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  while (ids.length < FAMILIES) {
    const answer: any = await post(
      hub.url,
      { query: 'query ($after: String) { families(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }', variables: { after } },
      hub.headers,
    );
    const page = answer.data?.families;
    if (!page) throw new CliError(`The hub refused the family list: ${JSON.stringify(answer.errors ?? answer)}`);
    ids.push(...page.edges.map((e: { node: { id: string } }) => Number(decodeGlobalID(e.node.id).id)));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  if (ids.length === 0) throw new CliError('The SOCIAL caseworker can read no family: is the demo city seeded?');
  return ids.slice(0, FAMILIES);
}

/** Stops with a non-zero exit when PostGraphile or the SQL endpoint answers a checked family differently from the hub. */
async function checkSameData(hub: BenchHub, postgraphile: BenchEndpoint, sql: BenchEndpoint, ids: number[]): Promise<string> {
  const step = Math.max(1, Math.floor(ids.length / CHECKED_FAMILIES));
  const checked = ids.filter((_, i) => i % step === 0).slice(0, CHECKED_FAMILIES);
  const problems: string[] = [];
  let masked = 0;
  for (const id of checked) {
    const hubAnswer = await post(hub.url, { query: HUB_FAMILY_VIEW, variables: { id: encodeGlobalID('Family', id) } }, hub.headers);
    const expected = factsOfHubShape(hubAnswer, true);
    if (!expected) {
      problems.push(`family ${id}: the hub returned no family (${JSON.stringify(hubAnswer.errors ?? null)})`);
      continue;
    }
    const others = [
      ['PostGraphile', factsOfPostGraphile(await post(postgraphile.url, { query: POSTGRAPHILE_FAMILY_VIEW, variables: { id } }))],
      ['SQL', factsOfHubShape(await post(sql.url, { id }), false)],
    ] as const;
    for (const [name, actual] of others) {
      const { found, skipped } = differences(expected, actual);
      masked += skipped.masked;
      for (const d of found) problems.push(`family ${id}, ${name}: ${d.path} is ${d.actual}, the hub says ${d.expected}`);
    }
  }
  if (problems.length > 0) {
    throw new CliError(
      `The three systems do not return the same data (${problems.length} difference${problems.length === 1 ? '' : 's'}):\n  ${problems.slice(0, 20).join('\n  ')}` +
        (problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''),
    );
  }
  return `Data check: families ${checked.join(', ')} are the same in the hub, PostGraphile and the SQL endpoint (${masked} value${masked === 1 ? '' : 's'} the hub masked or denied skipped; national ID, birth date and addresses not compared).`;
}

await runCli(async () => {
  const options = parse();
  const started = performance.now();
  say(`bench:family on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; load average at start: ${loadAverage()}`);
  const hubLog: string[] = [];
  let db: BenchDatabase | undefined;
  let hub: BenchHub | undefined;
  let postgraphile: BenchEndpoint | undefined;
  let sql: BenchEndpoint | undefined;
  let postgres: PostgresCpu | null = null;
  try {
    db = await createBenchDatabase(options.scale);
    say(`Database: ${db.summary} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    hub = await startBenchHub(db.url, (line) => hubLog.push(line));
    postgraphile = await startPostGraphile(db.url, POOL_SIZE);
    sql = await startSqlEndpoint(db.url, POOL_SIZE);
    const ids = await readableFamilies(hub);
    say(`Family ids: the first ${ids.length} of the SOCIAL caseworker's family list (purpose CASE_WORK)`);
    say(await checkSameData(hub, postgraphile, sql, ids));
    postgres = await PostgresCpu.open(db.url, db.local);
    if (!postgres) say('PostgreSQL CPU: n/a (the server is not on this machine, so its backends cannot be read from /proc)');

    const jobs: { label: string; job: Omit<LoadJob, 'connections' | 'seconds'> }[] = [
      {
        label: 'hub',
        job: { url: hub.url, headers: hub.headers, bodies: ids.map((id) => JSON.stringify({ query: HUB_FAMILY_VIEW, variables: { id: encodeGlobalID('Family', id) } })), expect: '"family":\\{' },
      },
      {
        label: 'PostGraphile',
        job: { url: postgraphile.url, headers: {}, bodies: ids.map((id) => JSON.stringify({ query: POSTGRAPHILE_FAMILY_VIEW, variables: { id } })), expect: '"familyByRowId":\\{' },
      },
      { label: 'SQL', job: { url: sql.url, headers: {}, bodies: ids.map((id) => JSON.stringify({ id })), expect: '"family" ?: ?\\{' } },
    ];
    for (const { job } of jobs) await measure({ ...job, connections: 10, seconds: options.warmUpSeconds }, null);
    say(`Warm-up: ${options.warmUpSeconds} s per system at 10 clients. Load: autocannon in a child process, one request in flight per client, clients take the family ids in turn.`);
    say('CPU per request: server = this process (all three servers live in it; only the one under load is busy), PostgreSQL = the backends of the benchmark database (/proc/<pid>/stat).');

    const tenClientRatios: number[] = [];
    const mostlyFailedRuns: string[] = [];
    for (const clients of options.concurrencies) {
      const results: SystemRuns[] = jobs.map(({ label }) => ({ label, runs: [] }));
      for (let round = 0; round < options.rounds; round++) {
        for (const [i, { job }] of jobs.entries()) results[i]!.runs.push(await measure({ ...job, connections: clients, seconds: options.seconds }, postgres));
      }
      say();
      for (const line of table(clients, options.seconds, results)) say(line);
      const failures = failureLines(clients, results);
      for (const line of failures.lines) say(line);
      mostlyFailedRuns.push(...failures.mostlyFailed);
      say(`(load average after: ${loadAverage()})`);
      if (clients === 10) tenClientRatios.push(throughputRatios(results[0]!.runs, results[1]!.runs).median);
    }
    if (hubLog.length > 0) say(`\nThe hub logged ${hubLog.length} line${hubLog.length === 1 ? '' : 's'} under load; the first: ${hubLog[0]!.slice(0, 300)}`);
    say(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s.`);
    say(`hub/PostGraphile throughput at 10 clients: ${tenClientRatios[0]!.toFixed(2)}x`);
    if (mostlyFailedRuns.length > 0) {
      say(`\n!!! More than half the requests failed in: ${mostlyFailedRuns.join('; ')}. Those figures measure refusals, not serving.`);
      return 1;
    }
  } finally {
    await postgres?.close().catch(() => undefined);
    await sql?.stop().catch(() => undefined);
    await postgraphile?.stop().catch(() => undefined);
    await hub?.stop().catch(() => undefined);
    await db?.drop();
  }
}, { usage: USAGE });
