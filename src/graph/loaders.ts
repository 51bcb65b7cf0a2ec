// DataLoaders of one request. Each batch runs a fixed number of statements,
// however many families the request touches.
import DataLoader from 'dataloader';
import { prisma } from '../db/prisma.ts';
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
}

export function createLoaders(): Loaders {
  return { servingUnitsByFamily: new DataLoader(loadServingUnits) };
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
