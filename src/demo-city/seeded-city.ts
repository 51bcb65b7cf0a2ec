// What the demo city in a database was seeded as: a scale of the whole city
// or a named scenario. It is recorded beside the city because the agency
// demo sources are generated later, often by another process (npm start,
// the benchmark, a test), and must be built for the same city: a scenario's
// figures are only exact when its sources are generated for it too.
import pg from 'pg';
import { scenarioNamed, type Scenario } from './scenarios.ts';

export interface SeededCity {
  /** The scenario's name; null for a city at a scale. */
  scenario: string | null;
  scale: number | null;
  seed: number;
}

/** Records the city in the seed's transaction (a city seeded before this record existed reads as none). */
export async function recordSeededCity(client: pg.Client, city: SeededCity): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS demo_city');
  await client.query(`CREATE TABLE IF NOT EXISTS demo_city.seeded_city (
    scenario TEXT, scale DOUBLE PRECISION, seed INTEGER NOT NULL, seeded_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  await client.query('DELETE FROM demo_city.seeded_city');
  await client.query('INSERT INTO demo_city.seeded_city (scenario, scale, seed) VALUES ($1, $2, $3)', [city.scenario, city.scale, city.seed]);
}

export async function readSeededCity(databaseUrl: string): Promise<SeededCity | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: [table] } = await client.query<{ present: boolean }>(`SELECT to_regclass('demo_city.seeded_city') IS NOT NULL AS present`);
    if (!table?.present) return null;
    const { rows } = await client.query<SeededCity>('SELECT scenario, scale, seed FROM demo_city.seeded_city LIMIT 1');
    return rows[0] ?? null;
  } finally {
    await client.end();
  }
}

/** The scenario the database's city was seeded as; null for a city at a scale (or none). */
export async function seededScenario(databaseUrl: string): Promise<Scenario | null> {
  const name = (await readSeededCity(databaseUrl))?.scenario;
  if (!name) return null;
  const scenario = scenarioNamed(name);
  if (!scenario) throw new Error(`The city was seeded as scenario "${name}", which this version of the hub does not know`);
  return scenario;
}
