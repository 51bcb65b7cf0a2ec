// Worklist: referrals waiting for the caller's unit (an NGO: its
// organisation) to accept or decline, newest first, each marked unread until
// someone of the unit has read it. The mark is the unit's notification of the
// referral (REFERRAL_RECEIVED): reading it in the inbox or here is the same
// act, recorded once, for the unit as a whole. Referrals sent before the hub
// kept notifications have none and read as not new.
import DataLoader from 'dataloader';
import { prisma } from '../../../db/prisma.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { builder, DEFAULT_PAGE_SIZE, describedTotalCount, MAX_PAGE_SIZE } from '../../builder.ts';
import type { HubContext, Viewer } from '../../context.ts';
import { rowIdOf } from '../../ids.ts';
import { inTransaction, invalidInput, payloadType, success, type Outcome } from '../../mutation-result.ts';
import { familyScope } from '../../row-scope.ts';

/** SQL: the notification recipient row of the viewer (its unit, or its organisation for an NGO). */
function addresseeSql(viewer: Pick<Viewer, 'unit' | 'org'>): Prisma.Sql {
  return viewer.unit === 'NGO' ? Prisma.sql`r.organization_id = ${viewer.org ?? -1}` : Prisma.sql`r.unit_code = ${viewer.unit}`;
}

function awaitingWhere(viewer: Viewer): Prisma.ReferralWhereInput {
  return { status: 'PENDING', toUnitCode: viewer.unit, toOrganizationId: viewer.unit === 'NGO' ? (viewer.org ?? -1) : null, family: familyScope(viewer) };
}

/** Which of the referrals the viewer's unit has not read yet: one statement per request for every referral asked. */
const unreadLoaders = new WeakMap<HubContext, DataLoader<number, boolean>>();
function unreadLoader(ctx: HubContext): DataLoader<number, boolean> {
  let loader = unreadLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<number, boolean>(async (ids) => {
      const rows = await prisma().$queryRaw<{ record_id: number }[]>`
        SELECT e.record_id FROM core.notification_event e JOIN core.notification_recipient r ON r.event_id = e.id
         WHERE e.kind = 'REFERRAL_RECEIVED' AND e.record_type = 'Referral' AND e.record_id = ANY(${[...ids]}::int[])
           AND ${addresseeSql(ctx.viewer)} AND r.read_at IS NULL`;
      const unread = new Set(rows.map((r) => Number(r.record_id)));
      return ids.map((id) => unread.has(id));
    });
    unreadLoaders.set(ctx, loader);
  }
  return loader;
}

builder.prismaObjectFields('Referral', (t) => ({
  unread: t.boolean({
    description: "For a referral to the caller's unit (organisation): true until someone of it has read it (here or as its notification); false for referrals sent before notifications were kept.",
    select: { id: true, toUnitCode: true },
    resolve: async (r, _args, ctx) => r.toUnitCode === ctx.viewer.unit && (await unreadLoader(ctx).load(r.id)),
  }),
}));

builder.queryField('referralsAwaitingMe', (t) =>
  t.prismaConnection(
    {
      type: 'Referral',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: "Referrals waiting for the caller's unit (an NGO: its organisation) to accept or decline, newest first, each with `unread`.",
      totalCount: (_parent, _args, ctx) => prisma().referral.count({ where: awaitingWhere(ctx.viewer) }),
      resolve: (query, _root, _args, ctx) => prisma().referral.findMany({ ...query, where: awaitingWhere(ctx.viewer), orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }] }),
    },
    { description: 'A page of referrals waiting.', fields: describedTotalCount('referrals waiting') },
    { description: 'A referral waiting.' },
  ),
);

interface Marked {
  marked: number;
}

const MarkedRef = builder.objectRef<Marked>('ReferralsMarkedRead').implement({
  description: 'How many referrals were marked read.',
  fields: (t) => ({ marked: t.exposeInt('marked', { description: 'Referrals newly marked read (already read ones are not counted).' }) }),
});

builder.mutationField('markReferralsRead', (t) =>
  t.field({
    type: payloadType<Marked>('MarkReferralsReadPayload', 'result', MarkedRef, 'Result of marking referrals read.'),
    description: "Marks referrals addressed to the caller's unit (organisation) as read, for the whole unit; any other referral answers NOT_FOUND.",
    args: { ids: t.arg.idList({ required: true, description: 'Global IDs of referrals (1–100).' }) },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Marked>> => {
      const viewer = ctx.viewer;
      const ids = args.ids.map((id) => rowIdOf(String(id), 'Referral'));
      const bad = ids.findIndex((id) => id === null);
      if (args.ids.length === 0 || args.ids.length > 100) return invalidInput([{ field: 'ids', reason: 'name 1 to 100 referrals' }]);
      if (bad >= 0) return invalidInput([{ field: `ids[${bad}]`, reason: 'is not a Referral ID' }]);
      const rowIds = [...new Set(ids as number[])];
      return inTransaction(ctx, info, async (tx) => {
        const mine = await tx.referral.findMany({
          where: { id: { in: rowIds }, toUnitCode: viewer.unit, toOrganizationId: viewer.unit === 'NGO' ? (viewer.org ?? -1) : null, family: familyScope(viewer) },
          select: { id: true, personId: true },
        });
        const missing = rowIds.find((id) => !mine.some((r) => r.id === id));
        if (missing !== undefined) {
          const index = ids.indexOf(missing);
          return { ok: false, code: 'NOT_FOUND', message: `ids[${index}]: no such referral`, inputErrors: [{ field: `ids[${index}]`, reason: 'no such referral' }] };
        }
        const marked = await tx.$executeRaw`
          UPDATE core.notification_recipient r SET read_at = now(), read_by = ${viewer.workerId}
            FROM core.notification_event e
           WHERE r.event_id = e.id AND e.kind = 'REFERRAL_RECEIVED' AND e.record_type = 'Referral' AND e.record_id = ANY(${rowIds}::int[])
             AND ${addresseeSql(viewer)} AND r.read_at IS NULL`;
        return success({ marked }, { persons: [...new Set(mine.map((r) => r.personId))], records: rowIds.map((id) => ({ type: 'Referral', id })) });
      });
    },
  }),
);
