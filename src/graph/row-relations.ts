// How core rows relate to families and units, for the need-to-know rules
// (need-to-know.ts says where need-to-know comes from).
import type { RowRelations } from '../policy/enforce.ts';
import type { RelationLevel } from '../policy/types.ts';
import type { HubContext } from './context.ts';

async function familyLevel(familyId: number | null, ctx: HubContext): Promise<RelationLevel> {
  if (familyId === null) return 'NONE';
  return (await ctx.loaders.viewerRelatedToFamily.load(familyId)).level;
}

export const coreRowRelations: RowRelations<HubContext> = {
  ownedBy(typeName, row, ctx) {
    const { unit, org } = ctx.viewer;
    switch (typeName) {
      case 'Case':
        return row.ownerUnitCode === unit;
      // All NGOs share the unit code NGO: an organisation owns only what names it.
      case 'Referral':
        return row.fromUnitCode === unit || (row.toUnitCode === unit && (unit !== 'NGO' || row.toOrganizationId === org));
      case 'ServiceContact':
        return row.unitCode === unit && (unit !== 'NGO' || row.organizationId === org);
      case 'Intake':
        return row.dispatchedToUnitCode === unit;
      case 'Assignment':
        return org !== null && row.organizationId === org;
      case 'EmergencyAccess':
        return row.unitCode === unit;
      default:
        return false;
    }
  },
  async related(typeName, row, ctx) {
    switch (typeName) {
      case 'Family':
        return familyLevel(row.id, ctx);
      case 'Person':
        return (await ctx.loaders.viewerRelatedToPerson.load(row.id)).level;
      case 'Case':
        // Its contacts and assignments are checked through their case's family: known from here on.
        if (typeof row.familyId === 'number') ctx.loaders.familyOfCase.prime(row.id, row.familyId);
        return familyLevel(row.familyId ?? null, ctx);
      case 'Referral':
      case 'Intake':
      case 'FamilyMember':
        return familyLevel(row.familyId ?? null, ctx);
      case 'ServiceContact':
      case 'Assignment':
        return familyLevel(await ctx.loaders.familyOfCase.load(row.caseId), ctx);
      default:
        return 'NONE';
    }
  },
  personIdOf(typeName, row) {
    return typeName === 'Person' && typeof row?.id === 'number' ? row.id : null;
  },
};
