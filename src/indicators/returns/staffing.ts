// The staffing table (人力布建): approved and hired social workers per unit
// and plan line, with the hire rate, from the returns the secretariat
// accepted. Staff numbers, not people served: no small-cell rule applies.
import type { AcceptedReturn } from './published-returns.ts';

export const STAFFING_INDICATOR = 'SOCIAL_WORKER_STAFFING';

export interface StaffingLine {
  unit: string | null;
  line: string | null;
  approved: number;
  hired: number;
  /** Hired ÷ approved in percent, two decimals; null when nothing was approved. */
  hireRate: number | null;
}

export interface StaffingTable {
  lines: StaffingLine[];
  units: StaffingLine[];
  total: StaffingLine;
}

function summed(rows: readonly AcceptedReturn[], unit: string | null, line: string | null): StaffingLine {
  const approved = rows.reduce((s, r) => s + (r.denominator ?? 0), 0);
  const hired = rows.reduce((s, r) => s + r.numerator, 0);
  return { unit, line, approved, hired, hireRate: approved > 0 ? Math.round((hired / approved) * 10_000) / 100 : null };
}

/** The city-wide staffing returns of a period as lines, unit subtotals and the city total. */
export function staffingTable(rows: readonly AcceptedReturn[]): StaffingTable {
  const staffing = rows.filter((r) => r.indicatorId === STAFFING_INDICATOR && r.districtCode === null);
  const ordered = [...staffing].sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.line.localeCompare(b.line));
  const units = [...new Set(ordered.map((r) => r.unitCode))];
  return {
    lines: ordered.map((r) => summed([r], r.unitCode, r.line)),
    units: units.map((unit) => summed(ordered.filter((r) => r.unitCode === unit), unit, null)),
    total: summed(ordered, null, null),
  };
}
