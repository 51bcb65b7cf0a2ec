// Indicator buckets: an owner's records counted per indicator, measure
// (N numerator, D denominator), district and month span. Every period of
// the hub is made of whole months, so a record counts in a period when its
// span overlaps it: events have one month, things that last (a case in
// service, a valid certificate) run from their first month to their last
// (NULL while they last). One generic statement turns buckets into the
// counts of any number of periods. Connectors keep theirs in a materialized
// view refreshed after each sync; the core case work is bucketed live.
import { Prisma } from '../../src/generated/prisma/client.ts';
import { prisma } from '../../src/db/prisma.ts';
import type { Period } from '../../src/indicators/period.ts';
import type { CountRow } from '../../src/indicators/year-cube.ts';
import { periodArrays } from './indicators.ts';
import { analyzeStaleTables } from './table-statistics.ts';
import type { SyncCounts } from './sync-store.ts';

/** `source` is a relation or subquery with columns indicator, measure, district, first_month, last_month, n. */
export async function bucketCounts(source: Prisma.Sql, periods: Period[]): Promise<CountRow[]> {
  const { keys, froms, tos } = periodArrays(periods);
  const rows = await prisma().$queryRaw<{ period: string; indicator: string; district: string | null; numerator: bigint | null; denominator: bigint | null }[]>`
    WITH b AS (${source})
    SELECT p.key AS period, b.indicator, b.district,
           coalesce(sum(b.n) FILTER (WHERE b.measure = 'N'), 0) AS numerator, sum(b.n) FILTER (WHERE b.measure = 'D') AS denominator
    FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
    JOIN b ON b.first_month < p.to_d AND (b.last_month IS NULL OR b.last_month >= p.from_d)
    GROUP BY 1, 2, 3`;
  return rows.map((r) => ({
    period: r.period,
    indicator: r.indicator,
    district: r.district,
    numerator: Number(r.numerator ?? 0),
    denominator: r.denominator === null ? null : Number(r.denominator),
  }));
}

/** Counts of the indicators of a connector's materialized view `<schema>.indicator_buckets`. */
export const viewBucketCounts = (schema: 'welfare' | 'education' | 'labor') => (periods: Period[]) =>
  bucketCounts(Prisma.sql`SELECT * FROM ${Prisma.raw(`${schema}.indicator_buckets`)}`, periods);

/**
 * Refreshes every connector's indicator buckets. After any sync, not only
 * the owner's: a household-registration sync moves persons between
 * districts. CONCURRENTLY, so dashboards keep reading the previous counts
 * meanwhile.
 */
export async function refreshIndicatorBuckets(): Promise<void> {
  const views = await prisma().$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews WHERE matviewname = 'indicator_buckets' ORDER BY 1`;
  for (const { name } of views) await prisma().$executeRawUnsafe(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}`);
}

/** A connector's sync that, once it has finished, brings the planner's statistics up to date and refreshes the indicator buckets. */
export function refreshingIndicators<Args extends unknown[]>(sync: (...args: Args) => Promise<SyncCounts>): (...args: Args) => Promise<SyncCounts> {
  return async (...args) => {
    const counts = await sync(...args);
    await analyzeStaleTables();
    await refreshIndicatorBuckets();
    return counts;
  };
}
