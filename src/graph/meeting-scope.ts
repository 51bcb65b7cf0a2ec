// Which meetings and action items a caller reaches: those its unit convened
// or was invited to (for an NGO, its organisation was invited to), and for a
// worker bound to districts only meetings of its districts or of the whole
// city. Anything else answers as a meeting that does not exist.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from './context.ts';

type Participant = Pick<Viewer, 'unit' | 'org' | 'districts'>;

/** An invitation naming the viewer's unit, or its organisation for an NGO (whenever it was made). */
export function invitationOf(viewer: Pick<Viewer, 'unit' | 'org'>): Prisma.MeetingInvitationWhereInput {
  return viewer.unit === 'NGO' ? { unitCode: 'NGO', organizationId: viewer.org ?? -1 } : { unitCode: viewer.unit, organizationId: null };
}

export function meetingScope(viewer: Participant): Prisma.MeetingWhereInput {
  const participant: Prisma.MeetingWhereInput[] = [{ invitations: { some: invitationOf(viewer) } }];
  if (viewer.unit !== 'NGO') participant.push({ convenorUnitCode: viewer.unit });
  const where: Prisma.MeetingWhereInput = { OR: participant };
  if (viewer.districts.length > 0) where.AND = [{ OR: [{ districtCode: null }, { districtCode: { in: [...viewer.districts] } }] }];
  return where;
}

/** A meeting the viewer's unit convened (the only one that records, invites to or cancels it). */
export function convenedScope(viewer: Participant): Prisma.MeetingWhereInput {
  return viewer.unit === 'NGO' ? { id: -1 } : { AND: [meetingScope(viewer), { convenorUnitCode: viewer.unit }] };
}

/** Action items the viewer's unit (or organisation) owns, on meetings it reaches. */
export function ownedActionItemWhere(viewer: Participant): Prisma.ActionItemWhereInput {
  const owner: Prisma.ActionItemWhereInput =
    viewer.unit === 'NGO' ? { ownerUnitCode: 'NGO', ownerOrganizationId: viewer.org ?? -1 } : { ownerUnitCode: viewer.unit, ownerOrganizationId: null };
  return { ...owner, meeting: meetingScope(viewer) };
}
