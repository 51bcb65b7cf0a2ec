// DataLoaders of one request. Each batch runs a fixed number of statements,
// however many families the request touches.
import DataLoader from 'dataloader';
import { prisma } from '../db/prisma.ts';
import { currentMembershipWhere, startOfToday } from './membership-period.ts';
import { composeServingUnits, type ServingEntry } from '../domain/serving-units.ts';
import { Prisma, type Case, type NetworkUnit, type Organization, type Person, type Referral, type Worker } from '../generated/prisma/client.ts';

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
  /** Whether the viewer's unit (or organisation) is serving the family now. */
  viewerRelatedToFamily: DataLoader<number, boolean>;
  /** Whether the viewer's unit is serving any current family of the person. */
  viewerRelatedToPerson: DataLoader<number, boolean>;
}

export function createLoaders(viewer: { unit: string; org: number | null }): Loaders {
  // Need-to-know checks come from resolvers at many promise depths; waiting
  // for the next macrotask gathers each level's checks into one batch.
  const gathered = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };
  return {
    servingUnitsByFamily: new DataLoader(loadServingUnits),
    familyOfCase: new DataLoader(loadFamiliesOfCases, gathered),
    viewerRelatedToFamily: new DataLoader((ids) => loadRelatedFamilies(ids, viewer), gathered),
    viewerRelatedToPerson: new DataLoader((ids) => loadRelatedPersons(ids, viewer), gathered),
  };
}

async function loadFamiliesOfCases(caseIds: readonly number[]): Promise<(number | null)[]> {
  const rows = await prisma().case.findMany({ where: { id: { in: [...caseIds] } }, select: { id: true, familyId: true } });
  const byId = new Map(rows.map((r) => [r.id, r.familyId]));
  return caseIds.map((id) => byId.get(id) ?? null);
}

/**
 * Need-to-know: a unit is related to a family while it has an open case on
 * it, a pending or accepted referral from or to it, or (for an NGO) an
 * active assignment on one of its cases. One statement per batch.
 */
function relatedFamilyCondition(viewer: { unit: string; org: number | null }) {
  return Prisma.sql`(
       EXISTS (SELECT 1 FROM core."case" c WHERE c.family_id = f.id AND c.status = 'OPEN' AND c.owner_unit_code = ${viewer.unit})
    OR EXISTS (SELECT 1 FROM core.referral r WHERE r.family_id = f.id AND r.status IN ('PENDING', 'ACCEPTED')
               AND (r.to_unit_code = ${viewer.unit} OR r.from_unit_code = ${viewer.unit}))
    OR EXISTS (SELECT 1 FROM core.assignment a JOIN core."case" c ON c.id = a.case_id
               WHERE c.family_id = f.id AND a.organization_id = ${viewer.org ?? -1}
                 AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date)))`;
}

async function loadRelatedFamilies(familyIds: readonly number[], viewer: { unit: string; org: number | null }): Promise<boolean[]> {
  const rows = await prisma().$queryRaw<{ id: number }[]>`
    SELECT f.id FROM unnest(${[...familyIds]}::int[]) AS f(id) WHERE ${relatedFamilyCondition(viewer)}`;
  const related = new Set(rows.map((r) => Number(r.id)));
  return familyIds.map((id) => related.has(id));
}

/** A person is in need-to-know reach through any current family. */
async function loadRelatedPersons(personIds: readonly number[], viewer: { unit: string; org: number | null }): Promise<boolean[]> {
  const rows = await prisma().$queryRaw<{ person_id: number }[]>`
    SELECT DISTINCT m.person_id FROM core.family_membership m JOIN core.family f ON f.id = m.family_id
    WHERE m.person_id = ANY(${[...personIds]}::int[]) AND (m.end_date IS NULL OR m.end_date >= current_date)
      AND ${relatedFamilyCondition(viewer)}`;
  const related = new Set(rows.map((r) => Number(r.person_id)));
  return personIds.map((id) => related.has(id));
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

  const [cases, referrals, units] = await Promise.all([
    db.case.findMany({
      where: {
        status: 'OPEN',
        OR: [{ familyId: { in: [...familyIds] } }, { subjectPersonId: { in: personIds } }],
      },
      include: {
        leadWorker: true,
        subject: true,
        assignments: {
          where: { startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] },
          include: { organization: true },
        },
      },
    }),
    db.referral.findMany({
      where: {
        status: { in: ['PENDING', 'ACCEPTED'] },
        OR: [{ familyId: { in: [...familyIds] } }, { personId: { in: personIds } }],
      },
      include: { person: true },
    }),
    db.networkUnit.findMany(),
  ]);

  const assignments = cases.flatMap((c) => c.assignments);
  const entriesByFamily = composeServingUnits(
    familyIds,
    membersByFamily,
    cases,
    assignments,
    referrals.map((r) => ({ ...r, status: r.status as 'PENDING' | 'ACCEPTED' })),
  );
  const unitByCode = new Map(units.map((u) => [u.code, u]));
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
        organization: assignment?.organization ?? null,
        person: servedCase?.subject ?? referral?.person ?? null,
      };
    }),
  );
}
