// The master index grows from the household registry: a member row whose
// valid national ID the hub does not know, and whom nobody in the index
// resembles (linking's NEW_PERSON), is a birth, a move into the city or a new
// registration. The registry is the authority on who lives in the city, so
// such a person is created, with a membership in the family that holds the
// household number (a new family when none does). A row that resembles
// someone is never created: it waits for review like any other, so the index
// gets no duplicates.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { validateNationalId } from '../../src/domain/national-id.ts';
import type { DistrictCode } from '../../src/domain/codes.ts';
import type { MappedMember } from './mapping.ts';

/** A member row that may create a person: a valid ID, a name, a birth date and a district to place the family in. */
export function mayCreateResident(member: MappedMember): member is MappedMember & { birthDate: Date } {
  return member.nationalId !== null && validateNationalId(member.nationalId).ok && member.name !== null && member.birthDate !== null && member.districtCode !== null;
}

/** Creates the persons and memberships in the batch's transaction; returns the person id per source key. */
export async function createResidents(tx: Prisma.TransactionClient, members: readonly (MappedMember & { birthDate: Date })[]): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (members.length === 0) return created;
  const numbers = [...new Set(members.map((m) => m.householdNumber))];
  // The family most current members of each household number belong to.
  const homes = await tx.$queryRaw<{ household_number: string; family_id: number }[]>`
    SELECT DISTINCT ON (r.household_number) r.household_number, m.family_id
    FROM household.registration r JOIN core.family_membership m ON m.person_id = r.person_id AND m.end_date IS NULL
    WHERE r.household_number = ANY(${numbers}::text[])
    GROUP BY r.household_number, m.family_id
    ORDER BY r.household_number, count(*) DESC, m.family_id`;
  const familyOf = new Map(homes.map((h) => [h.household_number, h.family_id]));
  // A family per household number nobody holds yet: new households are few in a batch.
  for (const m of members) {
    if (familyOf.has(m.householdNumber)) continue;
    familyOf.set(m.householdNumber, (await tx.family.create({ data: { districtCode: m.districtCode as DistrictCode, address: m.address }, select: { id: true } })).id);
  }
  // The persons in one statement, one per national ID (a person the batch lists in two households is one
  // person); each is found again by that ID, which is unique.
  const idOf = (m: MappedMember) => (validateNationalId(m.nationalId!) as { value: string }).value;
  const byId = new Map(members.map((m) => [idOf(m), m]));
  const persons = await tx.person.createManyAndReturn({
    data: [...byId].map(([nationalId, m]) => {
      const check = validateNationalId(nationalId);
      return { nationalId, name: m.name!, sex: check.ok && check.sex !== 'UNKNOWN' ? check.sex : 'UNKNOWN', birthDate: m.birthDate, address: m.address, districtCode: m.districtCode as DistrictCode };
    }),
    select: { id: true, nationalId: true },
  });
  const personOf = new Map(persons.map((p) => [p.nationalId!, p.id]));
  await tx.familyMembership.createMany({
    data: [...byId].map(([nationalId, m]) => ({ familyId: familyOf.get(m.householdNumber)!, personId: personOf.get(nationalId)!, relationship: m.relationship, startDate: m.registeredOn ?? m.sourceUpdatedAt })),
  });
  for (const m of members) created.set(m.sourceKey, personOf.get(idOf(m))!);
  return created;
}
