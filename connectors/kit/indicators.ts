// How a subgraph contributes the indicators it owns: it extends the
// IndicatorReport entity (owned by the indicators subgraph) with one field
// that aggregates its own records in SQL, per district and period. Every
// period of the report's year is counted in the same statements and
// protected together (src/indicators/year-cube.ts), once per request and
// year, however many reports (a trend) the request asks for. Only counts
// leave the subgraph, under small-cell protection.
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../../src/graph/context.ts';
import { crossAgencyIndicatorsOwnedBy, indicatorsOwnedBy, type IndicatorDefinition } from '../../src/indicators/catalogue.ts';
import { evaluateIndicator, type IndicatorValue } from '../../src/indicators/evaluate.ts';
import { auditedCampaignFigures, auditedOverCampaigns, campaignOf, campaignsOfYear, type CampaignCounts, type CampaignDays } from '../../src/indicators/campaign-stocks.ts';
import { dayRangeValues, monthsTouched, parseDayRangeKey, type DayCount, type DayCounts, type DayRangeValue } from '../../src/indicators/day-ranges.ts';
import { defineDayRangeValueType, defineIndicatorValueTypes } from '../../src/indicators/graphql-types.ts';
import { isBasePeriod, parseReportKey, reportKey, type Period } from '../../src/indicators/period.ts';
import { protectMonthRanges } from '../../src/indicators/month-ranges.ts';
import { minCellSize } from '../../src/indicators/suppression.ts';
import { protectAuditedCached, type YearTables } from '../../src/indicators/disclosure-repair.ts';
import { periodKey, periodsOfYear, type CountRow, type ProtectedPeriod } from '../../src/indicators/year-cube.ts';
import { openCohort, sealCohort, type CohortMember } from './cohort.ts';
import { registerCohort, registerCrossAgency, registerOwnIndicators } from './indicator-warm-up.ts';
import { requestLoader, type createSubgraphBuilder } from './subgraph-builder.ts';

/** Counts of the owner's indicators for each of the given periods, per district, from one or a few SQL aggregates over all of them. */
export type IndicatorCounts = (periods: Period[]) => Promise<CountRow[]>;

function yearLoader(ctx: HubContext, name: string, definitions: IndicatorDefinition[], counts: IndicatorCounts): DataLoader<number, YearTables> {
  return requestLoader(ctx, `indicators:${name}`, () =>
    new DataLoader<number, YearTables>(async (years) => {
      // Every year asked for in this request, in one round of statements.
      const rows = await counts(years.flatMap(periodsOfYear));
      const k = minCellSize();
      return Promise.all(years.map((year) => protectAuditedCached(definitions, year, rows, k)));
    }),
  );
}

/**
 * The owner's cells for runs of months that are not a year, quarter or month
 * (month-ranges.ts): every run asked for in the request counted in one round
 * of statements, each protected from its year's audited table.
 */
function monthRangeLoader(ctx: HubContext, name: string, definitions: IndicatorDefinition[], counts: IndicatorCounts): DataLoader<string, Map<string, ProtectedPeriod>> {
  const years = yearLoader(ctx, name, definitions, counts);
  return requestLoader(ctx, `indicator-ranges:${name}`, () =>
    new DataLoader<string, Map<string, ProtectedPeriod>>(async (keys) => {
      const periods = keys.map((key) => reportOf(key).period);
      const yearList = [...new Set(periods.map((p) => p.year))];
      const [rows, tables] = await Promise.all([counts(periods), Promise.all(yearList.map((year) => years.load(year)))]);
      const byYear = new Map(yearList.map((year, i) => [year, tables[i]!]));
      const k = minCellSize();
      return periods.map((period) => protectMonthRanges(definitions, period, byYear.get(period.year)!, rows, k));
    }),
  );
}

function reportOf(reportKey: string) {
  const report = parseReportKey(reportKey);
  if (!report) throw new GraphQLError('Unknown indicator report', { extensions: { code: 'BAD_USER_INPUT' } });
  return report;
}

