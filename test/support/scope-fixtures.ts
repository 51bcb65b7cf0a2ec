// Fixtures for scope and need-to-know tests: two-person families whose ties
// to units are added one at a time (open or closed cases, NGO assignments,
// referrals in a given status, reports, break-glass grants), so each test
// states exactly which tie it relies on. Rows are written with Prisma;
// anything whose effect on access is under test is done through the API.
import type { Role } from '../../src/auth/claims.ts';
import { prisma } from '../../src/db/prisma.ts';
import type { UnitCode } from '../../src/domain/codes.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { day, gid } from './fixtures.ts';
import type { Caller } from './test-auth.ts';

/** The districts fixtures use, with the Chinese name addresses carry. */
export const FIXTURE_DISTRICTS = { XITUN: '西屯區', BEITUN: '北屯區' } as const;
export type FixtureDistrict = keyof typeof FIXTURE_DISTRICTS;

/** The two residents of every fixture family: as stored, and as a unit without need-to-know sees them. */
export const RESIDENTS = [
  { name: '王大明', maskedName: '王○明', birthDate: '1979-05-04', birthYear: '1979', sex: 'MALE', relationship: 'HEAD', since: '2010-01-01' },
  { name: '王小華', maskedName: '王○華', birthDate: '2012-08-09', birthYear: '2012', sex: 'FEMALE', relationship: 'CHILD', since: '2012-08-09' },
] as const;

export interface ScopeFamily {
  familyId: number;
  /** Global ID of the family. */
  id: string;
  district: FixtureDistrict;
  /** Row ids of RESIDENTS[0] and RESIDENTS[1]. */
  personIds: [number, number];
  /** Global IDs of the residents. */
  personGids: [string, string];
  /** Stored national IDs of the residents, and their masked forms. */
  nationalIds: [string, string];
  maskedNationalIds: [string, string];
  /** The address of the family and of both residents, and its masked form (city and district). */
  address: string;
  maskedAddress: string;
}

let families = 0;

/** A family of two residents (a father with a national ID card, a daughter with one too) with an address. */
export async function buildFamily(district: FixtureDistrict = 'XITUN'): Promise<ScopeFamily> {
  const n = ++families;
  const cityDistrict = `臺中市${FIXTURE_DISTRICTS[district]}`;
  const address = `${cityDistrict}範圍路${n}號`;
  const nationalIds: [string, string] = [makeNationalId('A', '1', 1_000 + n), makeNationalId('B', '2', 1_000 + n)];
  const family = await prisma().family.create({ data: { districtCode: district, address } });
  const persons = [];
  for (const [i, resident] of RESIDENTS.entries()) {
    persons.push(
      await prisma().person.create({
        data: { name: resident.name, sex: resident.sex, birthDate: day(resident.birthDate), nationalId: nationalIds[i], address, districtCode: district },
      }),
    );
  }
  await prisma().familyMembership.createMany({
    data: persons.map((person, i) => ({ familyId: family.id, personId: person.id, relationship: RESIDENTS[i]!.relationship, startDate: day(RESIDENTS[i]!.since) })),
  });
  const personIds: [number, number] = [persons[0]!.id, persons[1]!.id];
  return {
    familyId: family.id,
    id: gid('Family', family.id),
    district,
    personIds,
    personGids: [gid('Person', personIds[0]), gid('Person', personIds[1])],
    nationalIds,
    maskedNationalIds: [mask(nationalIds[0]), mask(nationalIds[1])],
    address,
    maskedAddress: cityDistrict,
  };
}

function mask(nationalId: string): string {
  return `${nationalId.slice(0, 3)}****${nationalId.slice(-3)}`;
}

export type CaseKind = 'VULNERABLE_FAMILY' | 'CHILD_PROTECTION' | 'MENTAL_HEALTH' | 'AT_RISK_YOUTH' | 'DRUG_ADDICTION';

/** A case of `unit` on the family about the father, opened 2023-02-01; a closed one ended 2023-06-30. */
export async function addCase(
  family: ScopeFamily,
  unit: UnitCode,
  { kind = 'VULNERABLE_FAMILY', status = 'OPEN' }: { kind?: CaseKind; status?: 'OPEN' | 'CLOSED' } = {},
): Promise<number> {
  const created = await prisma().case.create({
    data: {
      kind,
      status,
      familyId: family.familyId,
      subjectPersonId: family.personIds[0],
      ownerUnitCode: unit,
      districtCode: family.district,
      openedOn: day('2023-02-01'),
      closedOn: status === 'CLOSED' ? day('2023-06-30') : null,
    },
  });
  return created.id;
}

