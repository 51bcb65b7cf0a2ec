// How a connector contributes the indicators it owns: it extends the
// IndicatorReport entity (owned by the indicators subgraph) with one field
// that aggregates its own records in SQL, per district, for the report's
// period. Only counts leave the subgraph, under small-cell protection.
import { GraphQLError } from 'graphql';
import { indicatorsOwnedBy } from '../../src/indicators/catalogue.ts';
import { evaluateIndicator, type DistrictCount, type IndicatorValue } from '../../src/indicators/evaluate.ts';
import { defineIndicatorValueTypes } from '../../src/indicators/graphql-types.ts';
import { parseReportKey, type Period } from '../../src/indicators/period.ts';
import { minCellSize } from '../../src/indicators/suppression.ts';
import type { createSubgraphBuilder } from './subgraph-builder.ts';

/** Per indicator id, the counts of each district for the period, from one or a few SQL aggregates. */
export type IndicatorCounts = (period: Period) => Promise<Record<string, DistrictCount[]>>;

export async function ownedIndicators(reportKey: string, owner: string, counts: IndicatorCounts): Promise<IndicatorValue[]> {
  const report = parseReportKey(reportKey);
  if (!report) throw new GraphQLError('Unknown indicator report', { extensions: { code: 'BAD_USER_INPUT' } });
  const byId = await counts(report.period);
  const k = minCellSize();
  return indicatorsOwnedBy(owner).map((definition) => evaluateIndicator(definition, report.period, byId[definition.id] ?? [], k, report.district));
}

/** Adds `IndicatorReport.<field>` to a connector's subgraph. */
export function extendIndicatorReport(builder: ReturnType<typeof createSubgraphBuilder>, field: string, owner: string, description: string, counts: IndicatorCounts): void {
  const { value } = defineIndicatorValueTypes(builder);
  const ReportRef = builder.externalRef('IndicatorReport', builder.selection<{ key: string }>('key'), (report) => report);
  ReportRef.implement({
    description: 'Indicators of the KPI catalogue for a period and district (owned by the indicators subgraph).',
    externalFields: (t) => ({ key: t.string({ nullable: false, description: 'Period and district of the report.' }) }),
    fields: (t) => ({
      [field]: t.field({ type: [value], nullable: true, description, resolve: (report) => ownedIndicators(report.key, owner, counts) }),
    }),
  });
}

/** SQL helper: a DistrictCount from a row of (district, numerator, denominator). */
export function districtCount(row: { district: string | null; numerator: number | bigint; denominator?: number | bigint | null }): DistrictCount {
  return { district: row.district, numerator: Number(row.numerator), denominator: row.denominator === undefined || row.denominator === null ? null : Number(row.denominator) };
}
