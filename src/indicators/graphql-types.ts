// The GraphQL types every subgraph that owns indicators shares: the report
// entity (keyed by period and district) and the value types, declared
// @shareable so each owner can return them. Each subgraph adds its own
// field to IndicatorReport with its own indicators.
import type { createSubgraphBuilder } from '../../connectors/kit/subgraph-builder.ts';
import type { DayRangeValue } from './day-ranges.ts';
import type { IndicatorCellValue, IndicatorValue } from './evaluate.ts';

/** Who reads aggregates: every unit and role except contracted NGOs, which receive only their assigned cases. */
export const AGGREGATE_RULE = { others: 'ALLOW', units: { NGO: 'DENY' }, aggregate: true } as const;

export const INDICATOR_VALUE_FIELDS = [
  'id', 'labelEn', 'labelZh', 'unit', 'numerator', 'denominator', 'value', 'suppressed', 'target', 'targetDirection', 'met', 'reported2023', 'byDistrict',
] as const;
export const INDICATOR_CELL_FIELDS = ['district', 'numerator', 'denominator', 'value', 'suppressed'] as const;

/**
 * The value type of the cross-agency subgraph's @requires field. Its own name,
 * not IndicatorValue: gateways that plan @requires by splitting the field into
 * a subschema of its own (Hive Gateway) take the field's return type as that
 * subschema's canonical definition, and two subgraphs each returning
 * IndicatorValue from a @requires field gave two canonical definitions, so
 * Hive Gateway could not load the supergraph.
 */
export const CROSS_AGENCY_VALUE_TYPE = 'CrossAgencyIndicatorValue';
/** The same over days: the cross-agency subgraph's DayRangeIndicatorReport field has @requires too, and welfare's returns DayRangeIndicatorValue. */
export const CROSS_AGENCY_DAY_VALUE_TYPE = 'CrossAgencyDayRangeIndicatorValue';

export function defineIndicatorValueTypes(builder: ReturnType<typeof createSubgraphBuilder>, valueTypeName = 'IndicatorValue') {
  const cell = builder.objectRef<IndicatorCellValue>('IndicatorCell').implement({
    description: 'An indicator in one district. Counts below the small-cell threshold, and the cells hidden with them, are null with suppressed = true.',
    shareable: true,
    fields: (t) => ({
      district: t.string({ nullable: true, description: 'District code; UNKNOWN for persons without a known district.', resolve: (c) => c.district }),
      numerator: t.int({ nullable: true, description: 'What is counted; null when suppressed.', resolve: (c) => c.numerator }),
      denominator: t.int({ nullable: true, description: 'For a ratio, what it is a share of; null for a count or when suppressed.', resolve: (c) => c.denominator }),
      value: t.float({ nullable: true, description: 'The percentage (for a ratio) or the count; null when suppressed or nothing to divide by.', resolve: (c) => c.value }),
      suppressed: t.boolean({ nullable: true, description: 'True when the cell is hidden to protect small groups.', resolve: (c) => c.suppressed }),
    }),
  });
  const value = builder.objectRef<IndicatorValue>(valueTypeName).implement({
    description: 'An indicator of the KPI catalogue for a period (and district), computed from record-level data by the subgraph that owns it.',
    shareable: true,
    fields: (t) => ({
      id: t.string({ nullable: true, description: 'Catalogue id of the indicator.', resolve: (v) => v.definition.id }),
      labelEn: t.string({ nullable: true, description: 'Name in English.', resolve: (v) => v.definition.labelEn }),
      labelZh: t.string({ nullable: true, description: 'Name in Chinese.', resolve: (v) => v.definition.labelZh }),
      unit: t.string({ nullable: true, description: 'PERCENT, CASES, CONTACTS or VISITS.', resolve: (v) => v.definition.unit }),
      numerator: t.int({ nullable: true, description: 'What is counted; null when suppressed.', resolve: (v) => v.numerator }),
      denominator: t.int({ nullable: true, description: 'For a ratio, what it is a share of; null for a count or when suppressed.', resolve: (v) => v.denominator }),
      value: t.float({ nullable: true, description: 'The percentage (for a ratio, two decimals) or the count; null when suppressed.', resolve: (v) => v.value }),
      suppressed: t.boolean({ nullable: true, description: 'True when hidden to protect small groups.', resolve: (v) => v.suppressed }),
      target: t.float({ nullable: true, description: 'The target, in the same unit; null when the indicator has none.', resolve: (v) => v.definition.target?.value ?? null }),
      targetDirection: t.string({ nullable: true, description: 'AT_LEAST or AT_MOST: which side of the target meets it.', resolve: (v) => v.definition.target?.direction ?? null }),
      met: t.boolean({ nullable: true, description: 'Whether the value meets the target; null without a target or a value.', resolve: (v) => v.met }),
      reported2023: t.string({ nullable: true, description: "The 2023 figure of the city's report, as printed, for comparison.", resolve: (v) => v.definition.reported2023 }),
      byDistrict: t.field({ type: [cell], nullable: true, description: 'The same indicator per district, protected together with the total.', resolve: (v) => v.byDistrict }),
    }),
  });
  return { value, cell };
}

