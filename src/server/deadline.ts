// A GraphQL request not answered within its deadline gets 503 with
// Retry-After instead of holding the client (and a socket) while something
// downstream waits. Statement and lock timeouts bound each database call;
// this bounds the request as a whole.
import type { NextFunction, Request, Response } from 'express';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';

/** The answer to a request past its deadline, and the log line, for any gateway (Hive's: gateway/hive/deadline.ts). */
export function deadlinePassed(deadlineMs: number, requestId: string | undefined) {
  return {
    status: 503,
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    body: {
      errors: [{ message: `The request did not finish within ${deadlineMs / 1000} s; retry in ${RETRY_AFTER_SECONDS} s`, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } }],
    },
    logLine: JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, message: `request deadline of ${deadlineMs} ms passed` }),
  };
}

export function requestDeadline(deadlineMs: number, log: (line: string) => void) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const passed = deadlinePassed(deadlineMs, requestTraceOf(res)?.traceId);
      log(passed.logLine);
      res.status(passed.status).set(passed.headers).json(passed.body);
      dropLaterWrites(res);
    }, deadlineMs);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/**
 * The request goes on running after its 503 (a write may still commit, which
 * is what idempotency keys are for); its late answer must not reach a
 * response already sent, where Express would throw "headers already sent".
 */
function dropLaterWrites(res: Response): void {
  const ignore = function (this: Response) {
    return this;
  };
  Object.assign(res, { status: ignore, set: ignore, setHeader: ignore, send: ignore, json: ignore, end: ignore, write: () => true, writeHead: ignore });
}