type Report = NonNullable<ReturnType<typeof parseReportKey>>;

/** The owner's protected cells of the report's period, per indicator id: from its year's table, or for another run of months derived from it. */
async function periodTables(report: Report, ctx: HubContext, name: string, definitions: IndicatorDefinition[], counts: IndicatorCounts): Promise<Map<string, ProtectedPeriod>> {
  if (!isBasePeriod(report.period)) return monthRangeLoader(ctx, name, definitions, counts).load(reportKey(report.period, null));
  const year = await yearLoader(ctx, name, definitions, counts).load(report.period.year);
  return new Map(definitions.map((d) => [d.id, year.get(d.id)!.get(periodKey(report.period))!]));
}

function evaluateAll(definitions: IndicatorDefinition[], tables: Map<string, ProtectedPeriod>, report: Report): IndicatorValue[] {
  return definitions.map((definition) => evaluateIndicator(definition, report.period, tables.get(definition.id)!, report.district));
}

/** The owner's audited tables of a year, shared with its reports of the same request (one count, one audit). */
export function ownedYearTables(year: number, owner: string, counts: IndicatorCounts, ctx: HubContext): Promise<YearTables> {
  return yearLoader(ctx, owner, indicatorsOwnedBy(owner), counts).load(year);
}

/** The owner's own indicators for a report, every period of its year counted and protected once per request. */
export async function ownedIndicators(key: string, owner: string, counts: IndicatorCounts, ctx: HubContext): Promise<IndicatorValue[]> {
  const report = reportOf(key);
  const definitions = indicatorsOwnedBy(owner);
  return evaluateAll(definitions, await periodTables(report, ctx, owner, definitions, counts), report);
}

/** Where the figures published over campaigns come from: an owner's (or a cross-agency indicator's over one year's cohort). */
interface CampaignSource {
  /** Names the request's loaders: the owner, and for a cohort its year. */
  name: string;
  definitions: IndicatorDefinition[];
  yearTables: (year: number) => Promise<YearTables>;
  counts: CampaignCounts;
}

/**
 * The source's figures over a range that is exactly a campaign of its year,
 * each audited with the year and the year's other campaigns
 * (campaign-stocks.ts); null when the range is no campaign. The year's
 * campaigns and their counts are read once per request and year, however
 * many ranges (representations) ask.
 */
async function campaignFigures(source: CampaignSource, fromDate: Date, toDate: Date, ctx: HubContext): Promise<Map<string, DayCount | null> | null> {
  if (fromDate.getUTCFullYear() !== toDate.getUTCFullYear()) return null;
  const year = fromDate.getUTCFullYear();
  const campaignsLoader = requestLoader(ctx, 'campaigns-of-year', () => new DataLoader<number, CampaignDays[]>((years) => Promise.all(years.map(campaignsOfYear))));
  const campaigns = await campaignsLoader.load(year);
  const campaign = campaignOf(campaigns, fromDate, toDate);
  if (!campaign) return null;
  const countsLoader = requestLoader(ctx, `campaign-counts:${source.name}`, () =>
    new DataLoader<number, Map<string, number>>((years) => Promise.all(years.map(async (y) => source.counts(await campaignsLoader.load(y))))),
  );
  const [tables, counted] = await Promise.all([source.yearTables(year), countsLoader.load(year)]);
  const k = minCellSize();
  const figures = await Promise.all(source.definitions.map((d) => auditedCampaignFigures(d, year, tables, campaigns, counted, k)));
  return new Map(source.definitions.map((d, i) => [d.id, figures[i]!.get(campaign.id) ?? null]));
}

/**
 * The owner's indicators over the days of a DayRangeIndicatorReport key
 * (null for a key that names no range): its counts of events over the days,
 * each shown only where its city cell of every month touched is shown in the
 * owner's audited year (day-ranges.ts); what lasts, and rates over it, over
 * a campaign's days from `campaignCounts`.
 */
