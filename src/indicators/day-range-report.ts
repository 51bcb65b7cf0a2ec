// The DayRangeIndicatorReport entity of the indicators subgraph: a range of
// days (a campaign), keyed "2023-01-10..2023-02-16", with the case work and
// the meetings counted over it. Each connector that owns indicators extends
// the same entity with its own (connectors/kit/indicators.ts), as it extends
// IndicatorReport; day-ranges.ts says what is published for days and why.
import { ownedDayRangeValues } from '../../connectors/kit/indicators.ts';
import type { createSubgraphBuilder } from '../../connectors/kit/subgraph-builder.ts';
import type { HubContext } from '../graph/context.ts';
import { casesOverCampaigns } from './campaign-stocks.ts';
import { caseIndicatorCounts } from './case-counts.ts';
import { keptCampaignCounts } from './counts-cache.ts';
import { caseWorkCountsForDays, enteredDayValues, parseDayRangeKey, type DayRangeValue } from './day-ranges.ts';
import { defineDayRangeValueType } from './graphql-types.ts';
import { meetingDayValues } from './meeting-indicators.ts';
import { minCellSize } from './suppression.ts';

/** Cases in service over the year's campaigns, kept while no case of those years changes. */
const keptCasesOverCampaigns = keptCampaignCounts('cases:campaigns', ['cases'], casesOverCampaigns);

export interface DayRangeReport {
  key: string;
}

/** The case-work indicators over the days of a report key (an entity key may be made up: null when it names no range). */
export function caseWorkDayValues(key: string, owner: string, ctx: HubContext): Promise<DayRangeValue[] | null> {
  return ownedDayRangeValues(key, owner, caseIndicatorCounts, caseWorkCountsForDays, ctx, keptCasesOverCampaigns);
}

export const DAY_RANGE_REPORT_FIELDS = ['key', 'fromDate', 'toDate', 'minCellSize', 'values', 'meetingIndicators', 'enteredIndicators'];

/** The entity, on the indicators subgraph's builder. */
export function defineDayRangeReport(builder: ReturnType<typeof createSubgraphBuilder>, owner: string) {
  const value = defineDayRangeValueType(builder);
  const days = (r: DayRangeReport) => parseDayRangeKey(r.key);
  const ref = builder.objectRef<DayRangeReport>('DayRangeIndicatorReport').implement({
    description:
      'Indicators over a range of days, city-wide (a campaign such as the Lunar New Year care project, 10 January – 16 February). Each owning subgraph adds its indicators; every indicator is listed, those not published for days with the reason.',
    fields: (t) => ({
      key: t.exposeString('key', { nullable: false, description: 'The range, "2023-01-10..2023-02-16" (its entity key).' }),
      fromDate: t.field({ type: 'Date', nullable: true, description: 'First day.', resolve: (r) => days(r)?.fromDate ?? null }),
      toDate: t.field({ type: 'Date', nullable: true, description: 'Last day, inclusive.', resolve: (r) => days(r)?.toDate ?? null }),
      minCellSize: t.int({ nullable: true, description: 'Counts below this (k) are suppressed.', resolve: () => minCellSize() }),
      values: t.field({
        type: [value],
        nullable: true,
        description: "Every case-work indicator: counts of events and the 24-hour triage rate over the days, cases in service over a campaign's days, the rest marked not offered.",
        resolve: (r, _args, ctx) => caseWorkDayValues(r.key, owner, ctx),
      }),
      meetingIndicators: t.field({
        type: [value],
        nullable: true,
        description: 'Meetings held over the days (by the day they started in Taipei), city-wide, as they are (meetings are not persons); the cases discussed not offered.',
        resolve: (r, _args, ctx) => {
          const range = days(r);
          return range ? meetingDayValues(ctx, range.fromDate, range.toDate) : null;
        },
      }),
      enteredIndicators: t.field({
        type: [value],
        nullable: true,
        description: "The figures units enter (returns, 填報), listed and not offered for days: they are entered for a year, quarter, month or run of months; a campaign's own figures are its form (campaigns).",
        resolve: (r) => (days(r) ? enteredDayValues() : null),
      }),
    }),
  });
  builder.asEntity(ref, {
    key: builder.selection<{ key: string }>('key'),
    resolveReference: (reference) => (parseDayRangeKey(reference.key) ? { key: reference.key } : null),
  });
  return ref;
}
