// Need-to-know: when a unit may read more of a family than anyone may.
// Access comes only from what another party granted or the law assigns:
//   - an OPEN case the unit owns on the family;
//   - for an NGO, an active assignment of its organisation on a case of the family
//     (offered or accepted, within its dates: assignment-period.ts);
//   - a referral the unit RECEIVED: ACCEPTED gives full access, PENDING only
//     enough to decide on it (the referred person's name and birth date); a
//     referral to NGO is received by the organisation it names, no other;
//   - a referral the unit SENT, while open, only if the unit already served
//     the family when it sent it (recorded on the referral at sending);
//   - an invitation of the unit (or organisation) to a meeting with the
//     family on its agenda, from the invitation until the meeting's stated
//     end of access (meeting-grant.ts); the audit entry names the meeting;
//   - the worker's own active break-glass grant (audited, reviewed).
// Never from an action the caller took alone: a referral about a family it
// did not serve, or an intake it reported.
//
// The same rule is written twice, as SQL for the per-row checks (one
// statement per batch, with the level of access) and as a Prisma filter for
// lists; test/auth/need-to-know.test.ts holds both to the same answers.
import { prisma } from '../db/prisma.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { RelationLevel } from '../policy/types.ts';
import type { Viewer } from './context.ts';
import { invitedFamilyWhere, invitingMeetingsSql } from './meeting-grant.ts';
import { activeAssignmentSql, activeAssignmentWhere } from './assignment-period.ts';

export type { RelationLevel };

export interface FamilyRelation {
  level: RelationLevel;
  /** The access comes only from the worker's break-glass grant. */
  breakGlass: boolean;
  /** The access comes only from invitations to these meetings (empty otherwise). */
  meetings?: readonly number[];
}

/** Served through a grant of the unit's own: not break-glass, not only a meeting invitation (which must not be passed on). */
export function servesThroughOwnGrant(relation: FamilyRelation | undefined): boolean {
  return relation?.level === 'SERVING' && !relation.breakGlass && (relation.meetings?.length ?? 0) === 0;
}

/** A family's relation, with its current members (whose person relation it decides when served). */
export interface FamilyRelationWithMembers extends FamilyRelation {
  currentMembers: number[];
}

const OPEN_REFERRAL = ['PENDING', 'ACCEPTED'] as const;

type Grantee = Pick<Viewer, 'unit' | 'org' | 'workerId'>;

/** A unit and organisation as values, or as SQL naming columns (to ask the rule for every unit at once). */
interface GrantedTo {
  unit: string | Prisma.Sql;
  org: number | null | Prisma.Sql;
}

/** SQL: the unit serves family `f` through a grant of another party (no break-glass). */
function grantedSql(viewer: GrantedTo) {
  return Prisma.sql`(
       EXISTS (SELECT 1 FROM core."case" c WHERE c.family_id = f.id AND c.status = 'OPEN' AND c.owner_unit_code = ${viewer.unit})
    OR EXISTS (SELECT 1 FROM core.referral r WHERE r.family_id = f.id AND ${receivedSql(viewer)} AND r.status = 'ACCEPTED')
    OR EXISTS (SELECT 1 FROM core.referral r WHERE r.family_id = f.id AND r.from_unit_code = ${viewer.unit}
               AND r.sent_while_serving AND r.status IN ('PENDING', 'ACCEPTED'))
    OR EXISTS (SELECT 1 FROM core.assignment a JOIN core."case" c ON c.id = a.case_id
               WHERE c.family_id = f.id AND a.organization_id = ${viewer.org ?? -1} AND ${activeAssignmentSql}))`;
}

/**
 * SQL: referral `r` was sent to the viewer: to its unit and, for an NGO, to
 * its organisation (a unit's own referrals name no organisation, and a
 * unit's token names none either).
 */
function receivedSql(viewer: GrantedTo) {
  return Prisma.sql`r.to_unit_code = ${viewer.unit} AND r.to_organization_id IS NOT DISTINCT FROM ${viewer.org}::int`;
}

/** Prisma: the same as receivedSql. */
function receivedWhere(viewer: Grantee): Prisma.ReferralWhereInput {
  return { toUnitCode: viewer.unit, toOrganizationId: viewer.org };
}

function breakGlassSql(viewer: Grantee) {
  return Prisma.sql`EXISTS (SELECT 1 FROM core.emergency_access e
    WHERE e.family_id = f.id AND e.worker_id = ${viewer.workerId} AND e.unit_code = ${viewer.unit} AND e.expires_at > now())`;
}

/**
 * SQL: the viewer's unit serves family `f` through a grant or a meeting
 * invitation (a worker's break-glass excepted): the SERVING level of
 * familyRelations, as a condition for lists that filter in SQL.
 */
export function servesFamilySql(viewer: Grantee): Prisma.Sql {
  return Prisma.sql`(${grantedSql(viewer)} OR cardinality(${invitingMeetingsSql(viewer, Prisma.sql`f.id`)}) > 0)`;
}

/** SQL: the unit has a PENDING referral to decide on about person `m.person_id`. */
function decidingSql(viewer: Grantee) {
  return Prisma.sql`EXISTS (SELECT 1 FROM core.referral r
    WHERE r.person_id = m.person_id AND ${receivedSql(viewer)} AND r.status = 'PENDING')`;
}

interface LevelRow {
  id: number;
  granted: boolean;
  meetings: number[];
  break_glass: boolean;
}

