// `npm run bench:load -- [--clients 20,200] [--seconds 60] [--scale 0.01] [--joined] [--database <name>] [--fail-on-errors]`:
// family-view throughput under concurrency. Builds a fresh database holding
// the demo city (and the agencies' first sync, as `npm start` does) on the
// server of BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL, or in the
// embedded PostgreSQL when none is set; starts the hub (gateway and every
// subgraph in this process) on a free port; and, for each number of clients,
// keeps that many connections busy for the given time, each looping over the
// families a SOCIAL caseworker serves with the FamilyView operation (purpose
// CASE_WORK). Then verifies the whole audit trail the run wrote.
//
// Load: autocannon, one connection per client. Each connection gets its own
// request source (setupClient), so it walks the family ids with its own
// cursor and its own token: every client is a different caseworker, as the
// gateway's per-subject quotas expect. The load generator shares this process
// with the hub: on a small machine its own CPU use is part of what is measured.
//
// A request failed when it got no response (network error, 30 s timeout),
// a status other than 2xx (a 429 of the quota, a 503), or a body with
// `errors` (scripts/bench-support/request-outcomes.ts); req/s counts the
// requests that succeeded.
// Exit code: 0 when the run was done (failures are printed, not fatal),
// 1 when more than half the requests of a run failed (its figures describe
// refusals), 1 with --fail-on-errors when a request failed or the audit trail
// is broken, 2 bad usage, 1 when the run could not be done.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout } from 'node:timers/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { connectors } from '../connectors/registry.ts';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { PURPOSE_HEADER } from '../src/auth/claims.ts';
import { authSettingsFrom } from '../src/auth/settings.ts';
import { FamilyViewDocument } from '../src/client/graphql.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma } from '../src/db/prisma.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { startHubServer } from '../src/server/app.ts';
import { caseworkerTokens, freshBenchDatabase } from './bench-support/bench-database.ts';
import {
  codesText, emptyOutcomes, failedOf, failedShare, failureOf, mostlyFailed, recordAnswer, recordNetworkError, succeededOf, type Outcomes,
} from './bench-support/request-outcomes.ts';

const USAGE =
  'usage: npm run bench:load -- [--clients <n,n,…>, default 20,200] [--seconds <per run, default 60>] [--scale <fraction, default 0.01>] ' +
  '[--joined] [--database <name, default hub_bench_load>] [--fail-on-errors]';

// The canonical FamilyView reads core only. --joined adds what every agency
// subgraph knows about each member, so each request also fans out to them.
const JOINED_VIEW = `query FamilyViewJoined($id: ID!) { family(id: $id) {
  id address district { code }
  members { relationship person { id name sex birthDate address
    householdRegistration { householdNumber relationship registeredOn stale }
    welfareStatuses { kind validFrom validTo } welfareSubsidies { kindCode monthlyAmount fromMonth toMonth }
    dropoutEpisodes { schoolCode startedOn returnedOn } laborReferrals { kind referredOn outcome }
    probationTransitions { kind startedOn releaseOn } } }
  cases { id kind status riskLevel openedOn ownerUnit { code } }
  servingUnits { unit { code } involvement since } } }`;
