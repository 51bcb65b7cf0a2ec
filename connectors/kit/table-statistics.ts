// Planner statistics after a sync. A first sync loads millions of rows into
// tables PostgreSQL has never analysed, and until autovacuum gets to them
// the planner guesses: at whole-city scale the welfare cross-agency count
// ran for more than three minutes before `ANALYZE` and 4.5 s after. So a
// sync analyses, before the indicator buckets are refreshed and the next
// dashboard asks, every table that was written to and never analysed, or has
// changed by more than autovacuum's own threshold (50 rows and 10%) since it
// last was. Untouched tables are left alone: a database cloned from a
// template starts with no statistics at all, and analysing its hundred
// empty tables after every first sync cost seconds for nothing.
import { prisma } from '../../src/db/prisma.ts';

/** Tables whose statistics are missing or stale, schema-qualified and quoted. */
async function tablesToAnalyze(): Promise<string[]> {
  const rows = await prisma().$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables
    WHERE (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_mod_since_analyze > 0)
       OR n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)
    ORDER BY 1`;
  return rows.map((r) => r.name);
}

/** Analyses the tables a sync left without fresh statistics; returns their names. */
export async function analyzeStaleTables(): Promise<string[]> {
  const tables = await tablesToAnalyze();
  // One statement per table: ANALYZE of a list fails as a whole on one it may not touch.
  for (const table of tables) await prisma().$executeRawUnsafe(`ANALYZE ${table}`);
  return tables;
}
