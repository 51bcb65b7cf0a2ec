// How an agency subgraph receives the Person entity that core owns: the key
// is core's global ID, and (zero trust) a person outside the caller's row
// scope is unknown here exactly as in core.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { rowIdOf } from '../../src/graph/ids.ts';
import { coreRowRelations } from '../../src/graph/row-relations.ts';
import { personScope } from '../../src/graph/row-scope.ts';
import type { RowRelations } from '../../src/policy/enforce.ts';
import { requestLoader } from './subgraph-builder.ts';

export interface PersonKey {
  id: string;
  rowId: number;
}

function inScopeLoader(ctx: HubContext) {
  return requestLoader(ctx, 'person-in-scope', () =>
    new DataLoader<number, boolean>(async (ids) => {
      const rows = await prisma().person.findMany({ where: { id: { in: [...ids] }, AND: [personScope(ctx.viewer)] }, select: { id: true } });
      const found = new Set(rows.map((r) => r.id));
      return ids.map((id) => found.has(id));
    }),
  );
}

export async function resolvePersonEntity(entity: { id: string }, ctx: HubContext): Promise<PersonKey | null> {
  const rowId = rowIdOf(entity.id, 'Person');
  if (rowId === null) return null;
  const scoped = ctx.viewer.unit === 'NGO' || ctx.viewer.districts.length > 0;
  return !scoped || (await inScopeLoader(ctx).load(rowId)) ? { id: entity.id, rowId } : null;
}

/** Need-to-know on the Person extension: whether the caller serves the person's family. */
export const personRowRelations: RowRelations<HubContext> = {
  ...coreRowRelations,
  personIdOf: (typeName, row: Partial<PersonKey>) => (typeName === 'Person' ? (row.rowId ?? null) : null),
  related: async (typeName, row: Partial<PersonKey>, ctx) =>
    typeName === 'Person' && row.rowId !== undefined ? (await ctx.loaders.viewerRelatedToPerson.load(row.rowId)).level : 'NONE',
};
