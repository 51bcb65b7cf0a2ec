// Idempotency keys for mutations at the gateway. A client that may retry a
// mutation (a timeout, a dropped connection) sends `Idempotency-Key: <key>`;
// the first request with the key runs, a retry by the same token subject gets
// the first answer again without running the mutation a second time.
//
// The key is claimed in PostgreSQL (gateway.idempotency_key) before the
// mutation runs and finished with the answer after, so a crash in between
// leaves a claimed, unfinished row: a retry then learns that the outcome is
// unknown (409) and is never run again silently. Answers hold person data:
// they stay in the database for 24 hours, are deleted after, and are never
// logged. Queries ignore the header.
//
// This file is the gateway-neutral part, on one table for both gateways: the
// built-in gateway's middleware (idempotency.ts) and Hive Gateway's plugin
// (gateway/hive/idempotency.ts). No Express or Apollo here.
import { createHash } from 'node:crypto';
import { Kind, parse } from 'graphql';
import type pg from 'pg';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { causeOf, redact } from './format-error.ts';
import { LIMITS } from './limits.ts';
import { subjectKey } from './request-quota.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer given again to a retry. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
/** How long an answer is replayed; after that the key may be used again. */
const KEEP_HOURS = 24;
/**
 * A claim this old without an answer belongs to a request that died (or whose
 * answer could not be stored): far beyond the request deadline and the
 * statement timeouts, so a live request is never declared lost.
 */
const UNKNOWN_AFTER_MINUTES = 10;
/** Expired rows are deleted by the next claim after this pause, by whichever replica comes first. */
const SWEEP_EVERY_MS = 5 * 60_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The operation Apollo will run, when it can tell: a malformed or ambiguous document runs nothing. */
function selectsMutation(request: unknown): boolean {
  if (!isRecord(request) || typeof request.query !== 'string') return false;
  let document;
  try {
    document = parse(request.query, { maxTokens: LIMITS.tokens });
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const name = request.operationName;
  const chosen = typeof name === 'string' && name !== '' ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation === 'mutation';
}

/** JSON with object keys sorted, so a retry that orders its fields differently is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The request as far as its answer depends on it: the body and the declared purpose of use. */
function fingerprint(body: unknown, purpose: string | undefined): string {
  return createHash('sha256')
    .update(canonical({ body, purpose: purpose ?? null }))
    .digest('hex');
}

/** An answer the gate gives itself: a refusal, or the first answer replayed. */
export interface GateAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body as sent: a stored answer byte for byte, or JSON of a refusal. */
  text: string;
}

function refusal(status: number, code: string, message: string, retryAfter?: number): GateAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(retryAfter !== undefined && { 'Retry-After': String(retryAfter) }) },
    text: JSON.stringify({ errors: [{ message, extensions: { code, ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }) } }] }),
  };
}

/** The answer a gateway gave to a claimed request, for the retries. */
export interface KeptAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** What the gateway does with a request: pass it on untouched, answer it at once, or run it and keep its answer with `keep`. */
export type GateOutcome =
  | { kind: 'pass' }
  | { kind: 'answer'; answer: GateAnswer }
  | { kind: 'run'; keep(answer: KeptAnswer): Promise<void> };

/** The request as the gate reads it, whichever gateway received it. */
export interface GatedRequest {
  method: string;
  /** The Idempotency-Key header: undefined when absent (Express gives a list for a repeated header). */
  key: string | string[] | undefined;
  /** The parsed JSON body (an object, or an array for a batch). */
  body: unknown;
  purpose: string | undefined;
  /** The verified token subject. */
  subject: string;
  requestId: string | undefined;
}

interface StoredKey {
  request_hash: string;
  finished: boolean;
  unknown: boolean;
  status: number | null;
  content_type: string | null;
  response: string | null;
}

type Claim = { claimed: true } | { claimed: false; row: StoredKey | undefined };

async function claim(pool: pg.Pool, subject: string, key: string, requestHash: string): Promise<Claim> {
  // A live row stays; an expired one is taken over as if it were new.
  const inserted = await pool.query(
    `INSERT INTO gateway.idempotency_key AS k (subject_hash, key, request_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4))
     ON CONFLICT (subject_hash, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, claimed_at = now(), finished_at = NULL, status = NULL,
           content_type = NULL, response = NULL, expires_at = EXCLUDED.expires_at
       WHERE k.expires_at <= now()`,
    [subject, key, requestHash, KEEP_HOURS],
  );
  if (inserted.rowCount === 1) return { claimed: true };
  const { rows } = await pool.query<StoredKey>(
    `SELECT request_hash, finished_at IS NOT NULL AS finished,
            claimed_at < now() - make_interval(mins => $3) AS unknown, status, content_type, response
     FROM gateway.idempotency_key WHERE subject_hash = $1 AND key = $2`,
    [subject, key, UNKNOWN_AFTER_MINUTES],
  );
  return { claimed: false, row: rows[0] };
}

