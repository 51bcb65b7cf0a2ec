// Live indicator counts, kept while nothing they count has changed. The case
// work and the cross-agency indicators are counted from the core records on
// every request (no materialized view: case work is written all day), and at
// whole-city scale each of those statements takes most of a second. Triggers
// note in core.count_change, inside the writing transaction, every year a
// change may move (migration 20261208000100_indicator_count_changes); rows
// are only ever added. So a reader that finds the same number of rows for
// the years it asks about as when the counts were taken knows that no change
// to those years has committed since, and the counts are still exact.
//
// The rows are counted before the counts are taken: a change committing in
// between is then in the counts but not in the number kept with them, and
// the next request counts again (never the other way round).
import { createHash } from 'node:crypto';
import { prisma } from '../db/prisma.ts';
import type { CohortMember } from '../../connectors/kit/cohort.ts';
import type { CohortCounts, IndicatorCounts } from '../../connectors/kit/indicators.ts';
import { periodKey, type CountRow } from './year-cube.ts';
import type { Period } from './period.ts';

/** Sets of counts kept per process: a few years of each cached owner, a few runs of months each. */
const MAX_ENTRIES = 128;

/** What a count depends on, as the triggers note it: contacts, intakes, cases, families (district, memberships, welfare status). */
export type CountedRecords = 'contacts' | 'intakes' | 'cases' | 'families';

interface Entry {
  changes: bigint;
  rows: Promise<CountRow[]>;
}

const entries = new Map<string, Entry>();

/** How many changes of these records to these years (or to every year) have committed so far. */
async function changesTo(records: readonly CountedRecords[], years: number[]): Promise<bigint> {
  const [row] = await prisma().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM core.count_change WHERE year = ANY(${[0, ...years]}::int[]) AND what = ANY(${[...records]}::text[])`;
  return row!.n;
}

/**
 * Years after the current one are counted every time: an open case counts in
 * every year to come, and the triggers note an open case only through next year.
 */
const cacheable = (years: number[]) => years.every((year) => year <= new Date().getUTCFullYear());

async function keptOrCounted(key: string, records: readonly CountedRecords[], periods: Period[], count: () => Promise<CountRow[]>): Promise<CountRow[]> {
  const years = [...new Set(periods.map((p) => p.year))];
  if (periods.length === 0 || !cacheable(years)) return count();
  const changes = await changesTo(records, years);
  const kept = entries.get(key);
  if (kept && kept.changes === changes) {
    entries.delete(key);
    entries.set(key, kept);
    return kept.rows;
  }
  const entry: Entry = { changes, rows: count() };
  entries.set(key, entry);
  entry.rows.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return entry.rows;
}

const periodsKey = (periods: Period[]) => periods.map(periodKey).join(',');

/** An owner's live counts, kept while no change to the records they count in the years they cover has committed. `name` tells owners apart. */
export function keptCounts(name: string, records: readonly CountedRecords[], counts: IndicatorCounts): IndicatorCounts {
  return (periods) => keptOrCounted(`${name}|${periodsKey(periods)}`, records, periods, () => counts(periods));
}

/**
 * Counts over a cohort another subgraph published, kept like keptCounts for
 * the same cohort: the cohort's owner may change it at its next sync, and a
 * different cohort is a different key.
 */
export function keptCohortCounts(name: string, records: readonly CountedRecords[], counts: CohortCounts): CohortCounts {
  return (periods: Period[], cohort: CohortMember[]) => {
    const digest = createHash('sha256').update(JSON.stringify(cohort)).digest('base64url');
    return keptOrCounted(`${name}|${digest}|${periodsKey(periods)}`, records, periods, () => counts(periods, cohort));
  };
}

/** Forgets every kept count (tests that compare kept counts with fresh ones). */
export function forgetKeptCounts(): void {
  entries.clear();
}
