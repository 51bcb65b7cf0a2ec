// The inbox (`notifications`, `markNotificationsRead`) and the change feed
// (`changesSince`) of the caller's unit, or of its organisation for an NGO
// worker. What each recipient sees and why: src/notifications/inbox.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import { GraphQLError } from 'graphql';
import type { UnitCode } from '../../domain/codes.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { decodeFeedCursor, encodeFeedCursor, feedPage, inboxPage, mineSql, type NotificationRow } from '../../notifications/inbox.ts';
import { KIND_DESCRIPTIONS, NOTIFICATION_KINDS } from '../../notifications/kinds.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { UnitCodeEnum } from './reference.ts';

export const NotificationKindEnum = builder.enumType('NotificationKind', {
  description: 'What a notification says happened.',
  values: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, { description: KIND_DESCRIPTIONS[k] }])) as Record<(typeof NOTIFICATION_KINDS)[number], { description: string }>,
});

interface RecordRef {
  type: string;
  id: number;
}

const NotificationRecordRef = builder.objectRef<RecordRef>('NotificationRecord').implement({
  description: 'The record a notification is about; read it through the API (e.g. `node(id)`), where the caller\'s scope applies.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'GraphQL type of the record, e.g. Referral, Intake, Case, Person.' }),
    id: t.id({ description: 'Global ID of the record.', resolve: (r) => encodeGlobalID(r.type, r.id) }),
  }),
});

export const NotificationRef = builder.objectRef<NotificationRow>('Notification').implement({
  description: 'Something the recipient unit or organisation must know: ids and kinds only, never personal data.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID of the notification (the same for every recipient of the event).', resolve: (n) => encodeGlobalID('Notification', String(n.id)) }),
    kind: t.field({ type: NotificationKindEnum, description: 'What happened.', resolve: (n) => n.kind }),
    occurredAt: t.field({ type: 'DateTime', description: 'When the change was made.', resolve: (n) => n.occurredAt }),
    familyId: t.id({ nullable: true, description: 'Global ID of the family concerned, if any.', resolve: (n) => (n.familyId === null ? null : encodeGlobalID('Family', n.familyId)) }),
    record: t.field({ type: NotificationRecordRef, description: 'The record concerned.', resolve: (n) => ({ type: n.recordType, id: n.recordId }) }),
    actorUnit: t.field({ type: UnitCodeEnum, description: 'The unit whose change caused it.', resolve: (n) => n.actorUnit as UnitCode }),
    readAt: t.field({ type: 'DateTime', nullable: true, description: "When the recipient (someone of the unit or organisation) marked it read; null while unread.", resolve: (n) => n.readAt }),
  }),
});

interface Page {
  rows: NotificationRow[];
  hasNextPage: boolean;
  totalCount: number;
  unreadCount: number;
}

const NotificationPageRef = builder.objectRef<Page>('NotificationPage').implement({
  description: 'A page of the inbox, newest first.',
  fields: (t) => ({
    notifications: t.field({ type: [NotificationRef], description: 'The notifications of this page.', resolve: (p) => p.rows }),
    totalCount: t.exposeInt('totalCount', { description: 'How many notifications the inbox holds (only unread ones with unreadOnly).' }),
    unreadCount: t.exposeInt('unreadCount', { description: 'How many are unread.' }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether older notifications follow.' }),
    endCursor: t.string({
      nullable: true,
      description: 'Pass as `after` for the next page.',
      resolve: (p) => (p.rows.length === 0 ? null : formatPrismaCursor({ id: Number(p.rows.at(-1)!.id) }, 'id')),
    }),
  }),
});

interface Feed {
  rows: NotificationRow[];
  hasMore: boolean;
  cursor: string;
}

const ChangeFeedRef = builder.objectRef<Feed>('ChangeFeed').implement({
  description: 'Events for the caller after a cursor, in the order their transactions ended.',
  fields: (t) => ({
    changes: t.field({ type: [NotificationRef], description: 'The events, oldest first.', resolve: (f) => f.rows }),
    cursor: t.exposeString('cursor', { description: 'Pass as `cursor` next time; the same cursor when nothing new was found.' }),
    hasMore: t.exposeBoolean('hasMore', { description: 'Whether more events follow at once.' }),
  }),
});

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

builder.queryFields((t) => ({
  notifications: t.field({
    type: NotificationPageRef,
    description: `The inbox of the caller's unit (an NGO worker: of its organisation), newest first, at most ${MAX_PAGE_SIZE} per page; a district-bound worker sees those about families of its districts.`,
    args: {
      unreadOnly: t.arg.boolean({ defaultValue: false, description: 'Only notifications not marked read.' }),
      first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE, description: `Page size (at most ${MAX_PAGE_SIZE}).` }),
      after: t.arg.string({ description: 'endCursor of the page before.' }),
    },
    resolve: async (_root, args, ctx) => {
      const before = args.after == null ? null : Number(parsePrismaCursor(args.after));
      return inboxPage(ctx.viewer, { unreadOnly: args.unreadOnly ?? false, first: args.first ?? DEFAULT_PAGE_SIZE, before });
    },
  }),
  changesSince: t.field({
    type: ChangeFeedRef,
    description: `The change feed: the caller's events after \`cursor\` (from the first without one), in transaction order, at most ${MAX_PAGE_SIZE} at a time. An event whose transaction is still running is held back, so no cursor ever passes over an event committed late.`,
    args: {
      cursor: t.arg.string({ description: 'The cursor of the last answer; none to start from the beginning.' }),
      // Named `first` so the cost limit counts the page like any list's.
      first: t.arg.int({ defaultValue: MAX_PAGE_SIZE, description: `At most this many events (1–${MAX_PAGE_SIZE}).` }),
    },
    resolve: async (_root, args, ctx) => {
      const limit = args.first ?? MAX_PAGE_SIZE;
      if (limit < 1 || limit > MAX_PAGE_SIZE) throw badInput(`first: must be between 1 and ${MAX_PAGE_SIZE} (asked for ${limit})`);
      const from = args.cursor == null ? { xact: 0n, id: 0n } : decodeFeedCursor(args.cursor);
      if (from === null) throw badInput('cursor: is not a cursor of the change feed');
      const page = await feedPage(ctx.viewer, from, limit);
      return { rows: page.rows, hasMore: page.hasMore, cursor: encodeFeedCursor(page.next) };
    },
  }),
}));

