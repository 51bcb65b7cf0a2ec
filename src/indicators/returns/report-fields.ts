// The GraphQL side of entered figures in the indicators subgraph: the
// entered indicators of a report, with their provenance, and the staffing
// table. Types only; the figures come from published-returns.ts.
import type { createSubgraphBuilder } from '../../../connectors/kit/subgraph-builder.ts';
import type { IndicatorCellValue } from '../evaluate.ts';
import type { EnteredValue, Provenance } from './published-returns.ts';
import type { StaffingLine, StaffingTable } from './staffing.ts';

type Builder = ReturnType<typeof createSubgraphBuilder>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos refs carry builder-specific type parameters
type CellRef = any;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** "reported by EDUCATION on 2024-01-15, accepted 2024-01-20" for each return a figure rests on. */
export function provenanceText(provenance: readonly Provenance[]): string {
  return provenance
    .map((p) => `reported by ${p.unit}${p.line ? ` (${p.line})` : ''}${p.district ? ` for ${p.district}` : ''} on ${day(p.enteredAt)}, accepted ${day(p.reviewedAt)}`)
    .join('; ');
}

export const ENTERED_VALUE_FIELDS = [
  'id', 'labelEn', 'labelZh', 'unit', 'numerator', 'denominator', 'value', 'suppressed', 'target', 'targetDirection', 'met', 'reported2023', 'returned', 'provenance', 'provenanceText', 'byDistrict',
] as const;
export const PROVENANCE_FIELDS = ['unit', 'line', 'district', 'enteredAt', 'reviewedAt'] as const;
export const STAFFING_LINE_FIELDS = ['unit', 'line', 'approved', 'hired', 'hireRate'] as const;
export const STAFFING_TABLE_FIELDS = ['periodLabel', 'lines', 'units', 'total'] as const;

export function defineEnteredTypes(builder: Builder, cell: CellRef) {
  const provenance = builder.objectRef<Provenance>('ReturnProvenance').implement({
    description: 'A return an entered figure rests on: which unit reported it and when the secretariat accepted it.',
    fields: (t) => ({
      unit: t.string({ nullable: true, description: 'Unit that reported it.', resolve: (p) => p.unit }),
      line: t.string({ nullable: true, description: 'Plan line or meeting level; empty when the indicator has none.', resolve: (p) => p.line }),
      district: t.string({ nullable: true, description: 'District the return is for; null for the whole city.', resolve: (p) => p.district }),
      enteredAt: t.field({ type: 'DateTime', nullable: true, description: 'When the unit entered it.', resolve: (p) => p.enteredAt }),
      reviewedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the secretariat accepted it.', resolve: (p) => p.reviewedAt }),
    }),
  });
  const entered = builder.objectRef<EnteredValue>('EnteredIndicatorValue').implement({
    description: 'An indicator no connector carries, as the units entered it (returns accepted by the secretariat) for the period, with its provenance.',
    fields: (t) => ({
      id: t.string({ nullable: true, description: 'Catalogue id.', resolve: (v) => v.definition.id }),
      labelEn: t.string({ nullable: true, description: 'Name in English.', resolve: (v) => v.definition.labelEn }),
      labelZh: t.string({ nullable: true, description: 'Name in Chinese.', resolve: (v) => v.definition.labelZh }),
      unit: t.string({ nullable: true, description: 'PERCENT, CASES, CONTACTS, VISITS or MEETINGS.', resolve: (v) => v.definition.unit }),
      numerator: t.int({ nullable: true, description: 'The figure (for a ratio, the part); null when not returned or suppressed.', resolve: (v) => v.numerator }),
      denominator: t.int({ nullable: true, description: 'For a ratio, the whole; null for a count, when not returned or suppressed.', resolve: (v) => v.denominator }),
      value: t.float({ nullable: true, description: 'The percentage (two decimals) or the count; null when not returned or suppressed.', resolve: (v) => v.value }),
      suppressed: t.boolean({ nullable: true, description: 'True when hidden to protect small groups.', resolve: (v) => v.suppressed }),
      target: t.float({ nullable: true, description: 'The target; null when there is none.', resolve: (v) => v.definition.target?.value ?? null }),
      targetDirection: t.string({ nullable: true, description: 'AT_LEAST or AT_MOST.', resolve: (v) => v.definition.target?.direction ?? null }),
      met: t.boolean({ nullable: true, description: 'Whether the value meets the target; null without a target or a value.', resolve: (v) => v.met }),
      reported2023: t.string({ nullable: true, description: "The 2023 figure of the city's report, as printed.", resolve: (v) => v.definition.reported2023 }),
      returned: t.boolean({ nullable: true, description: 'False while no accepted return covers the period (the figure is then null, not 0).', resolve: (v) => v.returned }),
      provenance: t.field({ type: [provenance], nullable: true, description: 'The returns the figure rests on.', resolve: (v) => v.provenance }),
      provenanceText: t.string({ nullable: true, description: 'The provenance in words, e.g. "reported by EDUCATION on 2024-01-15, accepted 2024-01-20".', resolve: (v) => provenanceText(v.provenance) }),
      byDistrict: t.field({ type: [cell], nullable: true, description: 'Districts the units returned figures for, protected together with the total.', resolve: (v) => v.byDistrict as IndicatorCellValue[] }),
    }),
  });
  const line = builder.objectRef<StaffingLine>('StaffingLine').implement({
    description: 'Approved and hired social workers: one plan line of a unit, a unit\'s subtotal (line null) or the city total (unit and line null).',
    fields: (t) => ({
      unit: t.string({ nullable: true, description: 'Unit code; null for the city total.', resolve: (l) => l.unit }),
      line: t.string({ nullable: true, description: 'Plan line; null for a subtotal or total.', resolve: (l) => l.line }),
      approved: t.int({ nullable: true, description: 'Positions approved.', resolve: (l) => l.approved }),
      hired: t.int({ nullable: true, description: 'Social workers hired.', resolve: (l) => l.hired }),
      hireRate: t.float({ nullable: true, description: 'Hired ÷ approved in percent (two decimals); null when nothing was approved.', resolve: (l) => l.hireRate }),
    }),
  });
  const table = builder.objectRef<StaffingTable & { periodLabel: string }>('StaffingTable').implement({
    description: 'The staffing table (人力布建) of a period, from the units\' returns the secretariat accepted.',
    fields: (t) => ({
      periodLabel: t.string({ nullable: true, description: 'The period in words, Gregorian and ROC.', resolve: (s) => s.periodLabel }),
      lines: t.field({ type: [line], nullable: true, description: 'One row per unit and plan line.', resolve: (s) => s.lines }),
      units: t.field({ type: [line], nullable: true, description: 'One subtotal per unit.', resolve: (s) => s.units }),
      total: t.field({ type: line, nullable: true, description: 'The city total.', resolve: (s) => s.total }),
    }),
  });
  return { entered, table };
}
