// `npm run bench:search -- [--scale 1] [--requests 2000] [--concurrency 10] [--quick] [--database <name>]`:
// latency of the purpose-bound search (src/graph/types/search.ts) on the
// whole-city database. The issue's goal: p95 under 50 ms at 2.8 M persons.
//
// Builds a fresh database holding the demo city on the server of
// BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL (or in the embedded
// PostgreSQL when none is set), registers every current family member in
// household.registration, starts the hub (gateway and every subgraph in this
// process), and sends searchPersons over HTTP as SOCIAL caseworkers with
// purpose CASE_WORK: the four criterion sets, interleaved, each drawn from
// real rows. First one request at a time, then `--concurrency` at once
// (autocannon). The whole HTTP path is timed — gateway, token check, quota,
// shield, the search, the policy and the audit entry — because that is what a
// caseworker waits for; the SQL alone is shown beside it by EXPLAIN ANALYZE of
// the statements the hub actually sent, with the parameters it sent.
//
// Seeding: seedDemoCity at scale 1 takes about 4 minutes on a 2-core
// development machine (0.05 took 7 s, 0.2 took 36 s, 1 took 220–255 s), so the
// default is the whole city as `npm run seed` makes it; no shortcut (cloned
// rows) is needed.
// Household numbers are written in SQL as the household connector's demo
// source spells them ('H' + the family id on 8 digits), one row per current
// member, instead of generating the agency source and running its sync: the
// search reads only household_number, and the sync would add minutes.
//
// The main mix searches an address by its prefix up to the house number.
// Broader prefixes (a whole street, a whole district) are allowed by the API
// and are measured apart, so the worst case is visible but does not hide in
// the mix.
//
// Exit code: 0 when every search answered, found the row it was drawn from,
// used an index and the sequential p95 of the mix is under 50 ms; 1 when one of
// those failed or the audit trail is broken; 2 bad usage.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { PURPOSE_HEADER } from '../src/auth/claims.ts';
import { authSettingsFrom } from '../src/auth/settings.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';
import type { Prisma } from '../src/generated/prisma/client.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { startHubServer } from '../src/server/app.ts';
import { caseworkerTokens, freshBenchDatabase } from './bench-support/bench-database.ts';
import { failureOf } from './bench-support/request-outcomes.ts';

const USAGE =
  'usage: npm run bench:search -- [--scale <fraction, default 1 = whole city>] [--requests <per phase, default 2000>] ' +
  '[--concurrency <default 10>] [--quick (scale 0.01, 200 requests)] [--database <name, default hub_bench_search>]';

const GOAL_P95_MS = 50;
// The search as the test calls it: a few fields, so the field policy (masking) runs as for a real screen.
const SEARCH = 'query BenchSearch($by: PersonSearchInput!) { searchPersons(by: $by) { truncated persons { id name birthDate district { code } } } }';
const TIMEOUT_SECONDS = 30;
// Each request comes from one of this many caseworkers: the gateway allows one subject 600 requests a
// minute, and a city's searches come from many workers, not one token hammering.
const CASEWORKERS = 200;
const WARM_UP_PER_KIND = 25;
const BROAD_PER_KIND = 30;
// EXPLAIN ANALYZE of this many captured statements per kind gives the SQL-only distribution.
const EXPLAINED_PER_KIND = 100;

