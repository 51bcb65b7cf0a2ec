// Idempotency keys at the built-in gateway: the Express middleware over the
// gateway-neutral gate (idempotency-gate.ts, which says how keys work).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { requestIdentityOf } from './authenticate.ts';
import { idempotencyGate, type KeptAnswer } from './idempotency-gate.ts';

export { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency-gate.ts';

/**
 * Keeps the answer of a claimed request before it is sent, so a retry that
 * arrives once the client has it finds it.
 */
function keepAnswer(res: Response, keep: (answer: KeptAnswer) => Promise<void>): void {
  const send = res.send.bind(res);
  let seen = false;
  res.send = function (body?: unknown) {
    if (seen) return send(body);
    seen = true;
    const status = res.statusCode;
    if (status >= 500) return send(body);
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
    keep({ status, contentType: res.get('Content-Type') === undefined ? undefined : String(res.get('Content-Type')), text }).finally(() => {
      // The request deadline may have answered meanwhile; the answer is kept for the retry all the same.
      if (!res.headersSent) send(body);
    });
    return res;
  } as Response['send'];
}

/** For the gateway's /graphql after express.json(), authenticate() and persistedOperations(). */
export function idempotencyKeys(pool: pg.Pool, log: (line: string) => void): RequestHandler {
  const gate = idempotencyGate(pool, log);
  return async (req: Request, res: Response, next: NextFunction) => {
    const purpose = req.headers['x-purpose-of-use'];
    const outcome = await gate({
      method: req.method,
      key: req.headers['idempotency-key'],
      body: req.body,
      purpose: Array.isArray(purpose) ? purpose.join(', ') : purpose,
      subject: requestIdentityOf(res).identity.sub,
      requestId: requestTraceOf(res)?.traceId,
    });
    if (outcome.kind === 'pass') return next();
    if (outcome.kind === 'run') {
      keepAnswer(res, outcome.keep);
      return next();
    }
    const { status, headers, text } = outcome.answer;
    res.status(status).set(headers).send(text);
  };
}
