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
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Kind, parse } from 'graphql';
import type pg from 'pg';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { requestIdentityOf } from './authenticate.ts';
import { causeOf, redact } from './format-error.ts';
import { LIMITS } from './limits.ts';
import { subjectKey } from './quotas.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
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
function fingerprint(req: Request): string {
  return createHash('sha256')
    .update(canonical({ body: req.body, purpose: req.headers['x-purpose-of-use'] ?? null }))
    .digest('hex');
}

function refuse(res: Response, status: number, code: string, message: string, retryAfter?: number): void {
  if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
  res.status(status).json({ errors: [{ message, extensions: { code, ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }) } }] });
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
 * Keeps the answer of a claimed request before it is sent, so a retry that
 * arrives once the client has it finds it. 5xx answers (the database away,
 * the request deadline passed while the mutation may still commit) leave the
 * claim unfinished: the outcome is unknown. 4xx answers are refusals before
 * anything ran (a missing purpose, invalid variables, the cost quota): the
 * claim is released and the corrected request may use the key.
 */
function keepAnswer(res: Response, pool: pg.Pool, where: unknown[], logFailure: (error: unknown) => void): void {
  const send = res.send.bind(res);
  let seen = false;
  res.send = function (body?: unknown) {
    if (seen) return send(body);
    seen = true;
    const status = res.statusCode;
    if (status >= 500) return send(body);
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
    const stored =
      status >= 400
        ? pool.query('DELETE FROM gateway.idempotency_key WHERE subject_hash = $1 AND key = $2 AND request_hash = $3 AND finished_at IS NULL', where)
        : pool.query(
            `UPDATE gateway.idempotency_key SET finished_at = now(), status = $4, content_type = $5, response = $6
             WHERE subject_hash = $1 AND key = $2 AND request_hash = $3 AND finished_at IS NULL`,
            [...where, status, String(res.get('Content-Type') ?? 'application/json'), text],
          );
    stored
      .catch(logFailure)
      .finally(() => {
        // The request deadline may have answered meanwhile; the answer is kept for the retry all the same.
        if (!res.headersSent) send(body);
      });
    return res;
  } as Response['send'];
}

/** For the gateway's /graphql after express.json(), authenticate() and persistedOperations(). */
export function idempotencyKeys(pool: pg.Pool, log: (line: string) => void): RequestHandler {
  let lastSweep = 0;
  // Under the id of the request that met the failure (a sweep's too: it is that request that ran it).
  const logFailure = (what: string, requestId: string | undefined) => (error: unknown) =>
    log(JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, message: `${what}: ${redact(causeOf(String((error as Error)?.message ?? error))).slice(0, 300)}` }));
  const sweep = (requestId: string | undefined) => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    pool.query('DELETE FROM gateway.idempotency_key WHERE expires_at <= now()').catch(logFailure('deleting expired idempotency keys', requestId));
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['idempotency-key'];
    // Apollo answers mutations only over POST; a batch counts as a mutation when any entry is one.
    if (header === undefined || req.method !== 'POST' || !(Array.isArray(req.body) ? req.body : [req.body]).some(selectsMutation)) return next();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      return refuse(res, 400, 'BAD_USER_INPUT', `The ${IDEMPOTENCY_HEADER} header must be 1 to 100 characters of A-Z, a-z, 0-9, "_" and "-"`);
    }
    const requestId = requestTraceOf(res)?.traceId;
    const where = [subjectKey(requestIdentityOf(res).identity.sub), header, fingerprint(req)];
    let outcome: Claim | undefined;
    try {
      // Twice: a claim released (4xx) between our insert and our read leaves no row to read.
      for (let attempt = 0; attempt < 2 && !(outcome?.claimed || outcome?.row); attempt++) outcome = await claim(pool, where[0]!, header, where[2]!);
    } catch (error) {
      // Without the claim the mutation could run twice: it does not run now.
      logFailure('claiming an idempotency key', requestId)(error);
      return refuse(res, 503, SERVICE_UNAVAILABLE, `The service is temporarily unavailable; retry in ${RETRY_AFTER_SECONDS} s`, RETRY_AFTER_SECONDS);
    }
    if (outcome?.claimed) {
      keepAnswer(res, pool, where, logFailure('storing the answer of an idempotency key', requestId));
      sweep(requestId);
      return next();
    }
    const row = outcome?.row;
    if (row && row.request_hash !== where[2]) {
      return refuse(res, 422, 'BAD_USER_INPUT', `This ${IDEMPOTENCY_HEADER} was sent before with a different request; send a new key for a new request`);
    }
    if (row?.finished) {
      res.status(row.status ?? 200).set('Idempotent-Replayed', 'true');
      if (row.content_type) res.set('Content-Type', row.content_type);
      res.send(row.response ?? '');
      return;
    }
    if (row?.unknown) {
      return refuse(
        res,
        409,
        'CONFLICT',
        `A request with this ${IDEMPOTENCY_HEADER} started over ${UNKNOWN_AFTER_MINUTES} minutes ago and its outcome is unknown: check whether the change was made before sending it again with a new key`,
      );
    }
    refuse(res, 409, 'CONFLICT', `A request with this ${IDEMPOTENCY_HEADER} is still running; retry in ${RETRY_AFTER_SECONDS} s for its answer`, RETRY_AFTER_SECONDS);
  };
}
