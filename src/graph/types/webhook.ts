// Webhooks: a unit's supervisor (an NGO supervisor: for the organisation)
// registers an endpoint that receives every event addressed to the unit or
// organisation, signed with a secret shown once. Deliveries and dead letters
// are listed to the subscriber. Delivery itself: src/notifications/deliver.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import type { UnitCode } from '../../domain/codes.ts';
import { prisma } from '../../db/prisma.ts';
import { Prisma, type Webhook, type WebhookDelivery } from '../../generated/prisma/client.ts';
import { encryptSecret, newWebhookSecret } from '../../notifications/webhook-secret.ts';
import { webhookUrlProblem } from '../../notifications/webhook-url.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import type { Viewer } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { UnitCodeEnum } from './reference.ts';

/** The subscriber the caller acts for: its organisation (NGO) or its unit. */
function subscriberOf(viewer: Pick<Viewer, 'unit' | 'org'>): Prisma.WebhookWhereInput {
  return viewer.unit === 'NGO' ? { organizationId: viewer.org ?? -1 } : { unitCode: viewer.unit };
}

/** At most this many active webhooks per subscriber: each event is sent to every one. */
const MAX_WEBHOOKS = 5;

export const WebhookRef = builder.objectRef<Webhook>('Webhook').implement({
  description: "An endpoint receiving the subscriber's events (POST, JSON, signed).",
  fields: (t) => ({
    id: t.id({ description: 'Global ID of the webhook.', resolve: (w) => encodeGlobalID('Webhook', w.id) }),
    url: t.exposeString('url', { description: 'The HTTPS endpoint.' }),
    unit: t.field({ type: UnitCodeEnum, nullable: true, description: 'The subscribing unit; null for an organisation.', resolve: (w) => w.unitCode as UnitCode | null }),
    organizationId: t.id({ nullable: true, description: 'Global ID of the subscribing organisation; null for a unit.', resolve: (w) => (w.organizationId === null ? null : encodeGlobalID('Organization', w.organizationId)) }),
    createdBy: t.exposeID('createdBy', { description: 'Supervisor who registered it.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was registered.', resolve: (w) => w.createdAt }),
    removedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was removed; null while active.', resolve: (w) => w.removedAt }),
  }),
});

interface Registration {
  webhook: Webhook;
  secret: string;
}

const WebhookRegistrationRef = builder.objectRef<Registration>('WebhookRegistration').implement({
  description: 'A new webhook and its signing secret, shown this once only.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The webhook.', resolve: (r) => r.webhook }),
    secret: t.exposeString('secret', { description: 'HMAC-SHA256 key of the signatures; the hub never shows it again.' }),
  }),
});

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where one delivery stands.',
  values: {
    PENDING: { description: 'Not delivered yet; attempts go on with backoff.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    DEAD: { description: 'Every attempt failed (or the webhook was removed): a dead letter.' },
  },
});

type DeliveryRow = WebhookDelivery & { kind: string };

const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One event sent (or being sent) to one webhook.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID of the delivery.', resolve: (d) => encodeGlobalID('WebhookDelivery', String(d.id)) }),
    webhookId: t.id({ description: 'Global ID of the webhook.', resolve: (d) => encodeGlobalID('Webhook', d.webhookId) }),
    notificationId: t.id({ description: 'Global ID of the notification sent.', resolve: (d) => encodeGlobalID('Notification', String(d.eventId)) }),
    status: t.field({ type: DeliveryStatusEnum, description: 'Where it stands.', resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made.' }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: 'HTTP status of the last answer; null when none came.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When the event was recorded for this webhook.', resolve: (d) => d.createdAt }),
    lastAttemptAt: t.field({ type: 'DateTime', nullable: true, description: 'When the last attempt was made.', resolve: (d) => d.lastAttemptAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was delivered.', resolve: (d) => d.deliveredAt }),
    deadAt: t.field({ type: 'DateTime', nullable: true, description: 'When it became a dead letter.', resolve: (d) => d.deadAt }),
  }),
});

interface DeliveryPage {
  rows: DeliveryRow[];
  hasNextPage: boolean;
  totalCount: number;
}

