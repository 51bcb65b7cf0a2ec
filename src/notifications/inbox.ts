// Reading a recipient's notifications: the inbox (newest first, with read
// marks) and the change feed (in transaction order, resumable by cursor).
//
// Who sees an event: exactly the unit, or the organisation, the event names
// as a recipient (an NGO worker: its organisation's; never another unit's
// or organisation's), and a district-bound worker only events about families
// of its districts (or about no family). The recipient's reach is not
// re-checked on read: the event was addressed on the grant the recipient held
// when it happened, it carries ids and kinds only, and every record it names
// is read through the API, where scope and need-to-know are checked then. So
// a unit whose case has closed still finds the notice it was sent, and learns
// nothing more from it.
//
// Read marks are per recipient (unit or organisation), not per worker: a
// notice is work for the unit, and one colleague taking it up is what the
// others need to see.
import { prisma } from '../db/prisma.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { Viewer } from '../graph/context.ts';
import type { NotificationKind } from './kinds.ts';

export interface NotificationRow {
  id: bigint;
  kind: NotificationKind;
  familyId: number | null;
  recordType: string;
  recordId: number;
  actorUnit: string;
  occurredAt: Date;
  readAt: Date | null;
  xactId: bigint;
}

type Reader = Pick<Viewer, 'unit' | 'org' | 'districts'>;

/** SQL: recipient row `r` of event `e` is the reader's. */
export function mineSql(viewer: Reader): Prisma.Sql {
  const addressee = viewer.unit === 'NGO' ? Prisma.sql`r.organization_id = ${viewer.org ?? -1}` : Prisma.sql`r.unit_code = ${viewer.unit}`;
  if (viewer.districts.length === 0) return addressee;
  return Prisma.sql`${addressee} AND (e.family_id IS NULL OR EXISTS (
    SELECT 1 FROM core.family f WHERE f.id = e.family_id AND f.district_code = ANY(${[...viewer.districts]}::text[])))`;
}

const COLUMNS = Prisma.sql`e.id, e.kind::text AS kind, e.family_id AS "familyId", e.record_type AS "recordType", e.record_id AS "recordId",
  e.actor_unit AS "actorUnit", e.occurred_at AS "occurredAt", r.read_at AS "readAt", e.xact_id AS "xactId"`;

/** One page of the inbox, newest first, and the totals. Three statements whatever the page size. */
export async function inboxPage(viewer: Reader, options: { unreadOnly: boolean; first: number; before: number | null }) {
  const unread = options.unreadOnly ? Prisma.sql`AND r.read_at IS NULL` : Prisma.empty;
  const page = options.before === null ? Prisma.empty : Prisma.sql`AND e.id < ${options.before}`;
  const rows = await prisma().$queryRaw<NotificationRow[]>`
    SELECT ${COLUMNS} FROM core.notification_recipient r JOIN core.notification_event e ON e.id = r.event_id
    WHERE ${mineSql(viewer)} ${unread} ${page}
    ORDER BY e.id DESC LIMIT ${options.first + 1}`;
  const [counts] = await prisma().$queryRaw<{ total: bigint; unread: bigint }[]>`
    SELECT count(*) FILTER (WHERE TRUE ${options.unreadOnly ? Prisma.sql`AND r.read_at IS NULL` : Prisma.empty}) AS total,
           count(*) FILTER (WHERE r.read_at IS NULL) AS unread
    FROM core.notification_recipient r JOIN core.notification_event e ON e.id = r.event_id
    WHERE ${mineSql(viewer)}`;
  return { rows: rows.slice(0, options.first), hasNextPage: rows.length > options.first, totalCount: Number(counts?.total ?? 0), unreadCount: Number(counts?.unread ?? 0) };
}

/** Where the feed stands: after the event of transaction `xact` with id `id`. */
export interface FeedPosition {
  xact: bigint;
  id: bigint;
}

const FEED_CURSOR = /^feed:(0|[1-9]\d{0,18}):(0|[1-9]\d{0,18})$/;

export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`feed:${position.xact}:${position.id}`).toString('base64url');
}

/** The position a cursor names, or null when it is not a cursor of the feed. */
export function decodeFeedCursor(cursor: string): FeedPosition | null {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(cursor)) return null;
  const match = FEED_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { xact: BigInt(match[1]!), id: BigInt(match[2]!) } : null;
}

/**
 * The reader's events after `from`, in the order of their transactions. Only
 * transactions older than every transaction of this database still running
 * are shown (horizonSql): an event written by a transaction that commits later
 * than a younger one is therefore never skipped by a cursor already past the
 * younger one's events; it waits until the older transaction ends. One
 * statement.
 */
/**
 * SQL: the oldest transaction that may still write events here: the oldest
 * one running at this statement's snapshot, leaving out only those known to
 * belong to another database of the server (transaction ids are server-wide:
 * a long transaction in another database — a test file, a sync of another
 * hub — must not hold this feed back). A transaction that cannot be placed
 * (it ended meanwhile) counts as ours: the feed waits rather than skip.
 */
const horizonSql = Prisma.sql`(
  SELECT coalesce(min(x::text::bigint), pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                      WHERE a.datname IS DISTINCT FROM current_database() AND a.backend_xid IS NOT NULL
                        AND a.backend_xid::text::bigint = x::text::bigint % 4294967296))`;

export async function feedPage(viewer: Reader, from: FeedPosition, first: number) {
  const rows = await prisma().$queryRaw<NotificationRow[]>`
    SELECT ${COLUMNS} FROM core.notification_recipient r JOIN core.notification_event e ON e.id = r.event_id
    WHERE ${mineSql(viewer)}
      AND (e.xact_id, e.id) > (${from.xact}::bigint, ${from.id}::bigint)
      AND e.xact_id < ${horizonSql}
    ORDER BY e.xact_id, e.id LIMIT ${first + 1}`;
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return { rows: page, hasMore: rows.length > first, next: last ? { xact: BigInt(last.xactId), id: BigInt(last.id) } : from };
}
