// DataLoaders of one request. Each batch runs a fixed number of statements,
// however many families the request touches.
import DataLoader from 'dataloader';
import { prisma } from '../db/prisma.ts';
import { currentMembershipWhere } from './membership-period.ts';
import { composeServingUnits, type ServingEntry } from '../domain/serving-units.ts';
import type { Assignment, Case, NetworkUnit, Organization, Person, Referral, Worker } from '../generated/prisma/client.ts';

export interface ServingUnitView extends ServingEntry {
  unit: NetworkUnit;
  case: (Case & { leadWorker: Worker | null }) | null;
  referral: Referral | null;
  organization: Organization | null;
  person: Person | null;
}

export interface Loaders {
  servingUnitsByFamily: DataLoader<number, ServingUnitView[]>;
  /** Current families of a person. */
  familiesOfPerson: DataLoader<number, number[]>;
  /** Family of a case. */
  familyOfCase: DataLoader<number, number | null>;
  /** Whether the viewer's unit (or organisation) is serving the family now. */
  viewerRelatedToFamily: DataLoader<number, boolean>;
}

export function createLoaders(viewer: { unit: string; org: number | null }): Loaders {
  return {
    servingUnitsByFamily: new DataLoader(loadServingUnits),
    familiesOfPerson: new DataLoader(loadFamiliesOfPersons),
    familyOfCase: new DataLoader(loadFamiliesOfCases),
    viewerRelatedToFamily: new DataLoader((ids) => loadRelatedFamilies(ids, viewer)),
  };
}

async function loadFamiliesOfPersons(personIds: readonly number[]): Promise<number[][]> {
  const rows = await prisma().familyMembership.findMany({
    where: { personId: { in: [...personIds] }, ...currentMembershipWhere() },
    select: { personId: true, familyId: true },
  });
  return personIds.map((id) => rows.filter((r) => r.personId === id).map((r) => r.familyId));
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
async function loadRelatedFamilies(familyIds: readonly number[], viewer: { unit: string; org: number | null }): Promise<boolean[]> {
  const rows = await prisma().$queryRaw<{ family_id: number }[]>`
    SELECT f.id AS family_id FROM unnest(${[...familyIds]}::int[]) AS f(id)
    WHERE EXISTS (SELECT 1 FROM core."case" c WHERE c.family_id = f.id AND c.status = 'OPEN' AND c.owner_unit_code = ${viewer.unit})
       OR EXISTS (SELECT 1 FROM core.referral r WHERE r.family_id = f.id AND r.status IN ('PENDING', 'ACCEPTED')
                  AND (r.to_unit_code = ${viewer.unit} OR r.from_unit_code = ${viewer.unit}))
       OR EXISTS (SELECT 1 FROM core.assignment a JOIN core."case" c ON c.id = a.case_id
                  WHERE c.family_id = f.id AND a.organization_id = ${viewer.org ?? -1}
                    AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date))`;
  const related = new Set(rows.map((r) => Number(r.family_id)));
  return familyIds.map((id) => related.has(id));
}

async function loadServingUnits(familyIds: readonly number[]): Promise<ServingUnitView[][]> {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const db = prisma();
  const memberships = await db.familyMembership.findMany({
    where: { familyId: { in: [...familyIds] }, OR: [{ endDate: null }, { endDate: { gte: today } }] },
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
