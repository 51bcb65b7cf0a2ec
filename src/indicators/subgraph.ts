// The indicators subgraph: the KPI catalogue, and the IndicatorReport entity
// (a period and optionally a district) that each owning subgraph extends with
// the indicators it computes; the case-work indicators are computed here from
// the core records. Aggregates only: nothing here reads or returns a person.
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { ownedIndicators } from '../../connectors/kit/indicators.ts';
import { registerOwnIndicators } from '../../connectors/kit/indicator-warm-up.ts';
import { createSubgraphBuilder } from '../../connectors/kit/subgraph-builder.ts';
import { DISTRICT_CODES } from '../domain/codes.ts';
import { coreRowRelations } from '../graph/row-relations.ts';
import { enforcePolicy } from '../policy/enforce.ts';
import { federationRules, readsAggregates, type OperationRules } from '../policy/operation-rules.ts';
import type { PolicyTable } from '../policy/types.ts';
import { caseIndicatorCounts } from './case-counts.ts';
import { DAY_RANGE_REPORT_FIELDS, defineDayRangeReport } from './day-range-report.ts';
import { dayRangeKey, dayRangeProblem, MAX_RANGE_DAYS } from './day-ranges.ts';
import { INDICATORS, type IndicatorDefinition } from './catalogue.ts';
import { AGGREGATE_RULE, dayRangePolicy, defineIndicatorValueTypes, indicatorPolicy } from './graphql-types.ts';
import { parseReportKey, periodSeries, reportKey, resolvePeriod } from './period.ts';
import { minCellSize } from './suppression.ts';
import { meetingIndicatorValues } from './meeting-indicators.ts';
import { acceptedReturns, enteredIndicators } from './returns/published-returns.ts';
import { defineEnteredTypes, ENTERED_VALUE_FIELDS, PROVENANCE_FIELDS, STAFFING_LINE_FIELDS, STAFFING_TABLE_FIELDS } from './returns/report-fields.ts';
import { staffingTable } from './returns/staffing.ts';

export const INDICATORS_SUBGRAPH = 'indicators';

/** Three years by month: enough for a dashboard's trend lines, bounded so one request cannot ask for decades of months. */
const MAX_TREND_POINTS = 36;

const builder = createSubgraphBuilder();
const { value, cell } = defineIndicatorValueTypes(builder);
const { entered, table: staffingTableRef } = defineEnteredTypes(builder, cell);

const DefinitionRef = builder.objectRef<IndicatorDefinition>('IndicatorDefinition').implement({
  description: "An indicator of the city's KPI catalogue (DOMAIN.md), defined once.",
  fields: (t) => ({
    id: t.exposeString('id', { nullable: true, description: 'Catalogue id.' }),
    labelEn: t.exposeString('labelEn', { nullable: true, description: 'Name in English.' }),
    labelZh: t.exposeString('labelZh', { nullable: true, description: 'Name in Chinese.' }),
    numerator: t.exposeString('numerator', { nullable: true, description: 'What is counted; for a ratio, the numerator.' }),
    denominator: t.string({ nullable: true, description: 'For a ratio, what it is a share of; null for a count.', resolve: (d) => d.denominator }),
    unit: t.exposeString('unit', { nullable: true, description: 'PERCENT, CASES, CONTACTS or VISITS.' }),
    owner: t.string({ nullable: true, description: 'The subgraph that computes it; null when the hub cannot carry it yet.', resolve: (d) => d.owner }),
    target: t.float({ nullable: true, description: 'The target; null when there is none.', resolve: (d) => d.target?.value ?? null }),
    targetDirection: t.string({ nullable: true, description: 'AT_LEAST or AT_MOST.', resolve: (d) => d.target?.direction ?? null }),
    reported2023: t.exposeString('reported2023', { nullable: true, description: "The 2023 figure of the city's report, as printed." }),
    notCarriedBecause: t.string({ nullable: true, description: 'Why the hub cannot compute it; null when it can.', resolve: (d) => d.notCarriedBecause ?? null }),
    enteredBy: t.stringList({
      nullable: true,
      description: 'Units that enter it as a return (填報), published once the secretariat accepts it (IndicatorReport.enteredIndicators); empty when the hub computes it.',
      resolve: (d) => [...(d.enteredBy ?? [])],
    }),
  }),
});

interface Report {
  key: string;
}

