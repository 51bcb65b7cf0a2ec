// How core rows relate to families and units, for the need-to-know rules.
import type { RowRelations } from '../policy/enforce.ts';
import type { HubContext } from './context.ts';

async function anyRelated(familyIds: readonly (number | null)[], ctx: HubContext): Promise<boolean> {
  const ids = familyIds.filter((id): id is number => id !== null);
  if (ids.length === 0) return false;
  const related = await ctx.loaders.viewerRelatedToFamily.loadMany(ids);
  return related.some((r) => r === true);
}

export const coreRowRelations: RowRelations<HubContext> = {
  ownedBy(typeName, row, ctx) {
    const { unit, org } = ctx.viewer;
    switch (typeName) {
      case 'Case':
        return row.ownerUnitCode === unit;
      case 'Referral':
        return row.fromUnitCode === unit || row.toUnitCode === unit;
      case 'ServiceContact':
        return row.unitCode === unit;
      case 'Intake':
        return row.dispatchedToUnitCode === unit;
      case 'Assignment':
        return org !== null && row.organizationId === org;
      default:
        return false;
    }
  },
  async related(typeName, row, ctx) {
    switch (typeName) {
      case 'Family':
        return anyRelated([row.id], ctx);
      case 'Person':
        return ctx.loaders.viewerRelatedToPerson.load(row.id);
      case 'Case':
      case 'Referral':
      case 'Intake':
      case 'FamilyMember':
        return anyRelated([row.familyId ?? null], ctx);
      case 'ServiceContact':
      case 'Assignment':
        return anyRelated([await ctx.loaders.familyOfCase.load(row.caseId)], ctx);
      default:
        return false;
    }
  },
  personIdOf(typeName, row) {
    return typeName === 'Person' && typeof row?.id === 'number' ? row.id : null;
  },
};
