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
import { indicatorsOwnedBy } from '../../src/indicators/catalogue.ts';
import { evaluateIndicator, type IndicatorValue } from '../../src/indicators/evaluate.ts';
import { defineIndicatorValueTypes } from '../../src/indicators/graphql-types.ts';
import { parseReportKey, type Period } from '../../src/indicators/period.ts';
import { minCellSize } from '../../src/indicators/suppression.ts';
import { periodKey, periodsOfYear, protectYear, type CountRow, type ProtectedPeriod } from '../../src/indicators/year-cube.ts';
import { requestLoader, type createSubgraphBuilder } from './subgraph-builder.ts';

/** Counts of the owner's indicators for each of the given periods, per district, from one or a few SQL aggregates over all of them. */
export type IndicatorCounts = (periods: Period[]) => Promise<CountRow[]>;

/** Per indicator id, per period key: the protected table. */
type YearTables = Map<string, Map<string, ProtectedPeriod>>;

function yearLoader(ctx: HubContext, owner: string, counts: IndicatorCounts): DataLoader<number, YearTables> {
  return requestLoader(ctx, `indicators:${owner}`, () =>
    new DataLoader<number, YearTables>(async (years) => {
      // Every year asked for in this request, in one round of statements.
      const rows = await counts(years.flatMap(periodsOfYear));
      const k = minCellSize();
      return years.map((year) => new Map(indicatorsOwnedBy(owner).map((definition) => [definition.id, protectYear(definition, year, rows, k)])));
    }),
  );
}

export async function ownedIndicators(reportKey: string, owner: string, counts: IndicatorCounts, ctx: HubContext): Promise<IndicatorValue[]> {
  const report = parseReportKey(reportKey);
  if (!report) throw new GraphQLError('Unknown indicator report', { extensions: { code: 'BAD_USER_INPUT' } });
  const tables = await yearLoader(ctx, owner, counts).load(report.period.year);
  return indicatorsOwnedBy(owner).map((definition) =>
    evaluateIndicator(definition, report.period, tables.get(definition.id)!.get(periodKey(report.period))!, report.district),
  );
}

/** Adds `IndicatorReport.<field>` to a connector's subgraph. */
export function extendIndicatorReport(builder: ReturnType<typeof createSubgraphBuilder>, field: string, owner: string, description: string, counts: IndicatorCounts): void {
  const { value } = defineIndicatorValueTypes(builder);
  const ReportRef = builder.externalRef('IndicatorReport', builder.selection<{ key: string }>('key'), (report) => report);
  ReportRef.implement({
    description: 'Indicators of the KPI catalogue for a period and district (owned by the indicators subgraph).',
    externalFields: (t) => ({ key: t.string({ nullable: false, description: 'Period and district of the report.' }) }),
    fields: (t) => ({
      [field]: t.field({ type: [value], nullable: true, description, resolve: (report, _args, ctx) => ownedIndicators(report.key, owner, counts, ctx) }),
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