/** Closes a case today, as its owner would. */
export async function closeCase(caseId: number): Promise<void> {
  await prisma().case.update({ where: { id: caseId }, data: { status: 'CLOSED', closedOn: new Date() } });
}

export async function addOrganization(name: string): Promise<number> {
  return (await prisma().organization.create({ data: { name, contractRegions: [], districtCodes: ['XITUN'] } })).id;
}

/** Assigns the organisation to the case since 2023-02-01; an ended assignment stopped on 2023-12-31. */
export async function assign(caseId: number, organizationId: number, { ended = false }: { ended?: boolean } = {}): Promise<void> {
  await prisma().assignment.create({
    data: { caseId, organizationId, startDate: day('2023-02-01'), endDate: ended ? day('2023-12-31') : null },
  });
}

export type ReferralStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CLOSED';

/** A referral about the father from one unit to another, in the given status. */
export async function addReferral(family: ScopeFamily, from: UnitCode, to: UnitCode, status: ReferralStatus = 'PENDING'): Promise<number> {
  const answered = status === 'PENDING' ? {} : { respondedAt: new Date(), respondedBy: `w-${to.toLowerCase()}-fixture` };
  const created = await prisma().referral.create({
    data: {
      familyId: family.familyId,
      personId: family.personIds[0],
      fromUnitCode: from,
      toUnitCode: to,
      reason: '網絡合作',
      requestedBy: `w-${from.toLowerCase()}-fixture`,
      status,
      ...answered,
      ...(status === 'DECLINED' ? { declineReason: '不符資格' } : {}),
    },
  });
  return created.id;
}

/** An untriaged report about the family. */
export async function addIntake(family: ScopeFamily, kind: CaseKind = 'CHILD_PROTECTION'): Promise<number> {
  const created = await prisma().intake.create({ data: { kind, familyId: family.familyId, receivedAt: new Date(Date.now() - 3_600_000) } });
  return created.id;
}

/** A report that central intake screened and joined to the case, dispatched to PROTECTION. */
export async function addTriagedIntake(family: ScopeFamily, caseId: number, kind: CaseKind = 'CHILD_PROTECTION'): Promise<number> {
  const receivedAt = day('2023-01-31');
  const created = await prisma().intake.create({
    data: { kind, familyId: family.familyId, receivedAt, triagedAt: receivedAt, dispatchedAt: receivedAt, dispatchedToUnitCode: 'PROTECTION', caseId },
  });
  return created.id;
}

/** An active, unreviewed break-glass grant of `workerId` (of `unit`) on the family. */
export async function addGrant(family: ScopeFamily, unit: UnitCode, workerId: string): Promise<number> {
  const grantedAt = new Date();
  const created = await prisma().emergencyAccess.create({
    data: { familyId: family.familyId, unitCode: unit, workerId, reason: '緊急：兒童獨自在家', grantedAt, expiresAt: new Date(grantedAt.getTime() + 4 * 3_600_000) },
  });
  return created.id;
}

/**
 * The family need-to-know is about: served by PROTECTION only (an open child
 * protection case and the report it came from), both residents with a
 * national ID, an address.
 */
export async function buildProtectedFamily(district: FixtureDistrict = 'XITUN'): Promise<ScopeFamily & { caseId: number }> {
  const family = await buildFamily(district);
  const caseId = await addCase(family, 'PROTECTION', { kind: 'CHILD_PROTECTION' });
  await addTriagedIntake(family, caseId);
  return { ...family, caseId };
}

/** A worker token: CASEWORKER unless a role is given; NGO workers need `org`. */
export function worker(unit: UnitCode, role: Role = 'CASEWORKER', extra: Partial<Caller> = {}): Caller {
  const bound = extra.districts?.length ? `-${extra.districts.join('-').toLowerCase()}` : '';
  return { unit, sub: `w-${unit.toLowerCase()}-${role.toLowerCase()}${bound}`, roles: [role], ...extra };
}
