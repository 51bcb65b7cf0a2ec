// The meeting rows of the catalogue, counted from the meetings the units
// record in the hub (held meetings, by the day they started in Taipei): one
// statement per request for any number of periods. Meetings are not persons,
// so their counts are published as they are, city-wide or for the district a
// meeting was held for. The cases discussed at network meetings are persons:
// published city-wide for whole years only, and hidden from 1 to k−1.
import DataLoader from 'dataloader';
import { requestLoader } from '../../connectors/kit/subgraph-builder.ts';
import { prisma } from '../db/prisma.ts';
import type { HubContext } from '../graph/context.ts';
import { meetingIndicators, type IndicatorDefinition } from './catalogue.ts';
import { notOffered, plainCount, type DayRangeValue } from './day-ranges.ts';
import type { IndicatorValue } from './evaluate.ts';
import type { Period } from './period.ts';

interface MeetingCounts {
  CITY_COORDINATION: number;
  DISTRICT_CROSS_DEPARTMENT: number;
  RELEASE_TRANSITION: number;
  CASE_CONFERENCE: number;
  RE_REPORT_NETWORK: number;
  casesDiscussed: number;
}

/** Which count each row reads. */
const ROW_COUNTS: Record<string, (c: MeetingCounts) => number> = {
  NETWORK_MEETINGS_FOR_RE_REPORTS: (c) => c.RE_REPORT_NETWORK,
  HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS: (c) => c.casesDiscussed,
  CROSS_NETWORK_MEETINGS: (c) => c.CITY_COORDINATION + c.DISTRICT_CROSS_DEPARTMENT + c.RELEASE_TRANSITION + c.CASE_CONFERENCE,
  CROSS_NETWORK_MEETINGS_CITY: (c) => c.CITY_COORDINATION,
  CROSS_NETWORK_MEETINGS_DISTRICT: (c) => c.DISTRICT_CROSS_DEPARTMENT,
  CROSS_NETWORK_MEETINGS_RELEASE_TRANSITION: (c) => c.RELEASE_TRANSITION,
  CROSS_NETWORK_MEETINGS_CASE_CONFERENCE: (c) => c.CASE_CONFERENCE,
};

interface CountKey {
  from: Date;
  to: Date;
  district: string | null;
}

const keyOf = (k: CountKey) => `${k.from.toISOString()}|${k.to.toISOString()}|${k.district ?? ''}`;

async function loadCounts(keys: readonly CountKey[]): Promise<MeetingCounts[]> {
  const rows = await prisma().$queryRaw<(MeetingCounts & { i: number })[]>`
    SELECT q.i,
           count(m.id) FILTER (WHERE m.kind = 'CITY_COORDINATION')::int AS "CITY_COORDINATION",
           count(m.id) FILTER (WHERE m.kind = 'DISTRICT_CROSS_DEPARTMENT')::int AS "DISTRICT_CROSS_DEPARTMENT",
           count(m.id) FILTER (WHERE m.kind = 'RELEASE_TRANSITION')::int AS "RELEASE_TRANSITION",
           count(m.id) FILTER (WHERE m.kind = 'CASE_CONFERENCE')::int AS "CASE_CONFERENCE",
           count(m.id) FILTER (WHERE m.kind = 'RE_REPORT_NETWORK')::int AS "RE_REPORT_NETWORK",
           (SELECT count(DISTINCT a.case_id)::int FROM core.meeting_agenda_item a JOIN core.meeting n ON n.id = a.meeting_id
             WHERE n.kind = 'RE_REPORT_NETWORK' AND n.status = 'HELD' AND a.case_id IS NOT NULL
               AND n.starts_at >= q.from_day::timestamp AT TIME ZONE 'Asia/Taipei' AND n.starts_at < q.to_day::timestamp AT TIME ZONE 'Asia/Taipei'
               AND (q.district = '' OR n.district_code = q.district)) AS "casesDiscussed"
      FROM unnest(${keys.map((_k, i) => i)}::int[], ${keys.map((k) => k.from.toISOString().slice(0, 10))}::date[],
                  ${keys.map((k) => k.to.toISOString().slice(0, 10))}::date[], ${keys.map((k) => k.district ?? '')}::text[]) AS q(i, from_day, to_day, district)
      LEFT JOIN core.meeting m ON m.status = 'HELD'
           AND m.starts_at >= q.from_day::timestamp AT TIME ZONE 'Asia/Taipei' AND m.starts_at < q.to_day::timestamp AT TIME ZONE 'Asia/Taipei'
           AND (q.district = '' OR m.district_code = q.district)
     GROUP BY q.i, q.from_day, q.to_day, q.district`;
  const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
  return keys.map((_k, i) => byIndex.get(i)!);
}

function counts(ctx: HubContext, key: CountKey): Promise<MeetingCounts> {
  return requestLoader(ctx, 'meetingCounts', () => new DataLoader<CountKey, MeetingCounts, string>(loadCounts, { cacheKeyFn: keyOf })).load(key);
}

/** Whether a count of cases may be shown: city-wide, a whole year, and not 1 to k−1. */
function casesShown(period: Period, district: string | null, n: number, k: number): boolean {
  return district === null && period.fromMonth === 1 && period.toMonth === 12 && (n === 0 || n >= k);
}

function valueOf(definition: IndicatorDefinition, period: Period, district: string | null, n: number, k: number): IndicatorValue {
  const hidden = definition.unit === 'CASES' && !casesShown(period, district, n, k);
  const cell = hidden ? { numerator: null, value: null, suppressed: true } : { numerator: n, value: n, suppressed: false };
  return { ...cell, district, denominator: null, definition, period, met: null, byDistrict: [] };
}

/** The meeting rows for the period, city-wide or for meetings held for one district. */
export async function meetingIndicatorValues(ctx: HubContext, period: Period, district: string | null, k: number): Promise<IndicatorValue[]> {
  const found = await counts(ctx, { from: period.from, to: period.to, district });
  return meetingIndicators().map((definition) => valueOf(definition, period, district, ROW_COUNTS[definition.id]!(found), k));
}

const CASES_FOR_YEARS_ONLY = 'a count of cases (persons), published city-wide for whole years only: a shorter period\'s count could be worked out by difference';

/** The meeting rows over a range of days (inclusive), city-wide: meetings as they are; the cases discussed not offered. */
export async function meetingDayValues(ctx: HubContext, fromDate: Date, toDate: Date): Promise<DayRangeValue[]> {
  const found = await counts(ctx, { from: fromDate, to: new Date(toDate.getTime() + 86_400_000), district: null });
  return meetingIndicators().map((definition) =>
    definition.unit === 'CASES' ? notOffered(definition, CASES_FOR_YEARS_ONLY) : plainCount(definition, ROW_COUNTS[definition.id]!(found)),
  );
}