/**
 * Keeps the answer of a claimed request. 5xx answers (the database away, the
 * request deadline passed while the mutation may still commit) leave the
 * claim unfinished: the outcome is unknown. 4xx answers are refusals before
 * anything ran (a missing purpose, invalid variables, the cost quota): the
 * claim is released and the corrected request may use the key.
 */
function keeper(pool: pg.Pool, where: string[], logFailure: (error: unknown) => void) {
  return async ({ status, contentType, text }: KeptAnswer): Promise<void> => {
    if (status >= 500) return;
    const stored =
      status >= 400
        ? pool.query('DELETE FROM gateway.idempotency_key WHERE subject_hash = $1 AND key = $2 AND request_hash = $3 AND finished_at IS NULL', where)
        : pool.query(
            `UPDATE gateway.idempotency_key SET finished_at = now(), status = $4, content_type = $5, response = $6
             WHERE subject_hash = $1 AND key = $2 AND request_hash = $3 AND finished_at IS NULL`,
            [...where, status, contentType ?? 'application/json', text],
          );
    await stored.then(() => undefined, logFailure);
  };
}

/**
 * Claims, replays or refuses a request's key. On one table for both
 * gateways: a retry through either finds the answer of a first request
 * through the other.
 */
export function idempotencyGate(pool: pg.Pool, log: (line: string) => void): (request: GatedRequest) => Promise<GateOutcome> {
  let lastSweep = 0;
  // Under the id of the request that met the failure (a sweep's too: it is that request that ran it).
  const logFailure = (what: string, requestId: string | undefined) => (error: unknown) =>
    log(JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, message: `${what}: ${redact(causeOf(String((error as Error)?.message ?? error))).slice(0, 300)}` }));
  const sweep = (requestId: string | undefined) => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    pool.query('DELETE FROM gateway.idempotency_key WHERE expires_at <= now()').catch(logFailure('deleting expired idempotency keys', requestId));
  };

  return async ({ method, key, body, purpose, subject, requestId }) => {
    // Mutations are answered only over POST; a batch counts as a mutation when any entry is one.
    if (key === undefined || method !== 'POST' || !(Array.isArray(body) ? body : [body]).some(selectsMutation)) return { kind: 'pass' };
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      return { kind: 'answer', answer: refusal(400, 'BAD_USER_INPUT', `The ${IDEMPOTENCY_HEADER} header must be 1 to 100 characters of A-Z, a-z, 0-9, "_" and "-"`) };
    }
    const where = [subjectKey(subject), key, fingerprint(body, purpose)];
    let outcome: Claim | undefined;
    try {
      // Twice: a claim released (4xx) between our insert and our read leaves no row to read.
      for (let attempt = 0; attempt < 2 && !(outcome?.claimed || outcome?.row); attempt++) outcome = await claim(pool, where[0]!, key, where[2]!);
    } catch (error) {
      // Without the claim the mutation could run twice: it does not run now.
      logFailure('claiming an idempotency key', requestId)(error);
      return { kind: 'answer', answer: refusal(503, SERVICE_UNAVAILABLE, `The service is temporarily unavailable; retry in ${RETRY_AFTER_SECONDS} s`, RETRY_AFTER_SECONDS) };
    }
    if (outcome?.claimed) {
      sweep(requestId);
      return { kind: 'run', keep: keeper(pool, where, logFailure('storing the answer of an idempotency key', requestId)) };
    }
    const row = outcome?.row;
    if (row && row.request_hash !== where[2]) {
      return { kind: 'answer', answer: refusal(422, 'BAD_USER_INPUT', `This ${IDEMPOTENCY_HEADER} was sent before with a different request; send a new key for a new request`) };
    }
    if (row?.finished) {
      return { kind: 'answer', answer: { status: row.status ?? 200, headers: { [REPLAYED_HEADER]: 'true', ...(row.content_type && { 'Content-Type': row.content_type }) }, text: row.response ?? '' } };
    }
    if (row?.unknown) {
      return {
        kind: 'answer',
        answer: refusal(
          409,
          'CONFLICT',
          `A request with this ${IDEMPOTENCY_HEADER} started over ${UNKNOWN_AFTER_MINUTES} minutes ago and its outcome is unknown: check whether the change was made before sending it again with a new key`,
        ),
      };
    }
    return { kind: 'answer', answer: refusal(409, 'CONFLICT', `A request with this ${IDEMPOTENCY_HEADER} is still running; retry in ${RETRY_AFTER_SECONDS} s for its answer`, RETRY_AFTER_SECONDS) };
  };
}

