// One quantity, protected once. Two indicators whose denominators count the
// same records (the month's intakes are the denominator of both the 24-hour
// triage rate and the re-report rate) were protected each on its own, so a
// cell hidden in one could be read off the other ("0 / 3" re-reports gave the
// hidden intake count of the triage rate). Indicators of a group now hide
// the union of their cells: each table first protects itself, then every
// table is protected again starting from all the cells the group hides,
// until no table hides a cell the others do not.
import type { IndicatorDefinition } from './catalogue.ts';
import { protectYear, type CountRow, type ProtectedYear } from './year-cube.ts';

/** A table hides at most every cell: the loop ends within that many rounds, far fewer in practice. */
const MAX_ROUNDS = 50;

/** The indicators protected together: those sharing a denominator form one group, every other indicator is a group of its own. */
export function protectionGroups(definitions: readonly IndicatorDefinition[]): IndicatorDefinition[][] {
  const groups = new Map<string, IndicatorDefinition[]>();
  for (const definition of definitions) {
    const group = definition.sharesDenominator ?? definition.id;
    groups.set(group, [...(groups.get(group) ?? []), definition]);
  }
  return [...groups.values()];
}

/**
 * Protects the indicators of one group for a year, each table hiding every
 * cell another member hides. `startHidden`: cells (period|place keys) hidden
 * in every member from the start, e.g. those the disclosure audit adds.
 */
export function protectGroup(members: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number, startHidden: ReadonlySet<string> = new Set()): Map<string, ProtectedYear> {
  let union = new Set(startHidden);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const tables = new Map(members.map((m) => [m.id, protectYear(m, year, rows, k, { alsoHidden: union })]));
    const next = new Set([...union, ...[...tables.values()].flatMap((t) => [...t.hidden])]);
    if (next.size === union.size && [...tables.values()].every((t) => t.hidden.size === next.size)) return tables;
    union = next;
  }
  throw new Error(`The indicators ${members.map((m) => m.id).join(', ')} could not be protected as one quantity`);
}
