// `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations,
// the demo city on first start, then the gateway on PORT.
import { cohortKey } from '../connectors/kit/cohort.ts';
import { startIndicatorWarmUp } from '../connectors/kit/indicator-warm-up.ts';
import { connectors } from '../connectors/registry.ts';
import { auditKey } from './audit/audit-key.ts';
import { mintDevToken } from './auth/mint-token.ts';
import { authSettingsFrom } from './auth/settings.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { connectPrisma, disconnectPrisma } from './db/prisma.ts';
import { remoteSubgraphUrls } from './gateway/gateway.ts';
import { allSubgraphs } from './gateway/subgraphs.ts';
import { hasCityData, seedDemoCity } from './demo-city/seed-demo-city.ts';
import { startHubServer, type HubServer } from './server/app.ts';
import { onStopSignal } from './server/stop-signals.ts';
import { startTracing, stopTracing } from './telemetry/tracing.ts';
import { deliverySettings, jobWorkerEnabled } from './notifications/settings.ts';
import { startNotificationWorker, type NotificationWorker } from './notifications/worker.ts';
import { metricsTokenFrom } from './ops/metrics.ts';
import { runRecordedSync } from './ops/sync-attempt.ts';
import { syncScheduleFrom } from './ops/sync-schedule.ts';
import { publicationScheduleFrom } from './ops/publication-schedule.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The development dashboard link's token: a working day. */
const DASHBOARD_TOKEN_TTL_SECONDS = 8 * 3600;
/** Past this, a stop that hangs ends the process anyway (the drain itself allows 10 s). */
const STOP_LIMIT_MS = 30_000;

