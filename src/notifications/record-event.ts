// The API other mutations call: record an event in the caller's transaction,
// so the event commits with the change that caused it or not at all. One
// statement writes the event, its recipients, a delivery row per matching
// webhook and the job that delivers it (graphile_worker.add_job, also in the
// transaction: a rolled-back change leaves no event and no delivery).
import type { TransactionClient } from '../graph/mutation-result.ts';
import { servingParties } from '../graph/need-to-know.ts';
import type { NotificationKind } from './kinds.ts';
import { DELIVER_TASK, deliverySettings } from './settings.ts';

export interface Recipients {
  /** Unit codes; never 'NGO' (a contracted organisation is addressed by its id). */
  units?: readonly string[];
  organizations?: readonly number[];
}

export interface EventInput {
  kind: NotificationKind;
  familyId: number | null;
  /** The record the event is about (e.g. { type: 'Referral', id }): the receiver fetches it by its global ID. */
  record: { type: string; id: number };
  recipients: Recipients;
  actor: { unit: string; workerId: string };
  /** For scheduled events: the occasion, recorded once (a second event with the same key is not recorded). */
  dedupeKey?: string;
}

/**
 * Records the event; returns its id, or null when it has no recipient or its
 * occasion was already recorded. An NGO unit code in `units` is a mistake of
 * the caller (it would reach every organisation) and throws.
 */
export async function recordEvent(tx: TransactionClient, event: EventInput): Promise<bigint | null> {
  const units = [...new Set(event.recipients.units ?? [])];
  const organizations = [...new Set(event.recipients.organizations ?? [])];
  if (units.includes('NGO')) throw new Error("recordEvent: address an organisation by its id, never the unit 'NGO'");
  if (units.length === 0 && organizations.length === 0) return null;
  const maxAttempts = deliverySettings().graphileMaxAttempts;
  const rows = await tx.$queryRaw<{ id: bigint | null }[]>`
    WITH e AS (
      INSERT INTO core.notification_event (kind, family_id, record_type, record_id, actor_unit, actor_worker, dedupe_key)
      VALUES (${event.kind}::core."NotificationKind", ${event.familyId}, ${event.record.type}, ${event.record.id},
              ${event.actor.unit}, ${event.actor.workerId}, ${event.dedupeKey ?? null})
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id),
    r AS (
      INSERT INTO core.notification_recipient (event_id, unit_code, organization_id)
      SELECT e.id, u, NULL FROM e, unnest(${units}::text[]) u
      UNION ALL
      SELECT e.id, NULL, o FROM e, unnest(${organizations}::int[]) o
      RETURNING 1),
    d AS (
      INSERT INTO core.webhook_delivery (event_id, webhook_id)
      SELECT e.id, w.id FROM e, core.webhook w
      WHERE w.removed_at IS NULL AND (w.unit_code = ANY(${units}::text[]) OR w.organization_id = ANY(${organizations}::int[]))
      RETURNING id)
    SELECT (SELECT id FROM e) AS id,
           (SELECT count(*) FROM r) AS recipients,
           (SELECT count(graphile_worker.add_job(${DELIVER_TASK}, json_build_object('deliveryId', d.id), max_attempts := ${maxAttempts}::int)) FROM d) AS jobs`;
  return rows[0]?.id ?? null;
}

/**
 * The units and organisations serving a family right now, by need-to-know's
 * rule (src/graph/need-to-know.ts), without the acting unit (and, for an
 * NGO actor, its organisation): the parties to tell about a change.
 */
export async function recipientsServing(
  tx: TransactionClient,
  familyId: number,
  exceptUnit: string,
  exceptOrg: number | null = null,
): Promise<{ units: string[]; organizations: number[] }> {
  const parties = await servingParties(familyId, tx);
  return {
    units: parties.units.filter((u) => u !== exceptUnit),
    organizations: parties.organizations.filter((o) => o !== exceptOrg),
  };
}

/** Recipients merged, without duplicates. */
export function mergeRecipients(...lists: Recipients[]): Required<Recipients> {
  return {
    units: [...new Set(lists.flatMap((l) => l.units ?? []))],
    organizations: [...new Set(lists.flatMap((l) => l.organizations ?? []))],
  };
}
