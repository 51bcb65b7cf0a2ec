// The events of the coordination work (issue 15), each recorded in the
// mutation's own transaction: an invitation to a meeting (to each unit and
// organisation invited), a case offered to an organisation (to it). Action
// items coming due are recorded by a scheduled task (action-items-due.ts).
import type { Viewer } from '../graph/context.ts';
import type { TransactionClient } from '../graph/mutation-result.ts';
import { recordEvent } from './record-event.ts';

type Actor = Pick<Viewer, 'unit' | 'workerId'>;

export async function notifyMeetingInvitation(
  tx: TransactionClient,
  viewer: Actor,
  meeting: { id: number; familyIds: readonly number[] },
  invited: { units: readonly string[]; organizations: readonly number[] },
): Promise<void> {
  // One event for the meeting: it may have several families on its agenda, and the receiver reads them through the meeting.
  await recordEvent(tx, {
    kind: 'MEETING_INVITATION',
    familyId: meeting.familyIds.length === 1 ? meeting.familyIds[0]! : null,
    record: { type: 'Meeting', id: meeting.id },
    recipients: { units: invited.units, organizations: invited.organizations },
    actor: { unit: viewer.unit, workerId: viewer.workerId },
  });
}

export async function notifyAssignmentOffered(tx: TransactionClient, viewer: Actor, assignment: { id: number; organizationId: number }, familyId: number): Promise<void> {
  await recordEvent(tx, {
    kind: 'ASSIGNMENT_OFFERED',
    familyId,
    record: { type: 'Assignment', id: assignment.id },
    recipients: { organizations: [assignment.organizationId] },
    actor: { unit: viewer.unit, workerId: viewer.workerId },
  });
}
