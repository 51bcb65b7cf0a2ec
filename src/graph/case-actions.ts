// What the case actions (risk level, closing) share: the cases they reach —
// only those the caller's unit owns, in the worker's districts, any other
// answering as a case that does not exist — and the persons a change of a
// case touches, for its audit entry.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from './context.ts';
import { currentMemberIds } from './membership-period.ts';
import { failure, type Outcome, type TransactionClient } from './mutation-result.ts';
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