export const DAY_RANGE_VALUE_FIELDS = ['id', 'labelEn', 'labelZh', 'unit', 'value', 'numerator', 'denominator', 'met', 'suppressed', 'offered', 'reason'] as const;

/** The value type of DayRangeIndicatorReport, which the indicators subgraph owns and the connectors extend with their own indicators. */
export function defineDayRangeValueType(builder: ReturnType<typeof createSubgraphBuilder>, name = 'DayRangeIndicatorValue') {
  return builder.objectRef<DayRangeValue>(name).implement({
    description: 'An indicator over a range of days (a campaign), city-wide.',
    shareable: true,
    fields: (t) => ({
      id: t.string({ nullable: true, description: 'Catalogue id.', resolve: (v) => v.definition.id }),
      labelEn: t.string({ nullable: true, description: 'Name in English.', resolve: (v) => v.definition.labelEn }),
      labelZh: t.string({ nullable: true, description: 'Name in Chinese.', resolve: (v) => v.definition.labelZh }),
      unit: t.string({ nullable: true, description: 'CASES, CONTACTS, VISITS, MEETINGS or PERCENT.', resolve: (v) => v.definition.unit }),
      value: t.float({ nullable: true, description: 'The count over the days, or the rate in percent (two decimals), city-wide; null when suppressed or not offered.', resolve: (v) => v.value }),
      numerator: t.int({ nullable: true, description: "What is counted (a rate's numerator); null when suppressed or not offered.", resolve: (v) => v.numerator }),
      denominator: t.int({ nullable: true, description: "A rate's denominator; null for a count, or when suppressed or not offered.", resolve: (v) => v.denominator }),
      met: t.boolean({ nullable: true, description: 'Whether the value meets the target; null without a target or a value.', resolve: (v) => v.met }),
      suppressed: t.boolean({ nullable: true, description: 'True when hidden: below k (numerator or denominator), or a month the range touches has its city cell hidden.', resolve: (v) => v.suppressed }),
      offered: t.boolean({
        nullable: true,
        description: "False for indicators not published for these days (cases in service, rates over what lasts and cross-agency indicators outside a campaign's exact days, the second rate of a shared quantity, figures counted per month), with the reason.",
        resolve: (v) => v.offered,
      }),
      reason: t.string({ nullable: true, description: 'Why it is not offered for days; null when it is.', resolve: (v) => v.reason }),
    }),
  });
}

/** Policy rules of the shared day-range value type, plus the DayRangeIndicatorReport fields a subgraph defines. */
export function dayRangePolicy(reportFields: readonly string[], valueTypeName = 'DayRangeIndicatorValue'): Record<string, Record<string, typeof AGGREGATE_RULE>> {
  const all = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, AGGREGATE_RULE]));
  return { DayRangeIndicatorReport: all(reportFields), [valueTypeName]: all(DAY_RANGE_VALUE_FIELDS) };
}

/** Policy rules of the shared indicator types, plus the IndicatorReport fields a subgraph defines. */
export function indicatorPolicy(reportFields: readonly string[], valueTypeName = 'IndicatorValue'): Record<string, Record<string, typeof AGGREGATE_RULE>> {
  const all = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, AGGREGATE_RULE]));
  return { IndicatorReport: all(reportFields), [valueTypeName]: all(INDICATOR_VALUE_FIELDS), IndicatorCell: all(INDICATOR_CELL_FIELDS) };
}
