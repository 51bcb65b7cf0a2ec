// Row scopes: which records a caller may reach at all. NGO workers reach
// only families and cases of their organisation's active assignments (and
// families of referrals addressed to the organisation that it accepted, and
// of meetings it is invited to, while the invitation lasts);
// district-bound workers only their districts. Anything outside reads
// exactly as a record that does not exist.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from './context.ts';
import { activeAssignmentWhere } from './assignment-period.ts';
import { invitedFamilyWhere } from './meeting-grant.ts';
import { currentMembershipWhere } from './membership-period.ts';

function activeAssignmentOf(org: number): Prisma.AssignmentWhereInput {
  return { organizationId: org, ...activeAssignmentWhere() };
}

export function familyScope(viewer: Viewer): Prisma.FamilyWhereInput {
  const where: Prisma.FamilyWhereInput = {};
  if (viewer.unit === 'NGO') {
    const org = viewer.org ?? -1;
    // Its assigned families, those of a referral addressed to it that it accepted, and those on the agenda of a meeting it is invited to while that lasts.
    where.OR = [
      { cases: { some: { assignments: { some: activeAssignmentOf(org) } } } },
      { referrals: { some: { toUnitCode: 'NGO', toOrganizationId: org, status: 'ACCEPTED' } } },
      invitedFamilyWhere(viewer),
    ];
  }
  if (viewer.districts.length > 0) where.districtCode = { in: viewer.districts };
  return where;
}

export function personScope(viewer: Viewer): Prisma.PersonWhereInput {
  if (viewer.unit !== 'NGO' && viewer.districts.length === 0) return {};
  return { memberships: { some: { ...currentMembershipWhere(), family: familyScope(viewer) } } };
}

/** Any single case: NGOs only their assigned ones. */
export function caseScope(viewer: Viewer): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput = {};
  if (viewer.unit === 'NGO') where.assignments = { some: activeAssignmentOf(viewer.org ?? -1) };
  if (viewer.districts.length > 0) where.districtCode = { in: viewer.districts };
  return where;
}

/** The case list: a unit's own cases (an NGO's assigned cases). */
export function caseListScope(viewer: Viewer): Prisma.CaseWhereInput {
  return viewer.unit === 'NGO' ? caseScope(viewer) : { ...caseScope(viewer), ownerUnitCode: viewer.unit };
}

/**
 * Referrals a unit sent or received. An NGO reaches a referral addressed to
 * its organisation (to decide on it, before it serves the family), and
 * referrals of families it is assigned that name no organisation or its own;
 * never one addressed to another organisation.
 */
export function referralScope(viewer: Viewer): Prisma.ReferralWhereInput {
  if (viewer.unit !== 'NGO') return { OR: [{ fromUnitCode: viewer.unit }, { toUnitCode: viewer.unit }], family: familyScope(viewer) };
  const org = viewer.org ?? -1;
  const inDistricts: Prisma.ReferralWhereInput = viewer.districts.length > 0 ? { family: { districtCode: { in: viewer.districts } } } : {};
  return {
    OR: [
      { toUnitCode: 'NGO', toOrganizationId: org, ...inDistricts },
      { OR: [{ fromUnitCode: 'NGO' }, { toUnitCode: 'NGO' }], toOrganizationId: null, family: familyScope(viewer) },
    ],
  };
}

/** Central intake (PROTECTION) sees every report; other units those dispatched to them. */
export function intakeScope(viewer: Viewer): Prisma.IntakeWhereInput {
  return viewer.unit === 'PROTECTION' ? {} : { dispatchedToUnitCode: viewer.unit };
}

/**
 * Adds a scope to a unique lookup only when there is one: a where clause of
 * unique fields alone lets Prisma batch concurrent lookups into one statement.
 */
export function scoped<Where extends object, Scope extends object>(where: Where, scope: Scope): Where {
  return Object.keys(scope).length === 0 ? where : { ...where, AND: [scope] };
}