const FAMILY_PAGE = `query ($after: String) { families(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
const MAX_FAMILIES = 200;
// The hub's own request deadline is 30 s: a slower answer is the hub's failure, not the load tool's.
const TIMEOUT_SECONDS = 30;
const WARM_UP_REQUESTS = 10;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        clients: { type: 'string', default: '20,200' },
        seconds: { type: 'string', default: '60' },
        scale: { type: 'string', default: '0.01' },
        joined: { type: 'boolean', default: false },
        database: { type: 'string', default: 'hub_bench_load' },
        'fail-on-errors': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const clients = values.clients.split(',').map(Number);
  const seconds = Number(values.seconds);
  const scale = Number(values.scale);
  if (clients.length === 0 || !clients.every((n) => Number.isInteger(n) && n > 0)) throw new UsageError('--clients must list positive whole numbers, e.g. 20,200');
  if (!(Number.isInteger(seconds) && seconds > 0)) throw new UsageError('--seconds must be a positive whole number');
  if (!(scale > 0 && scale <= 1)) throw new UsageError('--scale must be a fraction in (0, 1]');
  if (!/^[a-z_][a-z0-9_]*$/.test(values.database)) throw new UsageError('--database must be a plain lower-case PostgreSQL name');
  return { clients, seconds, scale, joined: values.joined, database: values.database, failOnErrors: values['fail-on-errors'] };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const count = (n: number) => n.toLocaleString('en-US');

async function drive(url: string, bodies: string[], tokens: string[], clients: number, seconds: number) {
  const outcomes = emptyOutcomes();
  const onResponse = (status: number, body: string) => {
    recordAnswer(outcomes, status, body);
  };
  let nextClient = 0;
  const options: autocannon.Options = {
    url,
    connections: clients,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    setupClient: (client) => {
      const index = nextClient++;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[index]}`, [PURPOSE_HEADER]: 'CASE_WORK' };
      // Clients start at different families, so they do not all read the same one at once.
      let cursor = index % bodies.length;
      client.setRequests([
        {
          method: 'POST',
          setupRequest: (request) => ({ ...request, headers, body: bodies[cursor++ % bodies.length]! }),
          onResponse,
        },
      ]);
    },
  };
  // The callback form hands back the instance, whose reqError events carry each network error's code.
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('reqError', (error: NodeJS.ErrnoException) => recordNetworkError(outcomes, error.code ?? error.message));
  });
  return { result, outcomes };
}

function report(clients: number, result: autocannon.Result, outcomes: Outcomes) {
  const failed = failedOf(outcomes);
  say(
    `| ${clients} | ${count(outcomes.answered)} | ${(succeededOf(outcomes) / result.duration).toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ` +
      `${failed === 0 ? '0' : `**${count(failed)}**`} | ${(failedShare(outcomes) * 100).toFixed(2)} % | ${codesText(outcomes, count)} |`,
  );
  return { failed, mostlyFailed: mostlyFailed(outcomes) };
}

