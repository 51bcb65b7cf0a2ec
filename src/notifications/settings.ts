// Settings of notification delivery, read from the environment when used (a
// test sets them before starting its worker).

/** graphile-worker task names. */
export const DELIVER_TASK = 'deliver-webhook';
export const RELEASE_TASK = 'release-coming';
export const ACTION_ITEMS_DUE_TASK = 'action-items-due';
export const COMPACT_COUNT_CHANGES_TASK = 'compact-count-changes';

export interface DeliverySettings {
  /** Delivery attempts before the delivery becomes a dead letter. */
  maxAttempts: number;
  /** Wait before the first retry; doubled for each further one, at most `backoffMaxMs`. */
  backoffMs: number;
  backoffMaxMs: number;
  /** One POST may take this long (connect, send, answer) before it counts as failed. */
  timeoutMs: number;
  /**
   * graphile-worker's own attempts of one delivery job. The task never throws
   * for a failed POST (it schedules the next attempt itself, with the backoff
   * above); these only cover a crash or a database error inside the task.
   */
  graphileMaxAttempts: number;
  /** Jobs one runner works on at once. */
  concurrency: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  return value;
}

export function deliverySettings(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  return {
    maxAttempts: whole(env, 'HUB_WEBHOOK_MAX_ATTEMPTS', 8, 1),
    backoffMs: whole(env, 'HUB_WEBHOOK_BACKOFF_MS', 10_000, 1),
    backoffMaxMs: whole(env, 'HUB_WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1),
    timeoutMs: whole(env, 'HUB_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    graphileMaxAttempts: 5,
    concurrency: whole(env, 'HUB_WORKER_CONCURRENCY', 10, 1),
  };
}

/** The job runner starts with the hub unless HUB_JOB_WORKER=0 (e.g. on replicas that only answer requests). */
export function jobWorkerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.HUB_JOB_WORKER;
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(`HUB_JOB_WORKER must be 0 or 1 (got "${raw}")`);
}

/** Wait before attempt `attempt + 1`, after `attempt` failed attempts. */
export function backoffAfter(attempt: number, settings: DeliverySettings): number {
  return Math.min(settings.backoffMaxMs, settings.backoffMs * 2 ** Math.max(0, attempt - 1));
}
