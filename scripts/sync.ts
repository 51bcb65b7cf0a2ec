// `npm run sync [-- --connector <name>]`: incremental sync of every (or one)
// registered connector, with progress and a reconciled summary. A connector
// that fails does not stop the others: each failure is one line on stderr
// (no stack trace), and the exit code is 1 when any failed.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { connectors } from '../connectors/registry.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { maskNationalId } from '../src/policy/masks.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate, migrateOwnDatabase } from '../src/db/migrator.ts';
import { OWN_DATABASE_SUBGRAPHS, ownDatabaseMigrations } from '../src/db/subgraph-migrations.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import { oneLine, runRecordedSync } from '../src/ops/sync-attempt.ts';

const names = connectors.map((c) => c.name);
const USAGE = `usage: npm run sync [-- --connector <${names.join('|')}>] [--quarantine] [--own-database]`;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({ options: { connector: { type: 'string' }, quarantine: { type: 'boolean' }, 'own-database': { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const chosen = values.connector ? connectors.filter((c) => c.name === values.connector) : connectors;
  if (chosen.length === 0) throw new UsageError(`--connector must be one of ${names.join(', ')}`);
  // A connector on its own database (DATABASE_URL is its database) syncs alone, into that database only.
  const ownDatabase = values['own-database'] ?? false;
  if (ownDatabase && !values.connector) throw new UsageError('--own-database needs --connector: a database of its own holds one connector');
  if (ownDatabase && !ownDatabaseMigrations(values.connector!)) throw new UsageError(`--own-database: ${values.connector} cannot run on a database of its own yet (only ${OWN_DATABASE_SUBGRAPHS.join(', ')} can)`);
  return { chosen, quarantine: values.quarantine ?? false, ownDatabase };
}

await runCli(async () => {
  const { chosen, quarantine, ownDatabase } = parse();
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    db = await openDatabase(readConfig());
    await (ownDatabase ? migrateOwnDatabase(db.url, chosen[0]!.name) : migrate(db.url));
  } catch (error) {
    await db?.close();
    throw new CliError(`Could not open the hub's database: ${oneLine(error)}`);
  }
  const failed: string[] = [];
  try {
    connectPrisma(db.url);
    if (ownDatabase && !quarantine) {
      // Linking against an index core never published would hold every record as a new person: refused, not run.
      const [publication] = await prisma().$queryRaw<{ published_at: Date; persons: number }[]>`SELECT published_at, persons FROM published.publication`;
      if (!publication) throw new CliError('No person index has been published into this database yet: the hub publishes it when HUB_PERSON_INDEX_TARGETS names this connector (or run `npm run publish:person-index -- --to <this database>` from the hub first)');
      process.stdout.write(`Person index published ${publication.published_at.toISOString()} (${publication.persons} persons)\n`);
    }
    if (quarantine) {
      // Lists what waits for correction at the source instead of syncing; the raw records stay in the database.
      const records = await prisma().quarantinedRecord.findMany({
        where: { connector: { in: chosen.map((c) => c.name) } },
        orderBy: [{ connector: 'asc' }, { lastSeenAt: 'desc' }],
        select: { connector: true, sourceKey: true, reason: true, lastSeenAt: true },
      });
      // National IDs inside source keys are masked on the terminal; the full record is in GraphQL (audited).
      const masked = (key: string) => key.replace(/[A-Z][A-Z0-9]\d{8}/g, maskNationalId);
      for (const r of records) process.stdout.write(`${r.connector}\t${masked(r.sourceKey)}\t${r.reason}\t${r.lastSeenAt.toISOString()}\n`);
      process.stdout.write(`${records.length} quarantined record(s)\n`);
    }
    // Every connector runs whatever happened to the one before: agencies' sources fail independently.
    for (const connector of quarantine ? [] : chosen) {
      const started = Date.now();
      let last = 0;
      const bar = process.stdout.isTTY
        ? new cliProgress.SingleBar({ format: `${connector.name} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      // Recorded in sync.attempt like the scheduled runs, and excluded with them: never two syncs of one connector at once.
      const result = await runRecordedSync(connector, db.url, {
        trigger: 'cli',
        onProgress: (progress, expected) => {
          const rate = Math.round(progress.read / Math.max(0.001, (Date.now() - started) / 1000));
          if (bar) {
            if (!bar.getTotal()) bar.start(expected, 0, { rate });
            bar.update(progress.read, { rate });
          } else if (Date.now() - last >= 1000 || progress.read === expected) {
            last = Date.now();
            process.stdout.write(`${connector.name}: ${progress.read}/${expected} records read (${rate}/s)\n`);
          }
        },
      });
      bar?.stop();
      if (result.outcome !== 'succeeded') {
        failed.push(connector.name);
        const why = result.outcome === 'failed' ? result.error : 'another sync of it is running (the job queue or another `npm run sync`); try again when it has finished';
        process.stderr.write(`${connector.name} failed: ${why}\n`);
        continue;
      }
      const counts = result.counts;
      const accounted = counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined;
      process.stdout.write(
        `${connector.name}: read ${counts.read} = inserted ${counts.inserted} + updated ${counts.updated} + unchanged ${counts.unchanged}` +
          ` + merged ${counts.merged} + quarantined ${counts.quarantined}${accounted === counts.read ? '' : ' (DOES NOT RECONCILE)'}` +
          ` in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
  } finally {
    await disconnectPrisma();
    await db.close();
  }
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} of ${chosen.length} connector${chosen.length === 1 ? '' : 's'} failed: ${failed.join(', ')}\n`);
    return 1;
  }
}, { usage: USAGE });