function relationOf(row: LevelRow | undefined): FamilyRelation {
  if (!row) return { level: 'NONE', breakGlass: false };
  if (row.granted) return { level: 'SERVING', breakGlass: false };
  if (row.meetings.length > 0) return { level: 'SERVING', breakGlass: false, meetings: row.meetings.map(Number) };
  return row.break_glass ? { level: 'SERVING', breakGlass: true } : { level: 'NONE', breakGlass: false };
}

/**
 * The viewer's relation to each family, in one statement, with the family's
 * current members: a person in a family the unit serves is served too (see
 * personRelations), so the caller can know that without asking again.
 */
export async function familyRelations(familyIds: readonly number[], viewer: Grantee, db: Prisma.TransactionClient = prisma()): Promise<FamilyRelationWithMembers[]> {
  const rows = await db.$queryRaw<(LevelRow & { current_members: number[] })[]>`
    SELECT f.id, ${grantedSql(viewer)} AS granted, ${invitingMeetingsSql(viewer, Prisma.sql`f.id`)} AS meetings, ${breakGlassSql(viewer)} AS break_glass,
           ARRAY(SELECT m.person_id FROM core.family_membership m
                 WHERE m.family_id = f.id AND (m.end_date IS NULL OR m.end_date >= current_date)) AS current_members
    FROM unnest(${[...familyIds]}::int[]) AS f(id)`;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return familyIds.map((id) => {
    const row = byId.get(id);
    return { ...relationOf(row), currentMembers: (row?.current_members ?? []).map(Number) };
  });
}

/**
 * The viewer's relation to each person: SERVING through any current family
 * it serves, DECIDING while it has a pending referral about the person to
 * decide on, NONE otherwise. One statement.
 */
export async function personRelations(personIds: readonly number[], viewer: Grantee): Promise<FamilyRelation[]> {
  const rows = await prisma().$queryRaw<(LevelRow & { deciding: boolean })[]>`
    SELECT m.person_id AS id,
           bool_or(${grantedSql(viewer)}) AS granted,
           array_remove(array_agg(DISTINCT mm.meeting_id), NULL) AS meetings,
           bool_or(${breakGlassSql(viewer)}) AS break_glass,
           bool_or(${decidingSql(viewer)}) AS deciding
    FROM core.family_membership m JOIN core.family f ON f.id = m.family_id
    LEFT JOIN LATERAL unnest(${invitingMeetingsSql(viewer, Prisma.sql`f.id`)}) AS mm(meeting_id) ON true
    WHERE m.person_id = ANY(${[...personIds]}::int[]) AND (m.end_date IS NULL OR m.end_date >= current_date)
    GROUP BY m.person_id`;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return personIds.map((id) => {
    const row = byId.get(id);
    const relation = relationOf(row);
    return relation.level === 'NONE' && row?.deciding ? { level: 'DECIDING', breakGlass: false } : relation;
  });
}

/** Prisma filter: families the viewer's unit serves (the SQL above, level SERVING), for lists. */
export function servedFamilyWhere(viewer: Grantee, now: Date = new Date()): Prisma.FamilyWhereInput {
  const served: Prisma.FamilyWhereInput[] = [
    { cases: { some: { status: 'OPEN', ownerUnitCode: viewer.unit } } },
    { referrals: { some: { ...receivedWhere(viewer), status: 'ACCEPTED' } } },
    { referrals: { some: { fromUnitCode: viewer.unit, sentWhileServing: true, status: { in: [...OPEN_REFERRAL] } } } },
    { emergencyAccesses: { some: { workerId: viewer.workerId, unitCode: viewer.unit, expiresAt: { gt: now } } } },
    invitedFamilyWhere(viewer, now),
  ];
  if (viewer.org !== null) {
    served.push({
      cases: {
        some: { assignments: { some: { organizationId: viewer.org, ...activeAssignmentWhere() } } },
      },
    });
  }
  return { OR: served };
}

/** Prisma filter: families with a pending referral to the viewer's unit, which it must decide on. */
export function decidingFamilyWhere(viewer: Grantee): Prisma.FamilyWhereInput {
  return { referrals: { some: { ...receivedWhere(viewer), status: 'PENDING' } } };
}

/** Who serves a family right now: unit codes (never 'NGO' itself) and contracted organisations. */
export interface ServingParties {
  units: string[];
  organizations: number[];
}

/**
 * Every unit and organisation the rule above counts as serving family
 * `familyId` (break-glass excluded: a worker's emergency grant is not its
 * unit's involvement), in one statement: the same SQL, asked once per unit
 * and per organisation. Notifications address these parties.
 */
export async function servingParties(familyId: number, db: Prisma.TransactionClient = prisma()): Promise<ServingParties> {
  const rows = await db.$queryRaw<{ unit: string | null; org: number | null }[]>`
    SELECT u.code AS unit, NULL::int AS org
    FROM core.network_unit u, (SELECT ${familyId}::int AS id) f
    WHERE u.code <> 'NGO' AND ${grantedSql({ unit: Prisma.sql`u.code`, org: null })}
    UNION ALL
    SELECT NULL, o.id
    FROM core.organization o, (SELECT ${familyId}::int AS id) f
    WHERE ${grantedSql({ unit: 'NGO', org: Prisma.sql`o.id` })}`;
  return {
    units: rows.flatMap((r) => (r.unit === null ? [] : [r.unit])).sort(),
    organizations: rows.flatMap((r) => (r.org === null ? [] : [Number(r.org)])).sort((a, b) => a - b),
  };
}
