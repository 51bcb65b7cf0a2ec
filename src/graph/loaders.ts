// DataLoaders of one request. Each batch runs a fixed number of statements,
// however many families the request touches.
import DataLoader from 'dataloader';
import { prisma } from '../db/prisma.ts';
import { currentMembershipWhere, startOfToday } from './membership-period.ts';
import { composeServingUnits, type ServingEntry } from '../domain/serving-units.ts';
import type { Viewer } from './context.ts';
import { familyRelations, personRelations, servesThroughOwnGrant, type FamilyRelation } from './need-to-know.ts';
import type { Case, NetworkUnit, Organization, Person, Referral, Worker } from '../generated/prisma/client.ts';
import { networkUnits } from './reference-data.ts';
import { activeAssignmentWhere } from './assignment-period.ts';

export interface ServingUnitView extends ServingEntry {
  unit: NetworkUnit;
  case: (Case & { leadWorker: Worker | null }) | null;
  referral: Referral | null;
  organization: Organization | null;
  person: Person | null;
}

export interface Loaders {
  servingUnitsByFamily: DataLoader<number, ServingUnitView[]>;
  /** Family of a case. */
  familyOfCase: DataLoader<number, number | null>;
  /** The viewer's need-to-know on the family now (need-to-know.ts). */
  viewerRelatedToFamily: DataLoader<number, FamilyRelation>;
  /** The viewer's need-to-know on the person, through any current family or a referral to decide on. */
  viewerRelatedToPerson: DataLoader<number, FamilyRelation>;
  /** Whether someone in a current family of the person has a confidential address (then theirs is one too). */
  livesWithConfidentialAddress: DataLoader<number, boolean>;
}

/** Hears where an access came from when it came only from break-glass or a meeting invitation, for the request's audit entry. */
export interface AccessBasisListener {
  breakGlass(): void;
  meeting(meetingId: number): void;
}

export function createLoaders(viewer: Viewer, basis: AccessBasisListener): Loaders {
  const noting = <R extends FamilyRelation>(relations: R[]) => {
    if (relations.some((r) => r.breakGlass)) basis.breakGlass();
    for (const relation of relations) for (const meetingId of relation.meetings ?? []) basis.meeting(meetingId);
    return relations;
  };
  // Need-to-know checks come from resolvers at many promise depths; waiting
  // for the next macrotask gathers each level's checks into one batch.
  const gathered = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };
  const viewerRelatedToPerson = new DataLoader<number, FamilyRelation>(async (ids) => noting(await personRelations(ids, viewer)), gathered);
  return {
    servingUnitsByFamily: new DataLoader(loadServingUnits),
    familyOfCase: new DataLoader(loadFamiliesOfCases, gathered),
    viewerRelatedToFamily: new DataLoader(async (ids) => {
      const relations = noting(await familyRelations(ids, viewer));
      // A current member of a family served through a grant is served: exactly what
      // personRelations would answer, so the family view needs no second check.
      for (const relation of relations) {
        if (!servesThroughOwnGrant(relation)) continue;
        for (const personId of relation.currentMembers) viewerRelatedToPerson.prime(personId, { level: 'SERVING', breakGlass: false });
      }
      return relations;
    }, gathered),
    viewerRelatedToPerson,
    livesWithConfidentialAddress: new DataLoader(loadLivesWithConfidentialAddress, gathered),
  };
}

async function loadFamiliesOfCases(caseIds: readonly number[]): Promise<(number | null)[]> {
  const rows = await prisma().case.findMany({ where: { id: { in: [...caseIds] } }, select: { id: true, familyId: true } });
  const byId = new Map(rows.map((r) => [r.id, r.familyId]));
  return caseIds.map((id) => byId.get(id) ?? null);
}

async function loadLivesWithConfidentialAddress(personIds: readonly number[]): Promise<boolean[]> {
  const rows = await prisma().$queryRaw<{ person_id: number }[]>`
    SELECT DISTINCT m.person_id
    FROM core.family_membership m
    JOIN core.family_membership o ON o.family_id = m.family_id AND (o.end_date IS NULL OR o.end_date >= current_date)
    JOIN core.person p ON p.id = o.person_id AND p.address_confidential
    WHERE m.person_id = ANY(${[...personIds]}::int[]) AND (m.end_date IS NULL OR m.end_date >= current_date)`;
  const found = new Set(rows.map((r) => Number(r.person_id)));
  return personIds.map((id) => found.has(id));
}

async function loadServingUnits(familyIds: readonly number[]): Promise<ServingUnitView[][]> {
  const today = startOfToday();
  const db = prisma();
  const memberships = await db.familyMembership.findMany({
    where: { familyId: { in: [...familyIds] }, ...currentMembershipWhere() },
    select: { familyId: true, personId: true },
  });
  const membersByFamily = new Map<number, number[]>();
  for (const m of memberships) membersByFamily.set(m.familyId, [...(membersByFamily.get(m.familyId) ?? []), m.personId]);
  const personIds = [...new Set(memberships.map((m) => m.personId))];

  const [cases, referrals] = await Promise.all([
    db.case.findMany({
      where: {
        status: 'OPEN',
        OR: [{ familyId: { in: [...familyIds] } }, { subjectPersonId: { in: personIds } }],
      },
      include: {
        leadWorker: true,
        subject: true,
        assignments: {
          where: activeAssignmentWhere(today),
          include: { organization: true },
        },
      },
    }),
    db.referral.findMany({
      where: {
        status: { in: ['PENDING', 'ACCEPTED'] },
        OR: [{ familyId: { in: [...familyIds] } }, { personId: { in: personIds } }],
      },
      include: { person: true, toOrganization: true },
    }),
  ]);

  const assignments = cases.flatMap((c) => c.assignments);
  const entriesByFamily = composeServingUnits(
    familyIds,
    membersByFamily,
    cases,
    assignments,
    referrals.map((r) => ({ ...r, status: r.status as 'PENDING' | 'ACCEPTED' })),
  );
  const unitByCode = await networkUnits();
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const referralById = new Map(referrals.map((r) => [r.id, r]));
  const assignmentById = new Map(assignments.map((a) => [a.id, a]));

  return familyIds.map((familyId) =>
    (entriesByFamily.get(familyId) ?? []).map((entry): ServingUnitView => {
      const servedCase = entry.caseId === null ? undefined : caseById.get(entry.caseId);
      const referral = entry.referralId === null ? undefined : referralById.get(entry.referralId);
      const assignment = entry.assignmentId === null ? undefined : assignmentById.get(entry.assignmentId);
      return {
        ...entry,
        unit: unitByCode.get(entry.unitCode)!,
        case: servedCase ?? null,
        referral: referral ?? null,
        // The organisation assigned, or the one a referral to NGO is addressed to.
        organization: assignment?.organization ?? referral?.toOrganization ?? null,
        person: servedCase?.subject ?? referral?.person ?? null,
      };
    }),
  );
}
