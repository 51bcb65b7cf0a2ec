// Live indicator counts, kept while nothing they count has changed. The case
// work and the cross-agency indicators are counted from the core records on
// every request (no materialized view: case work is written all day), and at
// whole-city scale each of those statements takes most of a second. Triggers
// note in core.count_change, inside the writing transaction, every year a
// change may move (migration 20261208000100_indicator_count_changes); rows
// are only ever added, or folded into core.count_change_total by the hourly
// compaction in one transaction (so rows plus totals never shrink). So a
// reader that finds the same number of changes for the years it asks about
// as when the counts were taken knows that no change to those years has
// committed since, and the counts are still exact.
//
// The rows are counted before the counts are taken: a change committing in
// between is then in the counts but not in the number kept with them, and
// the next request counts again (never the other way round).
import { createHash } from 'node:crypto';
import { prisma, prismaConnection } from '../db/prisma.ts';
import type { CohortMember } from '../../connectors/kit/cohort.ts';
import type { CohortCampaignCounts, CohortCounts, IndicatorCounts } from '../../connectors/kit/indicators.ts';
import type { CampaignCounts } from './campaign-stocks.ts';
import { periodKey, type CountRow } from './year-cube.ts';
import type { Period } from './period.ts';

/** Sets of counts kept per process: a few years of each cached owner, a few runs of months each. */
const MAX_ENTRIES = 128;

/** What a count depends on, as the triggers note it: contacts, intakes, cases, families (district, memberships, welfare status). */
export type CountedRecords = 'contacts' | 'intakes' | 'cases' | 'families';

interface Entry<T> {
  changes: bigint;
  rows: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();

/**
 * How many changes of each kind to these years (or to every year) have
 * committed so far, the rows not yet folded and the folded totals read in one
 * statement (one snapshot: a compaction is seen whole or not at all).
 */
async function changesTo(years: number[]): Promise<Map<string, bigint>> {
  const rows = await prisma().$queryRaw<{ what: string; n: bigint }[]>`
    SELECT what, sum(n)::bigint AS n FROM (
      SELECT what, count(*) AS n FROM core.count_change WHERE year = ANY(${[0, ...years]}::int[]) GROUP BY what
      UNION ALL
      SELECT what, n FROM core.count_change_total WHERE year = ANY(${[0, ...years]}::int[])
    ) AS changes GROUP BY what`;
  return new Map(rows.map((r) => [r.what, r.n]));
}

/** Folds the committed change rows into their totals (the hourly job): how many rows it folded. */
export async function compactCountChanges(): Promise<number> {
  const [row] = await prisma().$queryRaw<{ folded: bigint }[]>`SELECT core.compact_count_changes() AS folded`;
  return Number(row!.folded);
}

/**
 * Years after the current one are counted every time: an open case counts in
 * every year to come, and the triggers note an open case only through next year.
 */
const cacheable = (years: number[]) => years.every((year) => year <= new Date().getUTCFullYear());

/** One part of a count: its name, what it counts, and how. */
export interface KeptPart {
  name: string;
  records: readonly CountedRecords[];
  count: (periods: Period[]) => Promise<CountRow[]>;
}

function keptOrCounted<T>(key: string, changes: bigint, count: () => Promise<T>): Promise<T> {
  const kept = entries.get(key) as Entry<T> | undefined;
  if (kept && kept.changes === changes) {
    entries.delete(key);
    entries.set(key, kept);
    return kept.rows;
  }
  const entry: Entry<T> = { changes, rows: count() };
  entries.set(key, entry);
  entry.rows.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return entry.rows;
}

const periodsKey = (periods: Period[]) => periods.map(periodKey).join(',');

/**
 * Counts made of parts, each kept while no change to what it counts in the
 * years the periods cover has committed, and counted again on its own when
 * one has. One statement reads the changes for every part.
 */
export function keptParts(parts: readonly KeptPart[]): IndicatorCounts {
  return async (periods) => {
    if (periods.length === 0) return [];
    const years = [...new Set(periods.map((p) => p.year))];
    if (!cacheable(years)) return (await Promise.all(parts.map((part) => part.count(periods)))).flat();
    const changes = await changesTo(years);
    // The database too: a process that connects to another one (tests, scripts) must not find the first one's counts under an equal number of changes.
    const key = `${prismaConnection().url}|${periodsKey(periods)}`;
    const rows = parts.map((part) => {
      const seen = part.records.reduce((total, what) => total + (changes.get(what) ?? 0n), 0n);
      return keptOrCounted(`${part.name}|${key}`, seen, () => part.count(periods));
    });
    return (await Promise.all(rows)).flat();
  };
}

/** An owner's live counts, kept while no change to the records they count in the years they cover has committed. `name` tells owners apart. */
export function keptCounts(name: string, records: readonly CountedRecords[], counts: IndicatorCounts): IndicatorCounts {
  return keptParts([{ name, records, count: counts }]);
}

/**
 * Counts over a cohort another subgraph published, kept like keptCounts for
 * the same cohort: the cohort's owner may change it at its next sync, and a
 * different cohort is a different key.
 */
export function keptCohortCounts(name: string, records: readonly CountedRecords[], counts: CohortCounts): CohortCounts {
  return (periods: Period[], cohort: CohortMember[]) => {
    const digest = createHash('sha256').update(JSON.stringify(cohort)).digest('base64url');
    return keptCounts(`${name}|${digest}`, records, (forPeriods) => counts(forPeriods, cohort))(periods);
  };
}

/**
 * Counts over campaigns' days (campaign-stocks.ts), kept like keptCounts:
 * for the same campaigns (ids and days), while no change to what they count
 * in the campaigns' years has committed.
 */
export function keptCampaignCounts(name: string, records: readonly CountedRecords[], counts: CampaignCounts): CampaignCounts {
  return async (campaigns) => {
    if (campaigns.length === 0) return new Map();
    const years = [...new Set(campaigns.map((c) => c.from.getUTCFullYear()))];
    if (!cacheable(years)) return counts(campaigns);
    const changes = await changesTo(years);
    const seen = records.reduce((total, what) => total + (changes.get(what) ?? 0n), 0n);
    const key = `${name}|${prismaConnection().url}|${JSON.stringify(campaigns.map((c) => [c.id, c.from, c.to]))}`;
    return keptOrCounted(key, seen, () => counts(campaigns));
  };
}

/** The same over a cohort another subgraph published: a different cohort is a different key. */
export function keptCohortCampaignCounts(name: string, records: readonly CountedRecords[], counts: CohortCampaignCounts): CohortCampaignCounts {
  return (campaigns, cohort) => {
    const digest = createHash('sha256').update(JSON.stringify(cohort)).digest('base64url');
    return keptCampaignCounts(`${name}|${digest}`, records, (forCampaigns) => counts(forCampaigns, cohort))(campaigns);
  };
}

/** Forgets every kept count (tests that compare kept counts with fresh ones). */
export function forgetKeptCounts(): void {
  entries.clear();
}
