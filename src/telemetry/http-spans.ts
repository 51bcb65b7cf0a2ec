// The server span of each HTTP request to the API: it continues the caller's
// trace (W3C traceparent) or starts one, and its trace id becomes the
// request id. Named by the route's mount point only: paths and query strings
// are never recorded (an export's query names a period; a future route might name more).
import type { RequestHandler, Response } from 'express';
import type { Context } from '@opentelemetry/api';
import { endSpan, incomingTraceContext, SpanKind, startSpan, traceIdOf } from './tracing.ts';

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
    res.once('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      endSpan(span, res.statusCode >= 500);
    });
    next();
  };
}

/** The trace of this request (set by traceRequests). */
export function requestTraceOf(res: Response): RequestTrace | undefined {
  return res.locals.requestTrace as RequestTrace | undefined;
}