export async function ownedDayRangeValues(key: string, owner: string, counts: IndicatorCounts, dayCounts: DayCounts, ctx: HubContext, campaignCounts?: CampaignCounts): Promise<DayRangeValue[] | null> {
  const range = parseDayRangeKey(key);
  if (!range) return null;
  const months = monthsTouched(range.fromDate, range.toDate);
  const yearList = [...new Set(months.map((m) => m.year))];
  // Every range of the request (a subgraph may be sent many representations) counted in one round of statements.
  const days = requestLoader(ctx, `day-counts:${owner}`, () =>
    new DataLoader<string, Map<string, DayCount>>((keys) => dayCounts(keys.map((k) => parseDayRangeKey(k)!))),
  );
  const [counted, tables, figures] = await Promise.all([
    days.load(key),
    Promise.all(yearList.map((year) => ownedYearTables(year, owner, counts, ctx))),
    campaignCounts
      ? campaignFigures(
          { name: owner, definitions: indicatorsOwnedBy(owner).filter(auditedOverCampaigns), yearTables: (year) => ownedYearTables(year, owner, counts, ctx), counts: campaignCounts },
          range.fromDate,
          range.toDate,
          ctx,
        )
      : null,
  ]);
  const years = new Map(yearList.map((year, i) => [year, tables[i]!]));
  return dayRangeValues(indicatorsOwnedBy(owner), counted, months, years, minCellSize(), figures);
}

/** Counts of cross-agency indicators over a cohort another subgraph published. */
export type CohortCounts = (periods: Period[], cohort: CohortMember[]) => Promise<CountRow[]>;
/** Counts of cross-agency indicators over each campaign's days, per measure and district (keys: countKey), over such a cohort. */
export type CohortCampaignCounts = (campaigns: readonly CampaignDays[], cohort: CohortMember[]) => Promise<Map<string, number>>;