interface ReadResult {
  marked: number;
  unreadCount: number;
}

const NotificationsReadRef = builder.objectRef<ReadResult>('NotificationsRead').implement({
  description: 'What marking notifications read changed.',
  fields: (t) => ({
    marked: t.exposeInt('marked', { description: 'How many were unread and are read now.' }),
    unreadCount: t.exposeInt('unreadCount', { description: 'How many remain unread.' }),
  }),
});

const MarkReadPayload = payloadType<ReadResult>('MarkNotificationsReadPayload', 'result', NotificationsReadRef, 'Result of marking notifications read.');

const MAX_IDS = 100;

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: MarkReadPayload,
    description: `Marks notifications of the caller's unit (organisation) read, for everyone of it: the ones named (at most ${MAX_IDS}), or every one up to and including \`upTo\`.`,
    args: {
      ids: t.arg.idList({ description: 'Global IDs of notifications.' }),
      upTo: t.arg.id({ description: 'Global ID of a notification: it and every older one are marked.' }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<ReadResult>> => {
      const viewer = ctx.viewer;
      const ids = (args.ids ?? []).map((id) => rowIdOf(String(id), 'Notification'));
      const upTo = args.upTo == null ? null : rowIdOf(String(args.upTo), 'Notification');
      if ((args.ids == null) === (args.upTo == null)) return invalidInput([{ field: 'ids', reason: 'give either ids or upTo' }]);
      if (args.ids != null && (ids.length === 0 || ids.length > MAX_IDS)) return invalidInput([{ field: 'ids', reason: `give 1–${MAX_IDS} ids` }]);
      if (ids.some((id) => id === null)) return invalidInput([{ field: 'ids', reason: 'is not a list of Notification IDs' }]);
      if (args.upTo != null && upTo === null) return invalidInput([{ field: 'upTo', reason: 'is not a Notification ID' }]);
      return inTransaction(ctx, info, async (tx) => {
        const wanted = upTo === null ? Prisma.sql`e.id = ANY(${ids as number[]}::bigint[])` : Prisma.sql`e.id <= ${upTo}`;
        const mine = await tx.$queryRaw<{ id: bigint }[]>`
          SELECT e.id FROM core.notification_recipient r JOIN core.notification_event e ON e.id = r.event_id
          WHERE ${mineSql(viewer)} AND ${wanted}`;
        // Another recipient's notification answers as one that does not exist.
        const found = new Set(mine.map((m) => Number(m.id)));
        const missing = upTo === null ? (ids as number[]).filter((id) => !found.has(id)) : found.has(upTo) ? [] : [upTo];
        if (missing.length > 0) return failure<ReadResult>('NOT_FOUND', `${upTo === null ? 'ids' : 'upTo'}: no such notification`, [{ field: upTo === null ? 'ids' : 'upTo', reason: 'no such notification' }]);
        const marked = await tx.$executeRaw`
          UPDATE core.notification_recipient r SET read_at = now(), read_by = ${viewer.workerId}
          FROM core.notification_event e
          WHERE e.id = r.event_id AND r.read_at IS NULL AND ${mineSql(viewer)} AND ${wanted}`;
        const [left] = await tx.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM core.notification_recipient r JOIN core.notification_event e ON e.id = r.event_id
          WHERE ${mineSql(viewer)} AND r.read_at IS NULL`;
        return success({ marked, unreadCount: Number(left?.n ?? 0) }, { persons: [], records: (upTo === null ? (ids as number[]) : [upTo]).map((id) => ({ type: 'Notification', id })) });
      });
    },
  }),
);