await runCli(async () => {
  const options = parse();
  const config = readConfig();
  const auth = await authSettingsFrom(config);
  if (!auth.development) throw new CliError('The benchmark mints its own caseworker tokens with the development key: run it without a configured identity-provider key');

  const database = await freshBenchDatabase(options.database, config);
  const databaseUrl = database.url;
  const dropFolder = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-load-drops-'));
  process.env.HUB_WELFARE_DROP_DIR = dropFolder;
  const serverLog: string[] = [];
  let hub: Awaited<ReturnType<typeof startHubServer>> | undefined;

  try {
    await migrate(databaseUrl);
    const city = await seedDemoCity(databaseUrl, { scale: options.scale, seed: 2023 });
    say(`Database ${options.database}: demo city at scale ${options.scale}, ${count(city.persons)} persons in ${count(city.families)} families`);
    // The agencies' records, as `npm start` loads them: without them the agency subgraphs answer empty lists.
    for (const connector of connectors) await connector.generateDemoSource(databaseUrl);
    connectPrisma(databaseUrl);
    for (const connector of connectors) await connector.sync(databaseUrl);
    await disconnectPrisma();

    // Served with the bounds `npm start` sets (statement timeouts, request deadline).
    connectPrisma(databaseUrl, { timeouts: config.requestTimeouts });
    hub = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: (line) => serverLog.push(line), persistedOperationsOnly: false });

    const maxClients = Math.max(...options.clients);
    const ttlSeconds = options.clients.length * (options.seconds + TIMEOUT_SECONDS) + 600;
    const tokens = await caseworkerTokens(config, 'bench-load-caseworker', maxClients, ttlSeconds);

    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(hub!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}`, [PURPOSE_HEADER]: 'CASE_WORK' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, text: await response.text() };
    };

    // The families this caseworker serves: a family out of scope reads as not found, which is not load.
    const familyIds: string[] = [];
    for (let after: string | null = null; familyIds.length < MAX_FAMILIES; ) {
      const { status, text } = await post(FAMILY_PAGE, { after });
      const body = JSON.parse(text) as { data?: { families: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] } } };
      if (status !== 200 || !body.data) throw new CliError(`Could not list the caseworker's families (HTTP ${status}): ${text.slice(0, 300)}`);
      familyIds.push(...body.data.families.edges.map((e) => e.node.id));
      if (!body.data.families.pageInfo.hasNextPage) break;
      after = body.data.families.pageInfo.endCursor;
    }
    if (familyIds.length === 0) throw new CliError('The SOCIAL caseworker serves no family in this city: nothing to load');
    familyIds.splice(MAX_FAMILIES);

    const query = options.joined ? JOINED_VIEW : print(FamilyViewDocument);
    const bodies = familyIds.map((id) => JSON.stringify({ query, variables: { id } }));
    // Plans the query in the gateway and fills the connection pools before anything is timed.
    for (const body of bodies.slice(0, WARM_UP_REQUESTS)) {
      const { variables } = JSON.parse(body) as { variables: Record<string, unknown> };
      const { status, text } = await post(query, variables);
      const failure = failureOf(status, text);
      if (failure) say(`Warm-up request failed: ${failure.join(', ')} — ${text.slice(0, 300)}`);
    }

    say(`\n${options.joined ? 'Joined family view (FamilyView + every agency subgraph)' : 'FamilyView (the canonical operation)'} over ${familyIds.length} families as SOCIAL caseworkers, purpose CASE_WORK;`);
    say(`autocannon, one connection per client, ${options.seconds} s per run, load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)\n`);
    say('| clients | answers | succeeded req/s | p50 ms | p99 ms | failed | failed share | error codes |');
    say('|---|---|---|---|---|---|---|---|');
    let failedTotal = 0;
    const mostlyFailedRuns: number[] = [];
    for (const clients of options.clients) {
      const { result, outcomes } = await drive(hub.url, bodies, tokens, clients, options.seconds);
      const reported = report(clients, result, outcomes);
      failedTotal += reported.failed;
      if (reported.mostlyFailed) mostlyFailedRuns.push(clients);
      // autocannon drops its connections when the time is up, but the hub still answers (and audits)
      // what was in flight: let that finish, so it neither loads the next run nor meets the shutdown.
      await setTimeout(Math.min(TIMEOUT_SECONDS, Math.ceil(result.latency.max / 1000) + 1) * 1000);
    }
    say(`\nLoad average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    // Every entry the hub meant to write is written once it has stopped.
    await hub.stop();
    hub = undefined;
    const chain = await verifyAuditChain(databaseUrl);
    if (chain.ok) say(`Audit trail: ${count(chain.entries)} entries, 0 chain breaks.`);
    else say(`\n!!! Audit trail BROKEN at entry ${chain.entryId}: ${chain.problem} (${count(chain.entries)} entries verified before the break; the walk stops at the first break).`);

    if (serverLog.length > 0) {
      say(`\nServer log: ${count(serverLog.length)} lines; the first ones:`);
      for (const line of serverLog.slice(0, 3)) say(`  ${line.slice(0, 400)}`);
    }
    if (failedTotal > 0) say(`\n!!! ${count(failedTotal)} request(s) FAILED (see the table).`);
    if (mostlyFailedRuns.length > 0) {
      say(`!!! More than half the requests failed at ${mostlyFailedRuns.join(', ')} clients: those figures measure refusals, not serving.`);
      return 1;
    }
    return options.failOnErrors && (failedTotal > 0 || !chain.ok) ? 1 : 0;
  } finally {
    await hub?.stop();
    await disconnectPrisma();
    await rm(dropFolder, { recursive: true, force: true });
    await database.close();
  }
}, { usage: USAGE });
