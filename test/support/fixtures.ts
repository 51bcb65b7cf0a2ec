// Small, explicit data sets for tests, written with Prisma so every test
// states exactly what it relies on.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../src/db/prisma.ts';

export const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
export const gid = (typename: string, id: number) => encodeGlobalID(typename, id);

export interface FamilyShape {
  members: number;
  openCases: number;
  contactsPerCase: number;
  referrals: number;
}

export interface BuiltFamily {
  familyId: number;
  personIds: number[];
  caseIds: number[];
  referralIds: number[];
}

let nextWorker = 0;

export async function ensureWorker(unitCode: string): Promise<string> {
  const id = `w-${unitCode.toLowerCase()}-fixture-${++nextWorker}`;
  await prisma().worker.create({ data: { id, name: `測試${nextWorker}`, unitCode } });
  return id;
}

/** Creates `count` families of the given shape with a fixed number of statements per family. */
export async function buildFamilies(count: number, shape: FamilyShape): Promise<BuiltFamily[]> {
  const db = prisma();
  const socialWorker = await ensureWorker('SOCIAL');
  const built: BuiltFamily[] = [];
  for (let f = 0; f < count; f++) {
    const family = await db.family.create({ data: { districtCode: 'XITUN', address: `臺中市西屯區測試路${f + 1}號` } });
    const persons = await db.person.createManyAndReturn({
      data: Array.from({ length: shape.members }, (_, m) => ({
        name: `王${f}之${m}`,
        sex: m % 2 === 0 ? ('MALE' as const) : ('FEMALE' as const),
        birthDate: day(`${1960 + m * 10}-0${(m % 9) + 1}-15`),
        address: family.address,
        districtCode: 'XITUN',
      })),
    });
    await db.familyMembership.createMany({
      data: persons.map((p, m) => ({
        familyId: family.id,
        personId: p.id,
        relationship: m === 0 ? ('HEAD' as const) : ('CHILD' as const),
        startDate: day('2010-01-01'),
      })),
    });
    const cases = await db.case.createManyAndReturn({
      data: Array.from({ length: shape.openCases }, (_, c) => ({
        kind: c % 2 === 0 ? ('VULNERABLE_FAMILY' as const) : ('MENTAL_HEALTH' as const),
        status: 'OPEN' as const,
        familyId: family.id,
        subjectPersonId: persons[c % persons.length]!.id,
        ownerUnitCode: c % 2 === 0 ? 'SOCIAL' : 'HEALTH',
        leadWorkerId: c % 2 === 0 ? socialWorker : null,
        districtCode: 'XITUN',
        riskLevel: 'MODERATE' as const,
        openedOn: day('2023-02-01'),
      })),
    });
    await db.serviceContact.createMany({
      data: cases.flatMap((c) =>
        Array.from({ length: shape.contactsPerCase }, (_, k) => ({
          caseId: c.id,
          kind: (['PHONE', 'VISIT', 'NETWORK_CONTACT'] as const)[k % 3]!,
          contactedOn: day('2023-03-01'),
          unitCode: c.ownerUnitCode,
        })),
      ),
    });
    const referrals = await db.referral.createManyAndReturn({
      data: Array.from({ length: shape.referrals }, (_, r) => ({
        familyId: family.id,
        personId: persons[r % persons.length]!.id,
        fromUnitCode: 'SOCIAL',
        toUnitCode: r % 2 === 0 ? 'LABOR' : 'EDUCATION',
        reason: '需要就業協助',
        requestedBy: socialWorker,
      })),
    });
    built.push({
      familyId: family.id,
      personIds: persons.map((p) => p.id),
      caseIds: cases.map((c) => c.id),
      referralIds: referrals.map((r) => r.id),
    });
  }
  return built;
}
