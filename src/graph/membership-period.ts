// Which memberships count as current: those that have not ended by today.
import type { Prisma } from '../generated/prisma/client.ts';

export function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function currentMembershipWhere(): Prisma.FamilyMembershipWhereInput {
  return { OR: [{ endDate: null }, { endDate: { gte: startOfToday() } }] };
}

/** The current members of a family: the persons a write about the whole family touches. */
export async function currentMemberIds(tx: Prisma.TransactionClient, familyId: number): Promise<number[]> {
  const members = await tx.familyMembership.findMany({ where: { familyId, ...currentMembershipWhere() }, select: { personId: true } });
  return members.map((m) => m.personId);
}