const WebhookDeliveryPageRef = builder.objectRef<DeliveryPage>('WebhookDeliveryPage').implement({
  description: 'A page of deliveries, newest first.',
  fields: (t) => ({
    deliveries: t.field({ type: [WebhookDeliveryRef], description: 'The deliveries of this page.', resolve: (p) => p.rows }),
    totalCount: t.exposeInt('totalCount', { description: 'How many match.' }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether older ones follow.' }),
    endCursor: t.string({ nullable: true, description: 'Pass as `after` for the next page.', resolve: (p) => (p.rows.length === 0 ? null : formatPrismaCursor({ id: Number(p.rows.at(-1)!.id) }, 'id')) }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    description: "The active webhooks of the caller's unit (an NGO supervisor: of its organisation). Supervisors only.",
    resolve: (_root, _args, ctx) => prisma().webhook.findMany({ where: { ...subscriberOf(ctx.viewer), removedAt: null }, orderBy: { id: 'asc' } }),
  }),
  webhookDeliveries: t.field({
    type: WebhookDeliveryPageRef,
    description: "Deliveries to the caller's webhooks (removed ones included), newest first; `status: DEAD` lists the dead letters. Supervisors only.",
    args: {
      status: t.arg({ type: DeliveryStatusEnum, description: 'Only deliveries in this state.' }),
      first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE, description: `Page size (at most ${MAX_PAGE_SIZE}).` }),
      after: t.arg.string({ description: 'endCursor of the page before.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const where: Prisma.WebhookDeliveryWhereInput = {
        webhookId: { in: (await prisma().webhook.findMany({ where: subscriberOf(ctx.viewer), select: { id: true } })).map((w) => w.id) },
        ...(args.status ? { status: args.status } : {}),
      };
      const page = args.after == null ? where : { ...where, id: { lt: BigInt(Number(parsePrismaCursor(args.after))) } };
      const [rows, totalCount] = await Promise.all([
        prisma().webhookDelivery.findMany({ where: page, orderBy: { id: 'desc' }, take: first + 1 }),
        prisma().webhookDelivery.count({ where }),
      ]);
      return { rows: rows.slice(0, first) as DeliveryRow[], hasNextPage: rows.length > first, totalCount };
    },
  }),
}));

const RegisterWebhookPayload = payloadType<Registration>('RegisterWebhookPayload', 'registration', WebhookRegistrationRef, 'Result of registering a webhook.');
const WebhookPayload = payloadType<Webhook>('WebhookPayload', 'webhook', WebhookRef, 'Result of changing a webhook.');

builder.mutationFields((t) => ({
  registerWebhook: t.field({
    type: RegisterWebhookPayload,
    description: `Registers an HTTPS endpoint for every event addressed to the caller's unit (an NGO supervisor: its organisation); returns the signing secret once. Supervisors only; at most ${MAX_WEBHOOKS} active per subscriber.`,
    args: { url: t.arg.string({ required: true, description: 'https://… (plain http only to localhost in development and test).' }) },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Registration>> => {
      const viewer = ctx.viewer;
      const problem = webhookUrlProblem(args.url.trim());
      if (problem) return invalidInput([{ field: 'url', reason: problem }]);
      if (viewer.unit === 'NGO' && viewer.org === null) return failure('FORBIDDEN', 'an NGO worker needs an organisation');
      return inTransaction(ctx, info, async (tx) => {
        const active = await tx.webhook.count({ where: { ...subscriberOf(viewer), removedAt: null } });
        if (active >= MAX_WEBHOOKS) return invalidInput<Registration>([{ field: 'url', reason: `at most ${MAX_WEBHOOKS} active webhooks; remove one first` }]);
        const secret = newWebhookSecret();
        const webhook = await tx.webhook.create({
          data: {
            unitCode: viewer.unit === 'NGO' ? null : viewer.unit,
            organizationId: viewer.unit === 'NGO' ? viewer.org : null,
            url: args.url.trim(),
            secretEncrypted: encryptSecret(secret),
            createdBy: viewer.workerId,
          },
        });
        return success({ webhook, secret }, { persons: [], records: [{ type: 'Webhook', id: webhook.id }] });
      });
    },
  }),
  removeWebhook: t.field({
    type: WebhookPayload,
    description: "Removes one of the caller's unit's (organisation's) webhooks; deliveries not made yet become dead letters. Supervisors only.",
    args: { id: t.arg.id({ required: true, description: 'Global ID of the webhook.' }) },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Webhook>> => {
      const viewer = ctx.viewer;
      const id = rowIdOf(String(args.id), 'Webhook');
      if (id === null) return invalidInput([{ field: 'id', reason: 'is not a Webhook ID' }]);
      return inTransaction(ctx, info, async (tx) => {
        const removed = await tx.webhook.updateManyAndReturn({
          where: { id, ...subscriberOf(viewer), removedAt: null },
          data: { removedAt: new Date(), removedBy: viewer.workerId },
        });
        if (removed.length !== 1) return failure<Webhook>('NOT_FOUND', 'id: no such webhook', [{ field: 'id', reason: 'no such webhook' }]);
        return success(removed[0]!, { persons: [], records: [{ type: 'Webhook', id }] });
      });
    },
  }),
}));
