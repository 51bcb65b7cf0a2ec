// `npm run subgraph -- <name> [--port <port>]`: serves one subgraph on its own
// port, so an agency's part of the graph can run on its own machine (next to
// its data). The gateway reaches it when SUBGRAPH_<NAME>_URL names it.
// `npm run subgraph -- <name> <name>… | --all [--port <first>]` serves several
// from one process, each on its own port (consecutive from --port; --port 0
// picks free ones): one process instead of eight when a whole supergraph is
// served over HTTP, e.g. behind Hive Gateway or in a test. The
// subgraph verifies every forwarded token itself, with the same key settings
// as the hub (HUB_JWT_PUBLIC_KEY_FILE / HUB_JWKS_FILE, or the development key).
// With --own-database a connector that can (src/db/subgraph-migrations.ts)
// runs on a database of its own: only its migration set is applied there,
// and what it needs of core comes published (src/db/publish-person-index.ts)
// or through the gateway (connectors/kit/person-access.ts). With --sync as
// well it runs that connector's scheduled sync into its own database, on that
// database's job queue (src/ops/sync-schedule.ts; HUB_SYNC_EVERY_* and
// HUB_SYNC_MAX_ATTEMPTS as for the hub), recorded in its own sync.attempt.
import { parseArgs } from 'node:util';
import { cohortKey } from '../connectors/kit/cohort.ts';
import { startIndicatorWarmUp } from '../connectors/kit/indicator-warm-up.ts';
import { auditKey } from '../src/audit/audit-key.ts';
import { authSettingsFrom } from '../src/auth/settings.ts';
import { startTracing, stopTracing } from '../src/telemetry/tracing.ts';
import { assertSubgraphSecrets } from '../src/auth/subgraph-secrets.ts';
import { runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate, migrateOwnDatabase } from '../src/db/migrator.ts';
import { OWN_DATABASE_SUBGRAPHS, ownDatabaseMigrations } from '../src/db/subgraph-migrations.ts';
import { connectPrisma, disconnectPrisma } from '../src/db/prisma.ts';
import { subgraphUrlVariable } from '../src/gateway/gateway.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../src/server/app.ts';
import { stopSignal } from '../src/server/stop-signals.ts';
import { startNotificationWorker, type NotificationWorker } from '../src/notifications/worker.ts';
import { syncScheduleFrom } from '../src/ops/sync-schedule.ts';
import { connectors } from '../connectors/registry.ts';

const subgraphs = allSubgraphs();
const names = subgraphs.map((s) => s.name);
const USAGE = `usage: npm run subgraph -- <${names.join('|')}>… | --all [--port <port of the first>] [--own-database [--sync]]`;

function fail(message: string): never {
  throw new UsageError(message);
}

function parse() {
  let parsed;
  try {
    parsed = parseArgs({ options: { port: { type: 'string' }, all: { type: 'boolean' }, 'own-database': { type: 'boolean' }, sync: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const wanted = parsed.values.all ? names : parsed.positionals;
  if (parsed.values.all && parsed.positionals.length > 0) fail('Name subgraphs or give --all, not both');
  if (wanted.length === 0) fail('Name the subgraph to serve');
  const chosen = wanted.map((name) => subgraphs.find((s) => s.name === name) ?? fail(`"${name}" is not a subgraph`));
  if (new Set(wanted).size !== wanted.length) fail('A subgraph is named twice');
  const first = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  if (first !== undefined && (!Number.isInteger(first) || first < 0 || first + chosen.length - 1 > 65_535)) fail(`--port must be a port number, got "${parsed.values.port}"`);
  const ownDatabase = parsed.values['own-database'] ?? false;
  if (ownDatabase && chosen.length !== 1) fail('--own-database serves one connector: its database is its own');
  if (ownDatabase && !ownDatabaseMigrations(chosen[0]!.name)) fail(`--own-database: ${chosen[0]!.name} cannot run on a database of its own yet (only ${OWN_DATABASE_SUBGRAPHS.join(', ')} can)`);
  const sync = parsed.values.sync ?? false;
  if (sync && !ownDatabase) fail('--sync runs the scheduled sync of a connector on its own database: give --own-database too');
  // Without --port each keeps its usual port (4001 + its place in the list); port 0 stays 0 (free ports).
  const served = chosen.map((subgraph, i) => ({ subgraph, port: first === undefined ? 4001 + names.indexOf(subgraph.name) : first === 0 ? 0 : first + i }));
  return { served, ownDatabase, sync };
}

await runCli(async () => {
  // Listened for before anything starts: a signal during the start is kept, not lost.
  const stopped = stopSignal();
  const { served, ownDatabase, sync } = parse();
  const config = readConfig();
  // Read before any data is touched: a bad cadence stops the start naming its setting.
  const schedule = sync ? syncScheduleFrom() : undefined;
  // Before the keys are loaded: loading would make development keys in a data folder of its own.
  assertSubgraphSecrets(config);
  const auth = await authSettingsFrom(config);
  if (config.nodeEnv === 'production') {
    // As `npm start`: a subgraph audits its reads and seals cohorts, so both keys are checked before any data.
    cohortKey();
    auditKey();
  }
  const db = await openDatabase(config);
  try {
    await (ownDatabase ? migrateOwnDatabase(db.url, served[0]!.subgraph.name) : migrate(db.url));
    connectPrisma(db.url, { timeouts: config.requestTimeouts });
    startTracing(served.length === 1 ? `safety-net-hub-${served[0]!.subgraph.name}` : 'safety-net-hub-subgraphs');
    const servers: HubServer[] = [];
    let worker: NotificationWorker | undefined;
    try {
      for (const { subgraph, port } of served) {
        const server = await startSubgraphServer({ subgraph, auth, port, requestDeadlineMs: config.requestDeadlineMs });
        servers.push(server);
        process.stdout.write(`Subgraph ${subgraph.name} ready at ${server.url}\n`);
        process.stdout.write(`Point the hub at it with ${subgraphUrlVariable(subgraph.name)}=${server.url}\n`);
      }
      if (schedule) {
        const connector = connectors.find((c) => c.name === served[0]!.subgraph.name)!;
        const every = schedule.everyMs[connector.name] ?? null;
        worker = await startNotificationWorker(db.url, { cron: false, syncs: true, syncSchedule: { ...schedule, everyMs: { [connector.name]: every } }, connectors: [connector] });
        process.stdout.write(`Scheduled sync of ${connector.name} into its own database: ${every === null ? 'off' : `every ${every / 60_000} min`}
`);
      }
      void startIndicatorWarmUp(config.indicatorWarmYears, served.map((s) => s.subgraph.name), (line) => process.stdout.write(`${line}
`));
      await stopped;
    } finally {
      await worker?.stop();
      await Promise.all(servers.map((server) => server.stop()));
      await stopTracing();
    }
  } finally {
    await disconnectPrisma();
    await db.close();
  }
}, { usage: USAGE });
