// `npm run subgraph -- <name> [--port <port>]`: serves one subgraph on its own
// port, so an agency's part of the graph can run on its own machine (next to
// its data). The gateway reaches it when SUBGRAPH_<NAME>_URL names it. The
// subgraph verifies every forwarded token itself, with the same key settings
// as the hub (HUB_JWT_PUBLIC_KEY_FILE / HUB_JWKS_FILE, or the development key).
// With --own-database a connector that can (src/db/subgraph-migrations.ts)
// runs on a database of its own: only its migration set is applied there,
// and what it needs of core comes published (src/db/publish-person-index.ts)
// or through the gateway (connectors/kit/person-access.ts).
import { parseArgs } from 'node:util';
import { cohortKey } from '../connectors/kit/cohort.ts';
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
import { startSubgraphServer } from '../src/server/app.ts';
import { stopSignal } from '../src/server/stop-signals.ts';

const subgraphs = allSubgraphs();
const names = subgraphs.map((s) => s.name);
const USAGE = `usage: npm run subgraph -- <${names.join('|')}> [--port <port>] [--own-database]`;

function fail(message: string): never {
  throw new UsageError(message);
}

function parse() {
  let parsed;
  try {
    parsed = parseArgs({ options: { port: { type: 'string' }, 'own-database': { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const [name, ...extra] = parsed.positionals;
  const subgraph = subgraphs.find((s) => s.name === name);
  if (!subgraph || extra.length > 0) fail(name ? `"${name}" is not a subgraph` : 'Name the subgraph to serve');
  const port = parsed.values.port === undefined ? 4001 + names.indexOf(subgraph.name) : Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a port number, got "${parsed.values.port}"`);
  const ownDatabase = parsed.values['own-database'] ?? false;
  if (ownDatabase && !ownDatabaseMigrations(subgraph.name)) fail(`--own-database: ${subgraph.name} cannot run on a database of its own yet (only ${OWN_DATABASE_SUBGRAPHS.join(', ')} can)`);
  return { subgraph, port, ownDatabase };
}

await runCli(async () => {
  // Listened for before anything starts: a signal during the start is kept, not lost.
  const stopped = stopSignal();
  const { subgraph, port, ownDatabase } = parse();
  const config = readConfig();
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
    await (ownDatabase ? migrateOwnDatabase(db.url, subgraph.name) : migrate(db.url));
    connectPrisma(db.url, { timeouts: config.requestTimeouts });
    startTracing(`safety-net-hub-${subgraph.name}`);
    const server = await startSubgraphServer({ subgraph, auth, port, requestDeadlineMs: config.requestDeadlineMs });
    process.stdout.write(`Subgraph ${subgraph.name} ready at ${server.url}\n`);
    process.stdout.write(`Point the hub at it with ${subgraphUrlVariable(subgraph.name)}=${server.url}\n`);
    await stopped;
    await server.stop();
    await stopTracing();
  } finally {
    await disconnectPrisma();
    await db.close();
  }
}, { usage: USAGE });