const MAIN_KINDS = ['nationalId', 'name+birthDate', 'householdNumber', 'address+district'] as const;
const BROAD_KINDS = ['address: street prefix', 'address: district prefix'] as const;
type Kind = (typeof MAIN_KINDS)[number] | (typeof BROAD_KINDS)[number];
type Criteria = Record<string, string>;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string' },
        requests: { type: 'string' },
        concurrency: { type: 'string', default: '10' },
        quick: { type: 'boolean', default: false },
        database: { type: 'string', default: 'hub_bench_search' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scale = Number(values.scale ?? (values.quick ? '0.01' : '1'));
  const requests = Number(values.requests ?? (values.quick ? '200' : '2000'));
  const concurrency = Number(values.concurrency);
  if (!(scale > 0 && scale <= 1)) throw new UsageError('--scale must be a fraction in (0, 1]');
  if (!(Number.isInteger(requests) && requests >= MAIN_KINDS.length * 10)) throw new UsageError(`--requests must be a whole number of at least ${MAIN_KINDS.length * 10}`);
  if (!(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= requests)) throw new UsageError('--concurrency must be a positive whole number, at most --requests');
  if (!/^[a-z_][a-z0-9_]*$/.test(values.database)) throw new UsageError('--database must be a plain lower-case PostgreSQL name');
  return { scale, requests, concurrency, database: values.database };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`;

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Tally {
  latencies: number[];
  failed: number;
  /** Answers without a person although the criteria were taken from a real, visible row. */
  foundNone: number;
  codes: Map<string, number>;
}
const newTally = (): Tally => ({ latencies: [], failed: 0, foundNone: 0, codes: new Map() });

function record(tally: Tally, status: number, body: string, millis: number) {
  const failure = failureOf(status, body);
  if (failure) {
    tally.failed++;
    for (const code of new Set(failure)) tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
    return;
  }
  tally.latencies.push(millis);
  if (body.includes('"persons":[]')) tally.foundNone++;
}

/** Real rows to search for: values drawn at random (repeatably) from the city, as many as asked per kind. */
async function drawCriteria(client: pg.Client, perKind: number): Promise<Record<Kind, Criteria[]>> {
  await client.query('SELECT setseed(0.2023)');
  const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql, [perKind])).rows;
  // Only persons a SOCIAL caseworker can find: a protected victim (confidential address) is found by no criterion but by PROTECTION.
  const persons = await rows<{ name: string; birth: string; address: string | null; district_code: string }>(
    `SELECT name, to_char(birth_date, 'YYYY-MM-DD') AS birth, address, district_code
     FROM core.person WHERE NOT address_confidential ORDER BY random() LIMIT $1 * 4`,
  );
  const withId = (
    await rows<{ national_id: string }>('SELECT national_id FROM core.person WHERE national_id IS NOT NULL AND NOT address_confidential ORDER BY random() LIMIT $1')
  ).map((r) => ({ nationalId: r.national_id }));
  const households = (
    await rows<{ household_number: string }>(
      `SELECT r.household_number FROM household.registration r JOIN core.person p ON p.id = r.person_id
       WHERE NOT p.address_confidential ORDER BY random() LIMIT $1`,
    )
  ).map((r) => ({ householdNumber: r.household_number }));
  const addressed = persons.filter((p) => p.address !== null);
  const cut = (pattern: RegExp) =>
    addressed.flatMap((p) => {
      const prefix = pattern.exec(p.address!)?.[0];
      // The API refuses a prefix under 6 characters ('臺中市中區'): such a search is not one a caseworker can send.
      return prefix && prefix.length >= 6 ? [{ address: prefix, district: p.district_code }] : [];
    });
  return {
    nationalId: withId,
    'name+birthDate': persons.slice(0, perKind).map((p) => ({ name: p.name, birthDate: p.birth })),
    householdNumber: households,
    // Up to the house number (the floor dropped): what a caseworker types for one building.
    'address+district': cut(/^.*?號/).slice(0, perKind),
    'address: street prefix': cut(/^臺中市.+?區.+?[路街道巷]/).slice(0, perKind),
    'address: district prefix': cut(/^臺中市.+?區/).slice(0, perKind),
  };
}

/**
 * How busy this process was over a phase: the hub and the load generator share one event loop, so on a
 * small machine a busy loop, not the database, is what makes concurrent requests wait.
 */
function processUse() {
  const elu = nodePerformance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return (requests: number) => {
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    return (
      `hub process: event loop busy ${(nodePerformance.eventLoopUtilization(elu).utilization * 100).toFixed(0)} %, ` +
      `CPU ${((cpuMs / (performance.now() - wall)) * 100).toFixed(0)} % of one core, ${(cpuMs / Math.max(requests, 1)).toFixed(1)} ms CPU per request`
    );
  };
}

/** One search statement the hub sent (the raw SQL of search.ts), with its parameters. */
interface Statement {
  sql: string;
  params: unknown[];
}

await runCli(async () => {
  const options = parse();
  const config = readConfig();
  const auth = await authSettingsFrom(config);
  if (!auth.development) throw new CliError('The benchmark mints its own caseworker tokens with the development key: run it without a configured identity-provider key');

  const database = await freshBenchDatabase(options.database, config);
  const databaseUrl = database.url;
  const dropFolder = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-search-drops-'));
  process.env.HUB_WELFARE_DROP_DIR = dropFolder;
  const serverLog: string[] = [];
  let hub: Awaited<ReturnType<typeof startHubServer>> | undefined;
  const sql = new pg.Client({ connectionString: databaseUrl });
  let sqlOpen = false;

  try {
    say(`bench:search — scale ${options.scale}, ${count(options.requests)} requests per phase, concurrency ${options.concurrency}; ${load()}`);
    await migrate(databaseUrl);
    let started = performance.now();
    const city = await seedDemoCity(databaseUrl, { scale: options.scale, seed: 2023 });
    say(`Demo city seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${count(city.persons)} persons in ${count(city.families)} families`);

    await sql.connect();
    sqlOpen = true;
    started = performance.now();
    // One registration per person (its primary key): the current membership, the latest if a person has two.
    const registered = await sql.query(`
      INSERT INTO household.registration (person_id, household_number, relationship, address, district_code, registered_on, source_key, source_updated_at, synced_at)
      SELECT DISTINCT ON (m.person_id) m.person_id, 'H' || lpad(m.family_id::text, 8, '0'), m.relationship, f.address, f.district_code, m.start_date,
             'bench-search:' || m.person_id, now(), now()
      FROM core.family_membership m JOIN core.family f ON f.id = m.family_id
      WHERE m.end_date IS NULL
      ORDER BY m.person_id, m.start_date DESC`);
    await sql.query('ANALYZE household.registration');
    say(`Household registration: ${count(registered.rowCount ?? 0)} persons registered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const sizes = (
      await sql.query<{ persons: string; confidential: string; with_id: string; db: string }>(`SELECT
        (SELECT count(*) FROM core.person) AS persons, (SELECT count(*) FROM core.person WHERE address_confidential) AS confidential,
        (SELECT count(*) FROM core.person WHERE national_id IS NOT NULL) AS with_id, pg_size_pretty(pg_database_size(current_database())) AS db`)
    ).rows[0]!;
    say(`Persons: ${count(Number(sizes.persons))} (${count(Number(sizes.with_id))} with a national ID, ${count(Number(sizes.confidential))} with a confidential address); database ${sizes.db}`);

    const criteria = await drawCriteria(sql, WARM_UP_PER_KIND + 2 * Math.ceil(options.requests / MAIN_KINDS.length));
    for (const kind of [...MAIN_KINDS, ...BROAD_KINDS]) {
      if (criteria[kind].length === 0) throw new CliError(`No real row to draw "${kind}" criteria from: is the city empty?`);
    }

    // Served with the bounds `npm start` sets (statement timeouts, request deadline).
    connectPrisma(databaseUrl, { timeouts: config.requestTimeouts });
    hub = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: (line) => serverLog.push(line), persistedOperationsOnly: false });
    const tokens = await caseworkerTokens(config, 'bench-search-caseworker', CASEWORKERS, 3 * 3600);
    let sent = 0;
    const headers = () => ({ 'content-type': 'application/json', authorization: `Bearer ${tokens[sent++ % tokens.length]}`, [PURPOSE_HEADER]: 'CASE_WORK' });
    const bodyOf = (by: Criteria) => JSON.stringify({ query: SEARCH, variables: { by } });

    // The search statements, with the parameters Prisma bound, as the hub sent them in the sequential
    // phases (one request at a time, so each belongs to the kind being sent). Both statements of
    // search.ts begin `SELECT p.id`; Prisma's own statements quote their names.
    const captured = new Map<Kind, Statement[]>();
    let capturing: Kind | null = null;
    // connectPrisma turns the query event on; prisma()'s type, made without log options, does not say so.
    const client = prisma() as unknown as { $on(event: 'query', listener: (event: Prisma.QueryEvent) => void): void };
    const statementsSent = new Map<Kind, { sql: string; millis: number }[]>();
    client.$on('query', (event) => {
      if (capturing === null) return;
      const sentOfKind = statementsSent.get(capturing) ?? [];
      sentOfKind.push({ sql: event.query, millis: event.duration });
      statementsSent.set(capturing, sentOfKind);
      if (!event.query.trimStart().startsWith('SELECT p.id')) return;
      const list = captured.get(capturing) ?? [];
      list.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] });
      captured.set(capturing, list);
    });

    /** Sends `plan` one request at a time; per kind, what came back. */
    const sequential = async (plan: [Kind, Criteria][]) => {
      const tallies = new Map<Kind, Tally>();
      const busy = new Map<Kind, number>();
      const begun = performance.now();
      for (const [kind, by] of plan) {
        capturing = kind;
        const t0 = performance.now();
        const response = await fetch(hub!.url, { method: 'POST', headers: headers(), body: bodyOf(by), signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000) });
        const text = await response.text();
        const millis = performance.now() - t0;
        capturing = null;
        const tally = tallies.get(kind) ?? newTally();
        record(tally, response.status, text, millis);
        tallies.set(kind, tally);
        busy.set(kind, (busy.get(kind) ?? 0) + millis);
      }
      return { tallies, busy, wallMs: performance.now() - begun };
    };

    /** Interleaves the kinds (a, b, c, d, a, b, …) over `perKind` values of each, starting at `from`. */
    const interleave = (kinds: readonly Kind[], from: number, perKind: number): [Kind, Criteria][] => {
      const plan: [Kind, Criteria][] = [];
      for (let i = from; i < from + perKind; i++) for (const kind of kinds) plan.push([kind, criteria[kind][i % criteria[kind].length]!]);
      return plan;
    };

    const header = '| criterion set | requests | failed | found none | p50 ms | p95 ms | p99 ms | max ms | req/s |';
    const rule = '|---|---|---|---|---|---|---|---|---|';
    const row = (kind: string, tally: Tally, perSecond: number) => {
      const sorted = [...tally.latencies].sort((a, b) => a - b);
      const codes = [...tally.codes].map(([code, n]) => `${code} ×${n}`).join(', ');
      say(
        `| ${kind} | ${count(sorted.length + tally.failed)} | ${tally.failed === 0 ? '0' : `**${tally.failed}** (${codes})`} | ${tally.foundNone === 0 ? '0' : `**${tally.foundNone}**`} | ` +
          `${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1) ?? Number.NaN)} | ${perSecond.toFixed(1)} |`,
      );
      return sorted;
    };
    const merged = (tallies: Iterable<Tally>): Tally => {
      const all = newTally();
      for (const t of tallies) {
        all.latencies.push(...t.latencies);
        all.failed += t.failed;
        all.foundNone += t.foundNone;
        for (const [code, n] of t.codes) all.codes.set(code, (all.codes.get(code) ?? 0) + n);
      }
      return all;
    };

    // Plans the operation in the gateway, fills the pools, and fetches the indexes' upper pages.
    const warm = await sequential(interleave(MAIN_KINDS, 0, WARM_UP_PER_KIND));
    const warmFailures = merged(warm.tallies.values());
    if (warmFailures.failed > 0) say(`Warm-up: ${warmFailures.failed} request(s) failed: ${[...warmFailures.codes.keys()].join(', ')}`);

    const perKind = Math.ceil(options.requests / MAIN_KINDS.length);
    say(`\nSequential: searchPersons over HTTP, one request at a time, ${count(perKind * MAIN_KINDS.length)} requests, the four sets interleaved; ${load()}\n`);
    say(header);
    say(rule);
    statementsSent.clear();
    const seqUse = processUse();
    const seq = await sequential(interleave(MAIN_KINDS, WARM_UP_PER_KIND, perKind));
    const seqUsed = seqUse(perKind * MAIN_KINDS.length);
    for (const kind of MAIN_KINDS) row(kind, seq.tallies.get(kind) ?? newTally(), ((seq.tallies.get(kind)?.latencies.length ?? 0) * 1000) / (seq.busy.get(kind) ?? 1));
    const seqAll = merged(seq.tallies.values());
    const seqSorted = row('**all criteria**', seqAll, (seqAll.latencies.length * 1000) / seq.wallMs);
    say(`\nDuring the sequential phase, ${seqUsed}.`);
    // Where the time goes besides the search itself: every statement Prisma sent for one request.
    // Prisma's duration is the statement's round trip as the driver saw it, so the sum is the request's time in SQL.
    const sentRequests = perKind;
    const perRequest = MAIN_KINDS.map((kind) => {
      const statements = statementsSent.get(kind) ?? [];
      return `${kind} ${(statements.length / sentRequests).toFixed(1)} (${(statements.reduce((sum, s) => sum + s.millis, 0) / sentRequests).toFixed(1)} ms)`;
    });
    say(`Prisma statements per request in the sequential phase (mean time in them): ${perRequest.join(', ')}. Those of the last nationalId search:`);
    const all = statementsSent.get('nationalId') ?? [];
    for (const statement of all.slice(all.length - Math.round(all.length / sentRequests))) {
      say(`  ${statement.millis.toFixed(1)} ms  ${statement.sql.replace(/\s+/g, ' ').trim().slice(0, 150)}`);
    }

    // Concurrent: autocannon, one connection per concurrent caseworker, pipelining 1. A connection has one
    // request in flight, so the kind it last set up is the kind of the response it gets next.
    const concurrentPlan = interleave(MAIN_KINDS, WARM_UP_PER_KIND + perKind, perKind);
    say(
      `\nConcurrent: ${options.concurrency} connections (autocannon), ${count(concurrentPlan.length)} requests, the same mix on other rows ` +
        `(a set's req/s is its share of the answers per second); ${load()}\n`,
    );
    const conTallies = new Map<Kind, Tally>(MAIN_KINDS.map((k) => [k, newTally()]));
    let next = 0;
    let networkErrors = 0;
    const conUse = processUse();
    const began = performance.now();
    await new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url: hub!.url,
          connections: options.concurrency,
          amount: concurrentPlan.length,
          timeout: TIMEOUT_SECONDS,
          setupClient: (client) => {
            let kind: Kind = MAIN_KINDS[0];
            let answer: { status: number; body: string } = { status: 0, body: '' };
            client.setRequests([
              {
                method: 'POST',
                setupRequest: (request) => {
                  const [k, by] = concurrentPlan[next++ % concurrentPlan.length]!;
                  kind = k;
                  return { ...request, headers: headers(), body: bodyOf(by) };
                },
                onResponse: (status, body) => {
                  answer = { status, body };
                },
              },
            ]);
            client.on('response', (_status: number, _bytes: number, millis: number) => record(conTallies.get(kind)!, answer.status, answer.body, millis));
          },
        },
        (error) => (error ? reject(error) : resolve()),
      );
      instance.on('reqError', () => networkErrors++);
    });
    const conWallMs = performance.now() - began;
    const conUsed = conUse(concurrentPlan.length);
    say(header);
    say(rule);
    // In a mix the kinds share the throughput: a kind's req/s is its share of the answers per second.
    for (const kind of MAIN_KINDS) row(kind, conTallies.get(kind)!, (conTallies.get(kind)!.latencies.length * 1000) / conWallMs);
    const conAll = merged(conTallies.values());
    const conSorted = row('**all criteria**', conAll, (conAll.latencies.length * 1000) / conWallMs);
    say(`\nDuring the concurrent phase, ${conUsed}.`);
    if (networkErrors > 0) say(`!!! ${networkErrors} request(s) got no answer (network error or ${TIMEOUT_SECONDS} s timeout)`);
    // What was in flight when autocannon stopped is still being answered and audited.
    await setTimeout(1000);

    say(`\nBroad address prefixes (allowed by the API; not in the mix above), sequential, ${BROAD_PER_KIND} each; ${load()}\n`);
    say(header);
    say(rule);
    const broad = await sequential(interleave(BROAD_KINDS, 0, BROAD_PER_KIND));
    for (const kind of BROAD_KINDS) row(kind, broad.tallies.get(kind) ?? newTally(), ((broad.tallies.get(kind)?.latencies.length ?? 0) * 1000) / (broad.busy.get(kind) ?? 1));

    say(`\nThe search statements as the hub sent them (src/graph/types/search.ts), EXPLAIN (ANALYZE, BUFFERS) on this connection; ${load()}`);
    const unindexed: string[] = [];
    for (const kind of [...MAIN_KINDS, ...BROAD_KINDS]) {
      const statements = captured.get(kind) ?? [];
      if (statements.length === 0) {
        say(`\n${kind}: no search statement was captured (did the statement's text change?)`);
        unindexed.push(kind);
        continue;
      }
      const explain = async (s: Statement) => {
        const lines: string[] = [];
        // A plan row is one line of text; name_key's translate() list holds a tab and line breaks, so a
        // literal is cut over rows. A row that is neither indented nor a summary continues the row before.
        for (const { 'QUERY PLAN': line } of (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params)).rows) {
          if (lines.length > 0 && !/^( |Planning|Execution|JIT|Trigger|Settings|Query Identifier)/.test(line)) lines[lines.length - 1] += `\n${line}`;
          else lines.push(line);
        }
        return lines;
      };
      const example = statements[0]!;
      const plan = await explain(example);
      const top = plan[0]!.replace(/\s+\(cost=.*$/, '').trim();
      const indexes = [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1]!)))];
      const seqScans = plan.filter((line) => /Seq Scan on/.test(line)).map((line) => line.replace(/^.*Seq Scan on (\S+ \S+).*$/, '$1'));
      if (MAIN_KINDS.includes(kind as (typeof MAIN_KINDS)[number]) && (indexes.length === 0 || seqScans.length > 0)) unindexed.push(kind);
      const timeOf = (lines: string[], label: string) => Number(/([\d.]+) ms/.exec(lines.find((line) => line.startsWith(label)) ?? '')?.[1] ?? Number.NaN);
      const execution: number[] = [];
      const planning: number[] = [];
      for (const s of statements.slice(0, EXPLAINED_PER_KIND)) {
        const lines = s === example ? plan : await explain(s);
        execution.push(timeOf(lines, 'Execution Time'));
        planning.push(timeOf(lines, 'Planning Time'));
      }
      execution.sort((a, b) => a - b);
      planning.sort((a, b) => a - b);
      say(`\n${kind}: ${example.sql.replace(/\s+/g, ' ').trim()}`);
      say(`  parameters: ${JSON.stringify(example.params)}`);
      say(`  top node: ${top}; index: ${indexes.join(', ') || '**none**'}${seqScans.length > 0 ? `; **Seq Scan on ${seqScans.join(', ')}**` : ''}`);
      // Printed escaped, so each plan line stays one line.
      for (const line of plan) say(`    ${line.replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}`);
      say(
        `  SQL only, EXPLAIN ANALYZE of ${execution.length} captured statements: execution p50 ${ms(percentile(execution, 50))} ms, p95 ${ms(percentile(execution, 95))} ms, ` +
          `max ${ms(execution.at(-1)!)} ms; planning p50 ${ms(percentile(planning, 50))} ms`,
      );
    }

    await hub.stop();
    hub = undefined;
    const chain = await verifyAuditChain(databaseUrl);
    const audited = Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM audit.entry WHERE EXISTS (SELECT 1 FROM unnest(records) r WHERE r LIKE 'Search:%')`)).rows[0]!.n);
    say(`\nAudit trail: ${count(audited)} search entries; ${chain.ok ? `${count(chain.entries)} entries, 0 chain breaks` : `**BROKEN** at entry ${chain.entryId}: ${chain.problem}`}`);
    if (serverLog.length > 0) {
      say(`Server log: ${count(serverLog.length)} lines; the first ones:`);
      for (const line of serverLog.slice(0, 3)) say(`  ${line.slice(0, 400)}`);
    }
    say(`Load average at the end: ${load()}`);

    const p95 = percentile(seqSorted, 95);
    const problems = [
      seqAll.failed + conAll.failed + networkErrors > 0 && `${seqAll.failed + conAll.failed + networkErrors} request(s) failed`,
      seqAll.foundNone + conAll.foundNone > 0 && `${seqAll.foundNone + conAll.foundNone} search(es) for a real row found nobody`,
      unindexed.length > 0 && `no index (or a Seq Scan) for: ${unindexed.join(', ')}`,
      !chain.ok && 'the audit trail is broken',
      !(p95 < GOAL_P95_MS) && `sequential p95 ${ms(p95)} ms is not under the goal of ${GOAL_P95_MS} ms`,
    ].filter((p): p is string => typeof p === 'string');
    for (const problem of problems) say(`!!! ${problem}`);
    say(`Concurrent (${options.concurrency}) p95, all criteria: ${ms(percentile(conSorted, 95))} ms`);
    say(`search p95 (all criteria, sequential): ${ms(p95)} ms`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await hub?.stop();
    await disconnectPrisma();
    if (sqlOpen) await sql.end();
    await rm(dropFolder, { recursive: true, force: true });
    await database.close();
  }
}, { usage: USAGE });
