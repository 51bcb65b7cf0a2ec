// The delivery task: POST one event to one webhook, signed, within a time
// limit. A failed POST is not thrown to graphile-worker: the task records the
// attempt and schedules the next one itself (graphile-worker's own backoff,
// exp(attempts) seconds, is fixed in 0.17; ours is a setting), and after the
// last attempt marks the delivery DEAD: the dead letter its subscriber lists.
// The database is not held while the POST runs.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { JobHelpers } from 'graphile-worker';
import { decryptSecret, signDelivery } from './webhook-secret.ts';
import { backoffAfter, DELIVER_TASK, deliverySettings, type DeliverySettings } from './settings.ts';

interface DeliveryRow {
  status: string;
  attempts: number;
  event_id: string;
  kind: string;
  occurred_at: Date;
  record_type: string;
  record_id: number;
  family_id: number | null;
  webhook_id: number;
  url: string;
  secret_encrypted: string;
  removed: boolean;
}

/** The JSON body: ids and kinds only, never personal data. */
export function deliveryBody(row: Pick<DeliveryRow, 'event_id' | 'kind' | 'occurred_at' | 'record_type' | 'record_id' | 'family_id'>): string {
  return JSON.stringify({
    id: encodeGlobalID('Notification', row.event_id),
    kind: row.kind,
    occurredAt: row.occurred_at.toISOString(),
    record: { type: row.record_type, id: encodeGlobalID(row.record_type, row.record_id) },
    familyId: row.family_id === null ? null : encodeGlobalID('Family', row.family_id),
  });
}

/** The same for every attempt of one event to one subscription: the receiver drops repeats by it. */
export function idempotencyKey(eventId: string | bigint, webhookId: number): string {
  return `notification-${eventId}-webhook-${webhookId}`;
}

type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `answered HTTP ${response.status}` };
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, status: null, error: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'could not connect' };
  }
}

export async function deliverWebhook(payload: unknown, helpers: Pick<JobHelpers, 'query'>, settings: DeliverySettings = deliverySettings()): Promise<void> {
  const deliveryId = Number((payload as { deliveryId?: unknown })?.deliveryId);
  if (!Number.isSafeInteger(deliveryId)) return;
  const { rows } = await helpers.query<DeliveryRow>(
    `SELECT d.status, d.attempts, e.id::text AS event_id, e.kind, e.occurred_at, e.record_type, e.record_id, e.family_id,
            w.id AS webhook_id, w.url, w.secret_encrypted, w.removed_at IS NOT NULL AS removed
     FROM core.webhook_delivery d JOIN core.notification_event e ON e.id = d.event_id JOIN core.webhook w ON w.id = d.webhook_id
     WHERE d.id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  if (!row || row.status !== 'PENDING') return;
  if (row.removed) {
    await helpers.query(`UPDATE core.webhook_delivery SET status = 'DEAD', dead_at = now(), last_error = 'the webhook was removed' WHERE id = $1 AND status = 'PENDING'`, [deliveryId]);
    return;
  }
  const body = deliveryBody(row);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const attempt = row.attempts + 1;
  const result = await post(row.url, body, {
    'content-type': 'application/json',
    'user-agent': 'safety-net-hub-webhooks/1',
    'idempotency-key': idempotencyKey(row.event_id, row.webhook_id),
    'x-hub-timestamp': timestamp,
    'x-hub-signature': signDelivery(decryptSecret(row.secret_encrypted), timestamp, body),
    'x-hub-attempt': String(attempt),
  }, settings.timeoutMs);
  if (result.ok) {
    await helpers.query(
      `UPDATE core.webhook_delivery SET status = 'DELIVERED', attempts = $2, last_status = $3, last_attempt_at = now(), delivered_at = now(), last_error = NULL
       WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, attempt, result.status],
    );
    return;
  }
  if (attempt >= settings.maxAttempts) {
    await helpers.query(
      `UPDATE core.webhook_delivery SET status = 'DEAD', attempts = $2, last_status = $3, last_error = $4, last_attempt_at = now(), dead_at = now()
       WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, attempt, result.status, result.error],
    );
    return;
  }
  // The attempt and the next job in one statement: both happen or neither.
  await helpers.query(
    `WITH d AS (UPDATE core.webhook_delivery SET attempts = $2, last_status = $3, last_error = $4, last_attempt_at = now()
                WHERE id = $1 AND status = 'PENDING' AND attempts = $5 RETURNING id)
     SELECT graphile_worker.add_job($6, json_build_object('deliveryId', d.id), run_at := now() + $7 * interval '1 millisecond', max_attempts := $8) FROM d`,
    [deliveryId, attempt, result.status, result.error, row.attempts, DELIVER_TASK, backoffAfter(attempt, settings), settings.graphileMaxAttempts],
  );
}
