// A process's first indicator report counted and audited its year from
// nothing: 7.8 s at whole-city scale, paid by whoever asked first, on every
// gateway replica and after every restart. So each process counts and audits
// the years it is told to (HUB_INDICATOR_WARM_YEARS) right after it starts
// serving, for the indicators of the subgraphs it runs itself: the same
// counts (counts-cache.ts) and audited tables (disclosure-repair.ts) a
// request would make, kept for the requests that follow. A subgraph served
// by another process is warmed there.
import { crossAgencyIndicatorsOwnedBy, indicatorsOwnedBy } from '../../src/indicators/catalogue.ts';
import { protectAuditedCached } from '../../src/indicators/disclosure-repair.ts';
import { minCellSize } from '../../src/indicators/suppression.ts';
import { periodsOfYear, type CountRow } from '../../src/indicators/year-cube.ts';
import type { Period } from '../../src/indicators/period.ts';
import type { CohortMember } from './cohort.ts';

type Counts = (periods: Period[]) => Promise<CountRow[]>;
type CohortCounts = (periods: Period[], cohort: CohortMember[]) => Promise<CountRow[]>;

interface OwnIndicators { subgraph: string; owner: string; counts: Counts }
interface Cohort { subgraph: string; field: string; members: (year: number) => Promise<CohortMember[]> }
interface CrossAgency { subgraph: string; owner: string; cohortField: string; counts: CohortCounts }

// Filled as the subgraphs' schemas are built (extendIndicatorReport, the indicators subgraph); one entry per owner.
const own = new Map<string, OwnIndicators>();
const cohorts = new Map<string, Cohort>();
const crossAgency = new Map<string, CrossAgency>();

export const registerOwnIndicators = (entry: OwnIndicators) => void own.set(entry.owner, entry);
export const registerCohort = (entry: Cohort) => void cohorts.set(entry.field, entry);
export const registerCrossAgency = (entry: CrossAgency) => void crossAgency.set(entry.owner, entry);

/** Counts and audits one owner's year, keeping both as a request would. */
async function warmOwner(owner: string, year: number, count: Counts, crossAgencyOwner: boolean): Promise<void> {
  const definitions = crossAgencyOwner ? crossAgencyIndicatorsOwnedBy(owner) : indicatorsOwnedBy(owner);
  const rows = await count(periodsOfYear(year));
  await protectAuditedCached(definitions, year, rows, minCellSize());
}

/**
 * Counts and audits `years` for every indicator owner among `subgraphs` (the
 * ones this process serves); a cross-agency owner also needs the subgraph
 * publishing its cohort here. Owners one after the other, so a start does not
 * take both cores from the first requests.
 */
export async function warmIndicatorYears(years: readonly number[], subgraphs: readonly string[]): Promise<{ owners: number; millis: number }> {
  const started = Date.now();
  const here = new Set(subgraphs);
  let owners = 0;
  for (const year of years) {
    for (const entry of own.values()) {
      if (!here.has(entry.subgraph)) continue;
      await warmOwner(entry.owner, year, entry.counts, false);
      owners += 1;
    }
    for (const entry of crossAgency.values()) {
      const cohort = cohorts.get(entry.cohortField);
      if (!here.has(entry.subgraph) || !cohort || !here.has(cohort.subgraph)) continue;
      const members = await cohort.members(year);
      await warmOwner(entry.owner, year, (periods) => entry.counts(periods, members), true);
      owners += 1;
    }
  }
  return { owners, millis: Date.now() - started };
}

/**
 * Starts the warm-up in the background (a start never waits for it, nor fails
 * by it) and reports on one line when it ends: years, owners and time, nothing
 * about any record. A failure says only its kind: the first report of each
 * year then counts as it did before.
 */
export function startIndicatorWarmUp(years: readonly number[], subgraphs: readonly string[], say: (line: string) => void): Promise<void> {
  if (years.length === 0) return Promise.resolve();
  return warmIndicatorYears(years, subgraphs).then(
    ({ owners, millis }) => say(`Indicators of ${years.join(', ')} counted and audited ahead of the first report (${owners} owner-years, ${(millis / 1000).toFixed(1)} s).`),
    (error: unknown) => say(`Indicator warm-up did not complete (${error instanceof Error ? error.name : 'error'}); the first report of each year counts it instead.`),
  );
}
