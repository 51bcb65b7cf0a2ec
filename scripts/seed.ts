// `npm run seed -- [--scale <fraction> | --scenario <name>] --seed <n> [--reset]`:
// builds the demo city in the hub's database (DATABASE_URL, or the embedded
// one), then regenerates the agency demo sources from it: the sources of a
// city that --reset replaced name people who are gone, and their national
// IDs now belong to others. A scenario's figures live in the connectors'
// records too, so for a scenario the sources are synced right after, as the
// first `npm start` does for the demo city; for a city at a scale, `npm run
// sync` takes them in.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma } from '../src/db/prisma.ts';
import { SCENARIOS, scenarioNamed, type Scenario } from '../src/demo-city/scenarios.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';

const SCENARIO_NAMES = SCENARIOS.map((s) => s.name).join('|');
const USAGE = `usage: npm run seed -- [--scale <fraction 0–1, default 0.01> | --scenario <${SCENARIO_NAMES}>] [--seed <integer, default 2023>] [--reset]`;
/** The city is in, but its agency sources are not: it was committed before they were generated. */
class SourcesNotSynced extends Error {}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;

function parse() {
  try {
    const { values } = parseArgs({
      options: { scale: { type: 'string' }, scenario: { type: 'string' }, seed: { type: 'string' }, reset: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help) return null;
    const seed = Number(values.seed ?? '2023');
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got "${values.seed}")`);
    if (values.scenario !== undefined) {
      if (values.scale !== undefined) throw new Error('--scenario fixes the population itself; give --scale or --scenario, not both');
      const scenario = scenarioNamed(values.scenario);
      if (!scenario) throw new Error(`--scenario must be one of ${SCENARIO_NAMES.replace(/\|/g, ', ')} (got "${values.scenario}")`);
      return { scenario, seed, reset: values.reset ?? false };
    }
    const scale = Number(values.scale ?? '0.01');
    if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be a number greater than 0 and at most 1 (got "${values.scale}")`);
    return { scale, seed, reset: values.reset ?? false };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Every connector's demo source generated from the new city. Sync state was
 * cleared with the old city (seed-demo-city.ts), so the next sync reads them whole.
 */
async function generateSources(databaseUrl: string): Promise<void> {
  // Loaded here: the registry builds every subgraph's schema, which a city at a scale does not need.
  const { connectors } = await import('../connectors/registry.ts');
  for (const connector of connectors) {
    const started = Date.now();
    const rows = await connector.generateDemoSource(databaseUrl);
    say(`  ${connector.name.padEnd(22)} ${rows} records (${seconds(Date.now() - started)})`);
  }
}

/** Every connector's demo source generated from the new city and synced, as the first `npm start` does. */
async function generateAndSyncSources(databaseUrl: string): Promise<void> {
  // Loaded here: the registry builds every subgraph's schema, which a city at a scale does not need.
  const { connectors } = await import('../connectors/registry.ts');
  connectPrisma(databaseUrl);
  try {
    for (const connector of connectors) {
      const started = Date.now();
      await connector.generateDemoSource(databaseUrl);
      const counts = await connector.sync(databaseUrl);
      say(`  ${connector.name.padEnd(22)} ${counts.read} records read, ${counts.inserted + counts.updated + counts.unchanged} stored, ${counts.merged} merged, ${counts.quarantined} quarantined (${seconds(Date.now() - started)})`);
    }
  } finally {
    await disconnectPrisma();
  }
}

async function seed(): Promise<void> {
  const args = parse();
  if (!args) {
    say(USAGE);
    return;
  }
  const scenario: Scenario | null = 'scenario' in args ? args.scenario! : null;
  const db = await openDatabase(readConfig());
  try {
    await migrate(db.url);
    const bar = process.stdout.isTTY
      ? new cliProgress.SingleBar({ format: 'families {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
    let lastLine = 0;
    const started = Date.now();
    const summary = await seedDemoCity(db.url, {
      ...(scenario ? { scenario: scenario.name } : { scale: args.scale }),
      seed: args.seed,
      reset: args.reset,
      onProgress: ({ done, total }) => {
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        if (bar) {
          if (!bar.getTotal()) bar.start(total, 0, { rate });
          bar.update(done, { rate });
        } else if (Date.now() - lastLine > 2000 || done === total) {
          lastLine = Date.now();
          say(`families ${done}/${total} (${rate}/s)`);
        }
      },
    });
    bar?.stop();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const size = (await client.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size')).rows[0]!.size;
    await client.end();
    const what = scenario
      ? `Scenario ${scenario.name} (${scenario.title}; population ${summary.persons.toLocaleString('en-US')} persons in ${summary.families.toLocaleString('en-US')} families, seed ${args.seed})`
      : `Demo city (scale ${args.scale}, seed ${args.seed})`;
    say(
      `${what} in ${seconds(summary.millis)}, database ${size}:\n` +
        Object.entries(summary).filter(([k]) => k !== 'millis').map(([k, v]) => `  ${k.padEnd(14)} ${v}`).join('\n'),
    );
    if (!scenario) {
      say('Agency demo sources generated for the new city (`npm run sync` takes them in):');
      try {
        await generateSources(db.url);
      } catch (error) {
        throw new SourcesNotSynced(`the city was seeded, but its agency demo sources were not all generated (${(error as Error).message}); seed again with --reset`);
      }
    } else {
      say('Agency demo sources generated for the scenario and synced:');
      try {
        await generateAndSyncSources(db.url);
      } catch (error) {
        throw new SourcesNotSynced(`the city was seeded, but its agency demo sources were not all generated and synced (${(error as Error).message}); seed again with --reset`);
      }
      say(`Seed and sync took ${seconds(Date.now() - started)}; indicatorReport(year: ${scenario.year}) now returns the scenario's figures.`);
    }
  } catch (error) {
    const message = (error as Error).message;
    throw new CliError(error instanceof SourcesNotSynced ? `Seeding incomplete: ${message}` : `Seeding failed, nothing was kept: ${message}`);
  } finally {
    await db.close();
  }
}

await runCli(seed, { usage: USAGE });