const ReportRef = builder.objectRef<Report>('IndicatorReport').implement({
  description: 'The KPI catalogue counted over one period (year, quarter or month), city-wide or for one district. Each owning subgraph adds its indicators.',
  fields: (t) => {
    const part = <T>(pick: (report: NonNullable<ReturnType<typeof parseReportKey>>) => T) => (r: Report) => {
      const parsed = parseReportKey(r.key);
      return parsed ? pick(parsed) : null;
    };
    return {
      key: t.exposeString('key', { nullable: false, description: 'Period and district of the report (its entity key).' }),
      year: t.int({ nullable: true, description: 'Gregorian year.', resolve: part((r) => r.period.year) }),
      rocYear: t.int({ nullable: true, description: 'ROC year (民國), the year agencies report in.', resolve: part((r) => r.period.rocYear) }),
      quarter: t.int({ nullable: true, description: 'Quarter, when the report covers one.', resolve: part((r) => r.period.quarter) }),
      month: t.int({ nullable: true, description: 'Month, when the report covers one.', resolve: part((r) => r.period.month) }),
      fromMonth: t.int({ nullable: true, description: 'First month the report covers (1 for a year).', resolve: part((r) => r.period.fromMonth) }),
      toMonth: t.int({ nullable: true, description: 'Last month the report covers, inclusive (12 for a year).', resolve: part((r) => r.period.toMonth) }),
      periodLabel: t.string({ nullable: true, description: 'The period in words, Gregorian and ROC.', resolve: part((r) => r.period.label) }),
      district: t.string({ nullable: true, description: 'District code; null for the whole city.', resolve: part((r) => r.district) }),
      minCellSize: t.int({ nullable: true, description: 'Counts below this (k) are suppressed, with the cells that would reveal them.', resolve: () => minCellSize() }),
      caseIndicators: t.field({
        type: [value],
        nullable: true,
        description: 'Case-work indicators from the core records: vulnerable-family services and contacts, intake triage, re-reports, cases by kind.',
        resolve: (r, _args, ctx) => ownedIndicators(r.key, INDICATORS_SUBGRAPH, caseIndicatorCounts, ctx),
      }),
      meetingIndicators: t.field({
        type: [value],
        nullable: true,
        description:
          'Meetings held in the period, counted from the meeting records units keep in the hub (network meetings on re-reports and the cases they discussed, city, district, release-transition meetings and case conferences).',
        resolve: (r, _args, ctx) => {
          const parsed = parseReportKey(r.key);
          return parsed ? meetingIndicatorValues(ctx, parsed.period, parsed.district, minCellSize()) : null;
        },
      }),
      enteredIndicators: t.field({
        type: [entered],
        nullable: true,
        description: "Indicators no connector carries, as the units entered them for exactly this period (returns the secretariat accepted), with who reported them and when.",
        resolve: (r, _args, ctx) => {
          const parsed = parseReportKey(r.key);
          return parsed ? enteredIndicators(ctx, parsed.period, parsed.district, minCellSize()) : null;
        },
      }),
    };
  },
});

builder.asEntity(ReportRef, {
  key: builder.selection<{ key: string }>('key'),
  resolveReference: (ref) => (parseReportKey(ref.key) ? { key: ref.key } : null),
});

const badInput = (field: string, reason: string) => new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });

function checkedDistrict(district: string | null | undefined): string | null {
  if (district === null || district === undefined) return null;
  if (!(DISTRICT_CODES as readonly string[]).includes(district)) throw badInput('district', `"${district}" is not a district code`);
  return district;
}

const DayRangeReportRef = defineDayRangeReport(builder, INDICATORS_SUBGRAPH);

const GranularityRef = builder.enumType('IndicatorGranularity', {
  description: 'The length of each period of a trend series.',
  values: {
    YEAR: { value: 'YEAR', description: 'One point per year.' },
    QUARTER: { value: 'QUARTER', description: 'One point per quarter.' },
    MONTH: { value: 'MONTH', description: 'One point per month.' },
  } as const,
});

// The case work is this subgraph's own: a process serving it counts and audits the warm-up years at start.
registerOwnIndicators({ subgraph: INDICATORS_SUBGRAPH, owner: INDICATORS_SUBGRAPH, counts: caseIndicatorCounts });

