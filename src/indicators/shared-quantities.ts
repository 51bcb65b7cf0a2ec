// One quantity, protected once. Two indicators whose denominators count the
// same records (the month's intakes are the denominator of both the 24-hour
// triage rate and the re-report rate) were protected each on its own, so a
// cell hidden in one could be read off the other ("0 / 3" re-reports gave the
// hidden intake count of the triage rate). Indicators of a group now hide
// the union of their cells: each table first protects itself, then every
// table is protected again starting from all the cells the group hides,
// until no table hides a cell the others do not.
import type { IndicatorDefinition } from './catalogue.ts';
import { protectYear, type CountRow, type ProtectedPeriod, type ProtectedYear } from './year-cube.ts';

/** A table hides at most every cell: the loop ends within that many rounds, far fewer in practice. */
const MAX_ROUNDS = 50;

/** Per indicator id, per period key: the protected tables of one year. */
export function protectIndicators(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Map<string, Map<string, ProtectedPeriod>> {
  const tables = new Map<string, Map<string, ProtectedPeriod>>();
  const groups = new Map<string, IndicatorDefinition[]>();
  for (const definition of definitions) {
    if (definition.sharesDenominator) groups.set(definition.sharesDenominator, [...(groups.get(definition.sharesDenominator) ?? []), definition]);
    else tables.set(definition.id, protectYear(definition, year, rows, k).periods);
  }
  for (const members of groups.values()) {
    for (const [id, table] of protectGroup(members, year, rows, k)) tables.set(id, table.periods);
  }
  return tables;
}

function protectGroup(members: IndicatorDefinition[], year: number, rows: CountRow[], k: number): Map<string, ProtectedYear> {
  let union = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const tables = new Map(members.map((m) => [m.id, protectYear(m, year, rows, k, { alsoHidden: union })]));
    const next = new Set([...tables.values()].flatMap((t) => [...t.hidden]));
    if (next.size === union.size && [...tables.values()].every((t) => t.hidden.size === next.size)) return tables;
    union = next;
  }
  throw new Error(`The indicators ${members.map((m) => m.id).join(', ')} could not be protected as one quantity`);
}
