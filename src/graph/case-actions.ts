// What the case actions (risk level, closing, lead worker, transfer, NGO
// offers) share: the cases they reach — only those the caller's unit owns,
// in the worker's districts, any other answering as a case that does not
// exist — one lock per case, and the persons a change of a case touches, for
// its audit entry.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from './context.ts';
import { currentMemberIds } from './membership-period.ts';
import { failure, lockFor, type Outcome, type TransactionClient } from './mutation-result.ts';
import { caseListScope } from './row-scope.ts';

export function ownedCaseWhere(viewer: Viewer, caseId: number): Prisma.CaseWhereInput {
  // The owner named as well: for an NGO the list scope is its assigned cases, which it does not own.
  return { id: caseId, ...caseListScope(viewer), ownerUnitCode: viewer.unit };
}

export function caseNotFound<T>(): Outcome<T> {
  return failure<T>('NOT_FOUND', 'caseId: no such case', [{ field: 'caseId', reason: 'no such case' }]);
}

/** A case touches its subject, or every current member of its family when it names none. */
export async function personsOfCase(tx: TransactionClient, owned: { subjectPersonId: number | null; familyId: number }): Promise<number[]> {
  return owned.subjectPersonId !== null ? [owned.subjectPersonId] : currentMemberIds(tx, owned.familyId);
}

/**
 * Serialises the actions on one case until the transaction ends: each reads
 * who owns the case and its state, then writes on that basis, so a transfer
 * must not slip in between another action's check and its write (the old
 * owner would close, assess or assign a case it no longer owns). Taken
 * first, before any other lock, so no two actions wait on each other.
 */
export async function lockCase(tx: TransactionClient, caseId: number): Promise<void> {
  await lockFor(tx, `case:${caseId}`);
}
