// A Hive Gateway plugin making each request one W3C trace, as the built-in
// gateway does (src/telemetry/http-spans.ts, src/gateway/data-sources.ts): it
// continues the caller's `traceparent` or starts a trace, and every subgraph
// fetch carries a `traceparent` of that trace. The subgraphs take the trace
// id as the request id of their log lines and audit entries, so one id finds
// the request in every process. Without it, a request that came without a
// `traceparent` left each subgraph to start a trace of its own.
// Spans are the hub's (src/telemetry/tracing.ts): exported only when
// OTEL_EXPORTER_OTLP_ENDPOINT names a collector, with no personal data.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import type { Context, Span } from '@opentelemetry/api';
import { endSpan, incomingTraceContext, SpanKind, startSpan, traceIdOf, traceparentOf } from '../../src/telemetry/tracing.ts';
import { GRAPHQL_PATH } from './edge-identity.ts';

interface RequestTrace {
  span: Span;
  context: Context;
  traceId: string;
}

const traces = new WeakMap<Request, RequestTrace>();

/** The request id (the trace id) of a request to GRAPHQL_PATH. */
export function requestIdOf(request: Request): string | undefined {
  return traces.get(request)?.traceId;
}

export function requestTracePlugin(): GatewayPlugin {
  return {
    onRequest({ request, url }) {
      if (url.pathname !== GRAPHQL_PATH) return;
      const parent = incomingTraceContext(Object.fromEntries(request.headers));
      // Named by the route only, as the built-in gateway's: never the query string.
      const { span, context } = startSpan(`${request.method} ${GRAPHQL_PATH}`, parent, SpanKind.SERVER, { 'http.request.method': request.method, 'http.route': GRAPHQL_PATH });
      traces.set(request, { span, context, traceId: traceIdOf(context) });
    },
    onResponse({ request, response }) {
      const trace = traces.get(request);
      if (!trace) return;
      trace.span.setAttribute('http.response.status_code', response.status);
      endSpan(trace.span, response.status >= 500);
    },
    onFetch({ context, executionRequest, options, setOptions }) {
      const request = 'request' in context ? (context.request as Request | undefined) : undefined;
      const trace = request && traces.get(request);
      if (!trace) return; // not a subgraph fetch of a client request (e.g. a schema poll)
      const subgraph = executionRequest?.subgraphName ?? 'unknown';
      const fetch = startSpan(`subgraph ${subgraph}`, trace.context, SpanKind.CLIENT, { 'graphql.subgraph': subgraph });
      const traceparent = traceparentOf(fetch.context);
      if (traceparent) setOptions({ ...options, headers: { ...options.headers, traceparent } });
      return ({ response }) => endSpan(fetch.span, !response.ok);
    },
  };
}
