// A meeting invitation as a basis of access: the unit (or, for an NGO, the
// organisation) invited to a meeting sees the families on its agenda from
// the invitation until the meeting's access_until, unless it was cancelled.
// The convenor can put on the agenda only families it serves through a grant
// of its own (never through another meeting), so access does not chain.
// Written as SQL for the per-row checks and as a Prisma filter for lists and
// scopes; test/graph/meeting-access.test.ts holds both to the same answers.
import { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from './context.ts';

type Invitee = Pick<Viewer, 'unit' | 'org'>;

/** SQL: ids of the meetings whose invitation gives the viewer family `familyId` now. */
export function invitingMeetingsSql(viewer: Invitee, familyId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT DISTINCT a.meeting_id FROM core.meeting_agenda_item a
    JOIN core.meeting mt ON mt.id = a.meeting_id
    JOIN core.meeting_invitation i ON i.meeting_id = mt.id
    WHERE a.family_id = ${familyId} AND mt.status <> 'CANCELLED' AND mt.access_until > now() AND i.invited_at <= now()
      AND i.unit_code = ${viewer.unit} AND (i.organization_id IS NULL OR i.organization_id = ${viewer.org ?? -1}::int))`;
}

/** Prisma: an invitation of the viewer's unit (or organisation) that is in force now. */
export function invitationInForce(viewer: Invitee, now: Date = new Date()): Prisma.MeetingInvitationWhereInput {
  return { unitCode: viewer.unit, invitedAt: { lte: now }, OR: [{ organizationId: null }, { organizationId: viewer.org ?? -1 }] };
}

/** Prisma: families on the agenda of a meeting the viewer is invited to, while the invitation gives access. */
export function invitedFamilyWhere(viewer: Invitee, now: Date = new Date()): Prisma.FamilyWhereInput {
  return {
    meetingAgenda: {
      some: { meeting: { status: { not: 'CANCELLED' }, accessUntil: { gt: now }, invitations: { some: invitationInForce(viewer, now) } } },
    },
  };
}
