// Loads the demo city with COPY, chunk by chunk, in one transaction: a
// crash leaves no half city, and memory stays flat at any scale.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { storedIntakeReReportSql } from '../domain/re-report.ts';
import { CityGenerator, planCity } from './city-generator.ts';
import { copyLines, LOAD_ORDER, TABLE_COLUMNS, type Chunk, type TableName } from './rows.ts';
import { ScenarioCityGenerator } from './scenario-city-generator.ts';
import { scenarioNamed, SCENARIOS } from './scenarios.ts';
import { recordSeededCity } from './seeded-city.ts';

/** A city at a scale of the whole city, or a named scenario (scenarios.ts), whose population is its own. */
export interface SeedOptions {
  scale?: number;
  scenario?: string;
  seed: number;
  reset?: boolean;
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
}

export interface SeedSummary {
  persons: number;
  families: number;
  memberships: number;
  cases: number;
  intakes: number;
  contacts: number;
  referrals: number;
  organizations: number;
  workers: number;
  assignments: number;
  millis: number;
}

const FAMILIES_PER_CHUNK = 5_000;
const DATA_TABLES = [...LOAD_ORDER].reverse();
// The connectors' records go with the persons (CASCADE); where their syncs
// stood describes the sources of the city that is gone, and would make the
// next sync skip the new city's sources.
const SYNC_STATE_TABLES = ['sync.cursor', 'sync.quarantine', 'sync.processed_file'];
const SERIAL_TABLES: readonly TableName[] = LOAD_ORDER.filter((t) => t !== 'core.worker');

export async function hasCityData(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM core.person LIMIT 1');
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

function generatorFor(options: SeedOptions): CityGenerator {
  if (options.scenario !== undefined) {
    if (options.scale !== undefined) throw new Error('give a scale or a scenario, not both');
    const scenario = scenarioNamed(options.scenario);
    if (!scenario) throw new Error(`unknown scenario "${options.scenario}" (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    return new ScenarioCityGenerator(scenario, options.seed);
  }
  const scale = options.scale;
  if (scale === undefined || !(scale > 0 && scale <= 1)) throw new Error(`scale must be greater than 0 and at most 1 (got ${scale})`);
  return new CityGenerator(planCity(scale), options.seed);
}

export async function seedDemoCity(databaseUrl: string, options: SeedOptions): Promise<SeedSummary> {
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer (got ${options.seed})`);
  const generator = generatorFor(options);
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (options.reset) {
      await client.query(`TRUNCATE ${[...DATA_TABLES, ...SYNC_STATE_TABLES].join(', ')} RESTART IDENTITY CASCADE`);
    } else if ((await client.query('SELECT 1 FROM core.person LIMIT 1')).rowCount) {
      throw new Error('The database already holds a city; pass --reset (reset: true) to replace it');
    }
    const { plan } = generator;
    await load(client, generator.staff());
    for (let from = 0; from < plan.families; from += FAMILIES_PER_CHUNK) {
      const to = Math.min(plan.families, from + FAMILIES_PER_CHUNK);
      await load(client, generator.families(from, to));
      options.onProgress?.({ phase: 'families', done: to, total: plan.families });
    }
    await deriveReReports(client);
    for (const table of SERIAL_TABLES) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`);
    }
    await recordSeededCity(client, { scenario: options.scenario ?? null, scale: options.scale ?? null, seed: options.seed });
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { ...(await countRows(client)), millis: Date.now() - started };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function load(client: pg.Client, chunk: Chunk): Promise<void> {
  for (const table of LOAD_ORDER) {
    const rows = chunk[table];
    if (rows.length === 0) continue;
    const columns = TABLE_COLUMNS[table].join(', ');
    const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
    await pipeline(Readable.from([copyLines(rows)]), stream);
  }
}

/**
 * The generators decide when intakes arrive and cases are in service; whether
 * an intake is a re-report follows from that by the hub's own rule, as
 * createIntake decides it, so the flag is derived here once every case is in.
 */
async function deriveReReports(client: pg.Client): Promise<void> {
  const rule = storedIntakeReReportSql('i');
  await client.query(`UPDATE core.intake i SET re_report = ${rule.text}`, rule.values);
}

async function countRows(client: pg.Client): Promise<Omit<SeedSummary, 'millis'>> {
  const { rows } = await client.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM core.person) AS persons, (SELECT count(*) FROM core.family) AS families,
    (SELECT count(*) FROM core.family_membership) AS memberships, (SELECT count(*) FROM core."case") AS cases,
    (SELECT count(*) FROM core.intake) AS intakes, (SELECT count(*) FROM core.service_contact) AS contacts,
    (SELECT count(*) FROM core.referral) AS referrals, (SELECT count(*) FROM core.organization) AS organizations,
    (SELECT count(*) FROM core.worker) AS workers, (SELECT count(*) FROM core.assignment) AS assignments`);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)])) as Omit<SeedSummary, 'millis'>;
}
