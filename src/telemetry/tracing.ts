// OpenTelemetry traces of the hub: one trace per client request, from the
// gateway's HTTP span through the GraphQL operation to every subgraph fetch,
// continued by a subgraph served elsewhere (it reads the W3C `traceparent`
// the gateway sends). The trace id is also the request id that log lines,
// audit entries and error answers carry, so one id finds a request everywhere.
//
// The provider is the hub's own, not the global one: Apollo Gateway writes
// spans to the global provider (with its own attributes), which stays a no-op.
// Spans are exported only when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector; otherwise ids are
// made and nothing leaves the process. Span attributes never hold personal
// data: no variables, no query text, no token subject, no record ids.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string) => {
    const value = carrier[key.toLowerCase()];
    return Array.isArray(value) ? (value[0] as string | undefined) : (value as string | undefined);
  },
};

let provider: BasicTracerProvider | undefined;
let tracerOfHub: Tracer | undefined;

/** The collector to export to, when the deployment names one (the OpenTelemetry variables). */
function exporterFromEnvironment(env: NodeJS.ProcessEnv): SpanExporter | undefined {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT ? new OTLPTraceExporter() : undefined;
}

/**
 * Sets the process's tracing up once (the gateway and each standalone
 * subgraph name themselves). Tests pass an in-memory exporter, exported at once.
 */
export function startTracing(serviceName: string, options: { exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {}): void {
  const env = options.env ?? process.env;
  const exporter = options.exporter ?? exporterFromEnvironment(env);
  const spanProcessors: SpanProcessor[] = exporter ? [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)] : [];
  const old = provider;
  provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }), spanProcessors });
  tracerOfHub = provider.getTracer('safety-net-hub');
  void old?.shutdown();
}

/** Sends what is buffered (at a stop). */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
  tracerOfHub = undefined;
}

function tracer(): Tracer {
  if (!tracerOfHub) startTracing('safety-net-hub');
  return tracerOfHub!;
}

/** The trace a request continues: its valid `traceparent`, or none (a new trace starts). */
export function incomingTraceContext(headers: Record<string, unknown>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** Starts a span under `parent`; `attributes` must never carry personal data. */
export function startSpan(name: string, parent: Context, kind: SpanKind, attributes: Record<string, string | number> = {}): { span: Span; context: Context } {
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** The `traceparent` header value that carries `context` to the next process. */
export function traceparentOf(context: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier.traceparent;
}

export function traceIdOf(context: Context): string {
  return trace.getSpan(context)?.spanContext().traceId ?? '';
}

export function endSpan(span: Span, failed: boolean): void {
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

export { SpanKind };
