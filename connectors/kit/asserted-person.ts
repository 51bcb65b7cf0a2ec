// The Person entity for an agency subgraph that runs on a database of its
// own (issue 16): it cannot read core's row scopes or need-to-know grants,
// so core's word comes with the entity — Person.personAccess, signed by core
// (src/auth/person-access.ts), which every Person field of such a subgraph
// @requires. A representation whose assertion is missing, forged, expired or
// made for another caller or person resolves to no person: unknown here
// exactly as outside the caller's row scope in core (zero trust: the
// subgraph may be called directly, past the gateway).
// person-entity.ts is the same for a subgraph that reads core's tables.
import { verifyPersonAccess, type PersonAccess } from '../../src/auth/person-access.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { rowIdOf } from '../../src/graph/ids.ts';
import { coreRowRelations } from '../../src/graph/row-relations.ts';
import type { RowRelations } from '../../src/policy/enforce.ts';

/** The field core answers and each Person field of the subgraph requires. */
export const PERSON_ACCESS_FIELD = 'personAccess';

export interface AssertedPerson {
  id: string;
  rowId: number;
  access: PersonAccess;
}

export function resolveAssertedPerson(representation: { id: string; personAccess?: unknown }, ctx: HubContext): AssertedPerson | null {
  const rowId = rowIdOf(representation.id, 'Person');
  if (rowId === null) return null;
  const access = verifyPersonAccess(representation.personAccess, ctx.viewer, rowId);
  if (!access) return null;
  // Core noted the break-glass on its own entry; this subgraph's entry says so too.
  if (access.breakGlass) ctx.accessLog.breakGlass = true;
  return { id: representation.id, rowId, access };
}

/** Need-to-know on the Person extension, as core asserted it: no read of core. */
export const assertedPersonRowRelations: RowRelations<HubContext> = {
  ...coreRowRelations,
  personIdOf: (typeName, row: Partial<AssertedPerson>) => (typeName === 'Person' ? (row.rowId ?? null) : null),
  related: async (typeName, row: Partial<AssertedPerson>) => (typeName === 'Person' && row.access ? row.access.level : 'NONE'),
};
