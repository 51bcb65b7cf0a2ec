// `npm run seed -- --scale <fraction> --seed <n> [--reset]`: builds the demo
// city in the hub's database (DATABASE_URL, or the embedded one).
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';

const USAGE = 'usage: npm run seed -- [--scale <fraction 0–1, default 0.01>] [--seed <integer, default 2023>] [--reset]';

function parse() {
  try {
    const { values } = parseArgs({
      options: { scale: { type: 'string' }, seed: { type: 'string' }, reset: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const scale = Number(values.scale ?? '0.01');
    const seed = Number(values.seed ?? '2023');
    if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be a number greater than 0 and at most 1 (got "${values.scale}")`);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got "${values.seed}")`);
    return { scale, seed, reset: values.reset ?? false };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const args = parse();
const db = await openDatabase(readConfig());
try {
  await migrate(db.url);
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({ format: 'families {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  let lastLine = 0;
  const started = Date.now();
  const summary = await seedDemoCity(db.url, {
    ...args,
    onProgress: ({ done, total }) => {
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      if (bar) {
        if (!bar.getTotal()) bar.start(total, 0, { rate });
        bar.update(done, { rate });
      } else if (Date.now() - lastLine > 2000 || done === total) {
        lastLine = Date.now();
        process.stdout.write(`families ${done}/${total} (${rate}/s)\n`);
      }
    },
  });
  bar?.stop();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const size = (await client.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size')).rows[0]!.size;
  await client.end();
  process.stdout.write(
    `Demo city (scale ${args.scale}, seed ${args.seed}) in ${(summary.millis / 1000).toFixed(1)} s, database ${size}:\n` +
      Object.entries(summary).filter(([k]) => k !== 'millis').map(([k, v]) => `  ${k.padEnd(14)} ${v}`).join('\n') + '\n',
  );
} catch (error) {
  process.stderr.write(`Seeding failed, nothing was kept: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
