// The server span of each HTTP request to the API: it continues the caller's
// trace (W3C traceparent) or starts one, and its trace id becomes the
// request id. Named by the route's mount point only: paths and query strings
// are never recorded (an export's query names a period; a future route might name more).
import type { RequestHandler, Response } from 'express';
import type { Context } from '@opentelemetry/api';
import { endSpan, incomingTraceContext, SpanKind, startSpan, traceIdOf } from './tracing.ts';

/** The `error.type` of a server span whose connection closed before the answer was sent whole. */
export const ABORTED = 'aborted';

interface RequestTrace {
  context: Context;
  traceId: string;
}

export function traceRequests(): RequestHandler {
  return (req, res, next) => {
    const parent = incomingTraceContext(req.headers as Record<string, unknown>);
    const route = req.baseUrl || '/';
    const { span, context } = startSpan(`${req.method} ${route}`, parent, SpanKind.SERVER, { 'http.request.method': req.method, 'http.route': route });
    const traced: RequestTrace = { context, traceId: traceIdOf(context) };
    res.locals.requestTrace = traced;
    // 'finish': the whole answer was handed to the operating system. 'close' alone: the connection
    // went first (the client gave up, a proxy cut it), and the span would otherwise never end or be exported.
    // Node emits 'close' after 'finish' as well, so the span ends on whichever comes first, once.
    let ended = false;
    const end = (aborted: boolean) => {
      if (ended) return;
      ended = true;
      // OpenTelemetry's HTTP conventions: error.type says why a request failed when no status can.
      if (aborted) span.setAttribute('error.type', ABORTED);
      if (!aborted || res.headersSent) span.setAttribute('http.response.status_code', res.statusCode);
      endSpan(span, aborted || res.statusCode >= 500);
    };
    res.once('finish', () => end(false));
    res.once('close', () => end(!res.writableFinished));
    next();
  };
}

/** The trace of this request (set by traceRequests). */
export function requestTraceOf(res: Response): RequestTrace | undefined {
  return res.locals.requestTrace as RequestTrace | undefined;
}
