// Which NGO assignments give their organisation access today: those still
// offered or accepted (an ended or handed-back one gives none, from the
// moment it ends) whose dates cover today (a case's closing sets the end
// date: access lasts through it). The SQL form below is the same rule for
// need-to-know's per-row statement.
import { Prisma } from '../generated/prisma/client.ts';
import type { AssignmentStatus } from '../generated/prisma/enums.ts';
import { startOfToday } from './membership-period.ts';

export const LIVE_ASSIGNMENT: readonly AssignmentStatus[] = ['OFFERED', 'ACCEPTED'];

export function activeAssignmentWhere(today: Date = startOfToday()): Prisma.AssignmentWhereInput {
  return { status: { in: [...LIVE_ASSIGNMENT] }, startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] };
}

export function isActiveAssignment(a: { status: AssignmentStatus; startDate: Date; endDate: Date | null }, today: Date = startOfToday()): boolean {
  return LIVE_ASSIGNMENT.includes(a.status) && a.startDate <= today && (a.endDate === null || a.endDate >= today);
}

/** SQL: assignment `a` is active today. */
export const activeAssignmentSql = Prisma.sql`a.status IN ('OFFERED', 'ACCEPTED') AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date)`;