/** What is running so far, stopped in reverse order by a stop signal at any moment. */
const running: { server?: HubServer; worker?: NotificationWorker; database?: { close(): Promise<void> } } = {};
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  stopping = true;
  say(`\n${signal} received: stopping the hub…`);
  setTimeout(() => {
    process.stderr.write(`The hub did not stop within ${STOP_LIMIT_MS / 1000} s and was ended.\n`);
    process.exit(1);
  }, STOP_LIMIT_MS).unref();
  try {
    await running.server?.stop();
    await stopTracing(); // spans still buffered go to the collector
    // Jobs being worked on finish (a delivery's POST has its own time limit); none is lost when cut short: it is run again.
    await running.worker?.stop();
    await disconnectPrisma();
    await running.database?.close();
  } catch (error) {
    process.stderr.write(`The hub did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  say('Stopped cleanly.');
  process.exit(0);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  // Before anything starts, so that a signal at any moment of the start is obeyed.
  onStopSignal((signal) => void shutdown(signal));
  // Every setting is read and checked before any data is touched: a bad value
  // or, in production, a missing key stops the start with the setting named.
  const config = readConfig();
  const runJobs = jobWorkerEnabled();
  deliverySettings(); // a malformed HUB_WEBHOOK_* value stops the start here, naming it
  const syncSchedule = syncScheduleFrom(); // as are HUB_SYNC_EVERY_*_MINUTES and HUB_SYNC_MAX_ATTEMPTS
  const publications = publicationScheduleFrom(process.env, syncSchedule.maxAttempts); // and HUB_PERSON_INDEX_TARGETS, HUB_PUBLISH_*
  metricsTokenFrom(); // and a too-short HUB_METRICS_TOKEN
  const auth = await authSettingsFrom(config);
  // Checked now, not at the first cross-agency report or audited request. In development this also makes
  // the keys in the data folder at once, where a subgraph started beside the hub finds them (it never makes keys).
  cohortKey();
  auditKey();
  startTracing('safety-net-hub-gateway');
  const subgraphs = allSubgraphs();
  const remote = remoteSubgraphUrls(process.env, subgraphs.map((s) => s.name));
  const pgLog = process.env.HUB_LOG_POSTGRES === '1' ? (line: string) => say(`[postgres] ${line}`) : undefined;
  const db = await openDatabase(config, pgLog, { exclusive: true, command: 'a hub (npm start)' });
  running.database = db;
  say(db.embedded ? `Embedded PostgreSQL ready (data in ${config.dataDir}/postgres).` : 'Using the PostgreSQL at DATABASE_URL.');

  const migrations = await migrate(db.url);
  say(`Migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} already in place.`);

  // Production seeds a demo city only when told to: an empty production
  // database must stay empty rather than fill with invented families.
  const maySeed = config.nodeEnv === 'production' ? config.seedOnStart : db.embedded || config.seedOnStart;
  let seeded = false;
  if (maySeed && !(await hasCityData(db.url))) {
    say(`Seeding the demo city (scale ${config.seedScale}, seed ${config.seedNumber})…`);
    const summary = await seedDemoCity(db.url, { scale: config.seedScale, seed: config.seedNumber });
    say(`Demo city: ${summary.persons} persons in ${summary.families} families, ${summary.cases} cases (${(summary.millis / 1000).toFixed(1)} s).`);
    for (const connector of connectors) await connector.generateDemoSource(db.url);
    seeded = true;
  }

  if (seeded) {
    // The first sync is a batch job: it runs without the request timeouts.
    connectPrisma(db.url);
    for (const connector of connectors) {
      // Recorded like every sync (sync.attempt), so syncStatus shows it and the schedule counts from it.
      const result = await runRecordedSync(connector, db.url, { trigger: 'first-start' });
      if (result.outcome === 'succeeded') say(`Synced ${connector.name}: ${result.counts.read} records read, ${result.counts.inserted} stored, ${result.counts.quarantined} quarantined.`);
      else say(`Sync of ${connector.name} did not complete (${result.outcome === 'failed' ? result.error : 'another sync of it is running'}); the job queue tries again.`);
    }
    await disconnectPrisma();
  }
  connectPrisma(db.url, { timeouts: config.requestTimeouts });
  for (const [name, url] of Object.entries(remote)) say(`Subgraph ${name} is reached at ${url}.`);
  const server = await startHubServer({ subgraphs, auth, port: config.port, remoteSubgraphUrls: remote, persistedOperationsOnly: config.persistedOperationsOnly, requestDeadlineMs: config.requestDeadlineMs });
  running.server = server;
  if (stopping) return;
  // Webhook deliveries and the release check run on the PostgreSQL job queue (graphile-worker), not on a timer here.
  if (runJobs) {
    running.worker = await startNotificationWorker(db.url, { syncs: true, syncSchedule, publications });
    const cadences = connectors.map((c) => `${c.name} ${syncSchedule.everyMs[c.name] === null ? 'off' : `every ${syncSchedule.everyMs[c.name]! / 60_000} min`}`);
    say(`Job queue: webhook deliveries, the hourly release check and connector syncs (${cadences.join(', ')}) are running (HUB_JOB_WORKER=0 turns them off here).`);
    // Names only: the targets' URLs stay in the environment.
    if (publications.targets.length > 0) {
      say(`Publishing core's person index (every ${publications.everyMs['person-index'] / 60_000} min) and deny-list (every ${publications.everyMs.revocations / 1000} s) into the own databases of ${publications.targets.map((t) => t.connector).join(', ')}.`);
    }
  }
  if (stopping) return;
  if (config.persistedOperationsOnly) say('Allow-list mode: ANALYST and NGO tokens may send only persisted operations (src/client/persisted-documents.json).');
  // In the background, after the hub serves: the first report of these years then answers from kept counts.
  // Its line is not printed once a stop has begun (a warm-up cut short by the stop is no news).
  void startIndicatorWarmUp(config.indicatorWarmYears, subgraphs.filter((s) => !(s.name in remote)).map((s) => s.name), (line) => stopping || say(line));

  say(`\nSafety Net Hub ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${server.url}`);
  say(`Explorer: ${server.url.replace(/\/graphql$/, '/')}`);
  if (auth.development) {
    say(`Tokens are verified with the development key in ${config.dataDir}/keys. A first query to try:`);
    say(`  TOKEN=$(npm run -s token -- --unit SOCIAL --role CASEWORKER)`);
    say(`  curl -s ${server.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -H 'x-purpose-of-use: CASE_WORK' \\`);
    say(`    -d '{"query":"{ families(first: 1) { edges { node { id members { person { name } } servingUnits { unit { code } since } } } } }"}'`);
    // Aggregates only: an ANALYST token reads indicators and never a person; it lasts a working day.
    const dashboardToken = await mintDevToken(
      { sub: 'dashboard', unit: 'SOCIAL', org: null, districts: [], roles: ['ANALYST'], purpose: null },
      { dataDir: config.dataDir, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: DASHBOARD_TOKEN_TTL_SECONDS },
    );
    say(`\nDashboard (KPI indicators, analyst token valid ${DASHBOARD_TOKEN_TTL_SECONDS / 3600} h):`);
    say(`  ${server.url.replace(/\/graphql$/, '/dashboard')}#token=${dashboardToken}`);
  }
}

main().catch((error: unknown) => {
  // A start cut short by a stop signal fails on the closed database: the stop reports instead.
  if (stopping) return;
  process.stderr.write(`The hub could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
