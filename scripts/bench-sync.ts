// `npm run bench:sync -- [--scale 1] [--change 0.01]`: sync throughput of every
// connector. Builds a fresh database holding a demo city of the given scale
// (1 = the whole city) on the server of BENCH_DATABASE_URL / DATABASE_URL /
// TEST_DATABASE_URL, generates each agency's demo source, runs a full initial
// sync, lets a share of each source's records change at the source, and runs
// the incremental sync. Prints records/s per connector and the totals.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectors } from '../connectors/registry.ts';
import type { SyncCounts } from '../connectors/kit/sync-store.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma } from '../src/db/prisma.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';
import { runAdminStatement } from '../src/db/admin-statement.ts';

const USAGE = 'usage: npm run bench:sync -- [--scale <fraction, default 1>] [--change <fraction, default 0.01>]';

function parse() {
  let values;
  try {
    ({ values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, change: { type: 'string', default: '0.01' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scale = Number(values.scale);
  const changeShare = Number(values.change);
  if (!(scale > 0 && scale <= 1) || !(changeShare > 0 && changeShare <= 1)) throw new UsageError('--scale and --change must be fractions in (0, 1]');
  return { scale, changeShare };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;
const rate = (records: number, millis: number) => `${Math.round(records / Math.max(millis / 1000, 0.001)).toLocaleString('en-US')}/s`;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; millis: number }> {
  const started = performance.now();
  const value = await work();
  return { value, millis: performance.now() - started };
}

await runCli(async () => {
  const { scale, changeShare } = parse();
  const server = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!server) throw new CliError('Set BENCH_DATABASE_URL (or DATABASE_URL / TEST_DATABASE_URL) to a PostgreSQL server; the benchmark makes its own database there');
  const database = `hub_bench_sync_${String(scale).replace('.', '_')}`;
  const url = new URL(server);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const dropFolder = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-drops-'));
  process.env.HUB_WELFARE_DROP_DIR = dropFolder;

  await runAdminStatement(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await runAdminStatement(server, `CREATE DATABASE "${database}"`);
  try {
    await migrate(databaseUrl);
    const city = await timed(() => seedDemoCity(databaseUrl, { scale, seed: 2023 }));
    say(`Demo city at scale ${scale}: ${city.value.persons.toLocaleString('en-US')} persons, ${city.value.families.toLocaleString('en-US')} families (${seconds(city.millis)})`);
    connectPrisma(databaseUrl);

    say('\n| connector | source rows | generate | initial sync | rate | stored | merged | quarantined | changed rows | incremental sync | rate |');
    say('|---|---|---|---|---|---|---|---|---|---|---|');
    let initialTotal = 0;
    let incrementalTotal = 0;
    let peakRss = process.memoryUsage().rss;
    for (const connector of connectors) {
      const generated = await timed(() => connector.generateDemoSource(databaseUrl));
      const initial = await timed<SyncCounts>(() => connector.sync(databaseUrl));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      initialTotal += initial.millis;
      let changed = '—';
      let incremental = '— (no change simulation)';
      let incrementalRate = '—';
      if (connector.changeDemoSource) {
        const rows = await connector.changeDemoSource(databaseUrl, changeShare);
        const again = await timed<SyncCounts>(() => connector.sync(databaseUrl));
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        incrementalTotal += again.millis;
        changed = rows.toLocaleString('en-US');
        incremental = `${seconds(again.millis)} (read ${again.value.read}, updated ${again.value.updated}, unchanged ${again.value.unchanged})`;
        incrementalRate = rate(again.value.read, again.millis);
      }
      const c = initial.value;
      say(
        `| ${connector.name} | ${c.read.toLocaleString('en-US')} | ${seconds(generated.millis)} | ${seconds(initial.millis)} | ${rate(c.read, initial.millis)} | ` +
          `${(c.inserted + c.updated + c.unchanged).toLocaleString('en-US')} | ${c.merged} | ${c.quarantined} | ${changed} | ${incremental} | ${incrementalRate} |`,
      );
    }
    say(`\nFull initial sync of all ${connectors.length} connectors: ${seconds(initialTotal)} (goal: under 15 min on 2 cores)`);
    say(`Incremental sync after ${(changeShare * 100).toFixed(1)}% of source records changed: ${seconds(incrementalTotal)} (goal: under 30 s)`);
    say(`Peak memory (RSS) of the sync process: ${Math.round(peakRss / 1_048_576)} MB`);
  } finally {
    await disconnectPrisma();
    await rm(dropFolder, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_DATABASE !== '1') await runAdminStatement(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}, { usage: USAGE });