builder.queryType({
  description: 'Aggregate indicators: the KPI catalogue and reports by period and district.',
  fields: (t) => ({
    indicatorCatalogue: t.field({
      type: [DefinitionRef],
      nullable: true,
      description: "Every indicator of the city's KPI catalogue, including those the hub cannot compute yet (with the reason).",
      resolve: () => [...INDICATORS],
    }),
    indicatorReport: t.field({
      type: ReportRef,
      nullable: true,
      description:
        'The indicators for a year, a quarter, a month or any run of whole months within the year (fromMonth–toMonth: the coordination meeting\'s 4-month periods; toMonth alone: year to date), city-wide or for one district. Cells of a run that the year\'s protected cells do not already determine are suppressed.',
      args: {
        year: t.arg.int({ required: true, description: 'Gregorian year, e.g. 2023 (ROC 112).' }),
        quarter: t.arg.int({ description: 'Quarter 1–4; omit for the whole year.' }),
        month: t.arg.int({ description: 'Month 1–12; omit for the whole year or quarter.' }),
        fromMonth: t.arg.int({ description: 'First month (1–12) of a run of months; 1 when omitted with toMonth given (year to date).' }),
        toMonth: t.arg.int({ description: 'Last month (1–12) of a run of months, inclusive.' }),
        district: t.arg.string({ description: 'District code (e.g. XITUN); omit for the whole city.' }),
      },
      resolve: (_root, args) => {
        const period = resolvePeriod({ year: args.year, quarter: args.quarter, month: args.month, fromMonth: args.fromMonth, toMonth: args.toMonth });
        if (!period.ok) throw badInput(period.field, period.reason);
        return { key: reportKey(period.period, checkedDistrict(args.district)) };
      },
    }),
    staffingTable: t.field({
      type: staffingTableRef,
      nullable: true,
      description: 'The staffing table (approved and hired social workers per unit and plan line, hire rate) of a year, quarter, month or run of months, from the returns the secretariat accepted for exactly that period.',
      args: {
        year: t.arg.int({ required: true, description: 'Gregorian year.' }),
        quarter: t.arg.int({ description: 'Quarter 1–4.' }),
        month: t.arg.int({ description: 'Month 1–12.' }),
        fromMonth: t.arg.int({ description: 'First month of a run of months.' }),
        toMonth: t.arg.int({ description: 'Last month of a run of months, inclusive.' }),
      },
      resolve: async (_root, args, ctx) => {
        const period = resolvePeriod({ year: args.year, quarter: args.quarter, month: args.month, fromMonth: args.fromMonth, toMonth: args.toMonth });
        if (!period.ok) throw badInput(period.field, period.reason);
        return { periodLabel: period.period.label, ...staffingTable(await acceptedReturns(ctx, period.period)) };
      },
    }),
    dayRangeIndicators: t.field({
      type: DayRangeReportRef,
      nullable: true,
      description: `The indicators over a range of days, city-wide, for campaigns (at most ${MAX_RANGE_DAYS} days): counts of events and one rate of each shared quantity (the case work's contacts and 24-hour triage rate; the connectors' visits, referrals and placements), shown only where the owner's city cell of every month the range touches is shown, so the range tells nothing about any district; cases in service only over the exact days of a campaign the secretariat set up, audited with its year and the year's other campaigns; meetings as they are.`,
      args: {
        fromDate: t.arg({ type: 'Date', required: true, description: 'First day.' }),
        toDate: t.arg({ type: 'Date', required: true, description: 'Last day, inclusive.' }),
      },
      resolve: (_root, args) => {
        const problem = dayRangeProblem(args.fromDate, args.toDate);
        if (problem) throw badInput(problem.field, problem.reason);
        return { key: dayRangeKey(args.fromDate, args.toDate) };
      },
    }),
    indicatorTrend: t.field({
      type: [ReportRef],
      nullable: true,
      description: `The indicators as a series: one report per year, quarter or month from fromYear through toYear (at most ${MAX_TREND_POINTS} points), city-wide or for one district.`,
      args: {
        fromYear: t.arg.int({ required: true, description: 'First Gregorian year of the series.' }),
        toYear: t.arg.int({ description: 'Last Gregorian year of the series; fromYear when omitted.' }),
        granularity: t.arg({ type: GranularityRef, defaultValue: 'MONTH', description: 'Length of each point; MONTH unless given.' }),
        district: t.arg.string({ description: 'District code (e.g. XITUN); omit for the whole city.' }),
      },
      resolve: (_root, args) => {
        const series = periodSeries(args.fromYear, args.toYear ?? args.fromYear, args.granularity ?? 'MONTH', MAX_TREND_POINTS);
        if (!series.ok) throw badInput(series.field, series.reason);
        const district = checkedDistrict(args.district);
        return series.periods.map((period) => ({ key: reportKey(period, district) }));
      },
    }),
  }),
});

const REPORT_FIELDS = ['key', 'year', 'rocYear', 'quarter', 'month', 'fromMonth', 'toMonth', 'periodLabel', 'district', 'minCellSize', 'caseIndicators', 'meetingIndicators', 'enteredIndicators'];
const allowed = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, AGGREGATE_RULE]));

export const indicatorsPolicy: PolicyTable = {
  Query: { indicatorCatalogue: AGGREGATE_RULE, indicatorReport: AGGREGATE_RULE, indicatorTrend: AGGREGATE_RULE, staffingTable: AGGREGATE_RULE, dayRangeIndicators: AGGREGATE_RULE },
  ...dayRangePolicy(DAY_RANGE_REPORT_FIELDS),
  IndicatorDefinition: allowed(['id', 'labelEn', 'labelZh', 'numerator', 'denominator', 'unit', 'owner', 'target', 'targetDirection', 'reported2023', 'notCarriedBecause', 'enteredBy']),
  EnteredIndicatorValue: allowed(ENTERED_VALUE_FIELDS),
  ReturnProvenance: allowed(PROVENANCE_FIELDS),
  StaffingLine: allowed(STAFFING_LINE_FIELDS),
  StaffingTable: allowed(STAFFING_TABLE_FIELDS),
  ...indicatorPolicy(REPORT_FIELDS),
};

/** Function-level rules (graphql-shield): aggregates for every unit and role but NGOs. */
export function indicatorsOperationRules(schema: GraphQLSchema): OperationRules {
  return {
    Query: { ...federationRules(schema), indicatorCatalogue: readsAggregates, indicatorReport: readsAggregates, indicatorTrend: readsAggregates, staffingTable: readsAggregates, dayRangeIndicators: readsAggregates },
  };
}

export const indicatorsSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@shareable'] }),
  indicatorsPolicy,
  coreRowRelations,
);