function opened(sealedCohort: string): CohortMember[] {
  try {
    return openCohort(sealedCohort);
  } catch {
    throw new GraphQLError('The cohort of a cross-agency indicator could not be opened', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/**
 * Cross-agency indicators over the days of a DayRangeIndicatorReport key
 * (null for a key that names no range): over a campaign's exact days, the
 * figures counted over the year's cohort and audited with the year's cross-
 * agency cells and campaigns; else listed as not offered, with the reason.
 * Without a cohort (a subgraph asked directly without one) nothing is offered.
 */
async function crossAgencyDayValues(key: string, sealedCohort: string | null | undefined, crossAgency: CrossAgencyExtension, ctx: HubContext): Promise<DayRangeValue[] | null> {
  const range = parseDayRangeKey(key);
  if (!range) return null;
  const definitions = crossAgencyIndicatorsOwnedBy(crossAgency.owner);
  const cohort = sealedCohort ? opened(sealedCohort) : null;
  const year = range.fromDate.getUTCFullYear();
  const name = `${crossAgency.owner}:cross-agency:${year}`;
  const figures =
    cohort === null
      ? null
      : await campaignFigures(
          {
            name,
            definitions,
            yearTables: (y) => yearLoader(ctx, name, definitions, (periods) => crossAgency.counts(periods, cohort)).load(y),
            counts: (campaigns) => crossAgency.campaignCounts(campaigns, cohort),
          },
          range.fromDate,
          range.toDate,
          ctx,
        );
  return dayRangeValues(definitions, new Map(), [], new Map(), minCellSize(), figures);
}

async function crossAgencyIndicators(key: string, sealedCohort: string, owner: string, counts: CohortCounts, ctx: HubContext): Promise<IndicatorValue[]> {
  const report = reportOf(key);
  const cohort = opened(sealedCohort);
  const definitions = crossAgencyIndicatorsOwnedBy(owner);
  // A cohort covers one year: one loader per year keeps each year's counts with its own cohort.
  const tables = await periodTables(report, ctx, `${owner}:cross-agency:${report.period.year}`, definitions, (periods) => counts(periods, cohort));
  return evaluateAll(definitions, tables, report);
}

export interface CrossAgencyExtension {
  field: string;
  owner: string;
  cohortField: string;
  description: string;
  counts: CohortCounts;
  /** Over each campaign's days (a cohort carries days). */
  campaignCounts: CohortCampaignCounts;
}

/** The sealed cohort of a year, once per request and year, for both report entities. */
function cohortLoader(ctx: HubContext, cohort: NonNullable<IndicatorReportExtension['publishesCohort']>): DataLoader<number, string> {
  return requestLoader(ctx, `cohort:${cohort.field}`, () => new DataLoader<number, string>((years) => Promise.all(years.map(async (year) => sealCohort(await cohort.members(year))))));
}

export interface IndicatorReportExtension {
  /** The subgraph whose schema this is: a process warms only the indicators of subgraphs it serves (indicator-warm-up.ts). */
  subgraph: string;
  /** The subgraph's own indicators, as IndicatorReport.<field> and DayRangeIndicatorReport.<field> (its events counted over the days by `dayCounts`). */
  indicators?: { field: string; owner: string; description: string; counts: IndicatorCounts; dayCounts: DayCounts; campaignCounts?: CampaignCounts };
  /** A cohort of the report's year this subgraph publishes, sealed, for another subgraph's cross-agency indicators: IndicatorReport.<field>, @inaccessible. */
  publishesCohort?: { field: string; description: string; members: (year: number) => Promise<CohortMember[]> };
  /** Cross-agency indicators this subgraph counts over another's cohort (IndicatorReport.<field> and DayRangeIndicatorReport.<field> @requires(fields: "<cohortField>")). */
  crossAgency?: CrossAgencyExtension;
  /** The name of the value type in this subgraph (IndicatorValue unless the subgraph needs its own; see CROSS_AGENCY_VALUE_TYPE). */
  valueTypeName?: string;
  /** The same for DayRangeIndicatorReport (DayRangeIndicatorValue unless the subgraph needs its own; see CROSS_AGENCY_DAY_VALUE_TYPE). */
  dayRangeValueTypeName?: string;
}

/** Extends IndicatorReport (owned by the indicators subgraph) in a subgraph's schema. */
export function extendIndicatorReport(builder: ReturnType<typeof createSubgraphBuilder>, extension: IndicatorReportExtension): void {
  const { value } = defineIndicatorValueTypes(builder, extension.valueTypeName);
  type Report = { key: string } & Record<string, string>;
  const ReportRef = builder.externalRef('IndicatorReport', builder.selection<{ key: string }>('key'), (report) => report as Report);
  const { indicators, publishesCohort, crossAgency } = extension;
  if (indicators) registerOwnIndicators({ subgraph: extension.subgraph, owner: indicators.owner, counts: indicators.counts });
  if (publishesCohort) registerCohort({ subgraph: extension.subgraph, field: publishesCohort.field, members: publishesCohort.members });
  if (crossAgency) registerCrossAgency({ subgraph: extension.subgraph, owner: crossAgency.owner, cohortField: crossAgency.cohortField, counts: crossAgency.counts });
  ReportRef.implement({
    description: 'Indicators of the KPI catalogue for a period and district (owned by the indicators subgraph).',
    externalFields: (t) => ({
      key: t.string({ nullable: false, description: 'Period and district of the report.' }),
      ...(crossAgency ? { [crossAgency.cohortField]: t.string({ nullable: true, description: 'The sealed cohort this subgraph counts over, published by another subgraph.' }) } : {}),
    }),
    fields: (t) => ({
      ...(indicators
        ? { [indicators.field]: t.field({ type: [value], nullable: true, description: indicators.description, resolve: (report, _args, ctx) => ownedIndicators(report.key, indicators.owner, indicators.counts, ctx) }) }
        : {}),
      ...(publishesCohort
        ? {
            [publishesCohort.field]: t.string({
              nullable: true,
              inaccessible: true,
              description: publishesCohort.description,
              resolve: (report, _args, ctx) => cohortLoader(ctx, publishesCohort).load(reportOf(report.key).period.year),
            }),
          }
        : {}),
      ...(crossAgency
        ? {
            [crossAgency.field]: t.field({
              type: [value],
              nullable: true,
              description: crossAgency.description,
              requires: builder.selection<Record<string, string>>(crossAgency.cohortField as never),
              resolve: (report, _args, ctx) => {
                const sealed = (report as Report)[crossAgency.cohortField];
                return sealed ? crossAgencyIndicators(report.key, sealed, crossAgency.owner, crossAgency.counts, ctx) : null;
              },
            }),
          }
        : {}),
    }),
  });
  if (indicators || crossAgency || publishesCohort) extendDayRangeReport(builder, extension);
}

/** Extends DayRangeIndicatorReport (owned by the indicators subgraph) with the same fields, over the report's days. */
function extendDayRangeReport(builder: ReturnType<typeof createSubgraphBuilder>, { indicators, crossAgency, publishesCohort, dayRangeValueTypeName }: IndicatorReportExtension): void {
  const value = indicators || crossAgency ? defineDayRangeValueType(builder, dayRangeValueTypeName) : null;
  type Report = { key: string } & Record<string, string>;
  const ReportRef = builder.externalRef('DayRangeIndicatorReport', builder.selection<{ key: string }>('key'), (report) => report as Report);
  ReportRef.implement({
    description: 'Indicators over a range of days, city-wide (owned by the indicators subgraph).',
    externalFields: (t) => ({
      key: t.string({ nullable: false, description: 'The range, "2023-01-10..2023-02-16".' }),
      ...(crossAgency ? { [crossAgency.cohortField]: t.string({ nullable: true, description: 'The sealed cohort of the range\'s year this subgraph counts over, published by another subgraph.' }) } : {}),
    }),
    fields: (t) => ({
      ...(indicators && value
        ? {
            [indicators.field]: t.field({
              type: [value],
              nullable: true,
              description: `${indicators.description} Over the days: counts of events and rates of events over events${indicators.campaignCounts ? "; over a campaign's exact days also rates over what lasts" : ''}; the rest listed as not offered, with the reason.`,
              resolve: (report, _args, ctx) => ownedDayRangeValues(report.key, indicators.owner, indicators.counts, indicators.dayCounts, ctx, indicators.campaignCounts),
            }),
          }
        : {}),
      ...(publishesCohort
        ? {
            [publishesCohort.field]: t.string({
              nullable: true,
              inaccessible: true,
              description: `${publishesCohort.description} For a range of days: the cohort of its year (none for a range across a new year).`,
              resolve: (report, _args, ctx) => {
                const range = parseDayRangeKey(report.key);
                if (!range || range.fromDate.getUTCFullYear() !== range.toDate.getUTCFullYear()) return null;
                return cohortLoader(ctx, publishesCohort).load(range.fromDate.getUTCFullYear());
              },
            }),
          }
        : {}),
      ...(crossAgency && value
        ? {
            [crossAgency.field]: t.field({
              type: [value],
              nullable: true,
              description: `${crossAgency.description} Over a campaign's exact days only, audited with its year; otherwise listed as not offered, with the reason.`,
              requires: builder.selection<Record<string, string>>(crossAgency.cohortField as never),
              resolve: (report, _args, ctx) => crossAgencyDayValues(report.key, (report as Report)[crossAgency.cohortField], crossAgency, ctx),
            }),
          }
        : {}),
    }),
  });
}

/** The periods as three parallel arrays for SQL: `unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)`. */
export function periodArrays(periods: Period[]): { keys: string[]; froms: string[]; tos: string[] } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { keys: periods.map(periodKey), froms: periods.map((p) => day(p.from)), tos: periods.map((p) => day(p.to)) };
}

/** SQL helper: a CountRow from a row of (period, indicator, district, numerator, denominator). */
export function countRow(indicator: string) {
  return (row: { period: string; district: string | null; numerator: number | bigint; denominator?: number | bigint | null }): CountRow => ({
    period: row.period,
    indicator,
    district: row.district,
    numerator: Number(row.numerator),
    denominator: row.denominator === undefined || row.denominator === null ? null : Number(row.denominator),
  });
}
