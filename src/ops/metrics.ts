// Prometheus metrics (prom-client) of one hub process. Every label has a
// bounded set of values chosen here — an operation's type, an error code
// from the closed set, a registered connector's name, a route the hub
// serves — never a client's operation name, a path a client typed, a token's
// subject or anything read from a record, so no personal data can reach a
// label and a scraper's series count stays fixed.
import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { PASSED_THROUGH } from '../server/format-error.ts';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'hub_' });

const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);
/** Codes a client can see (format-error.ts) plus the masked remainder; anything else counts as OTHER. */
const KNOWN_CODES = new Set<string>([...PASSED_THROUGH, 'INTERNAL_SERVER_ERROR']);
/** The routes the hub serves; anything else (a 404 probe) counts as `other`. */
const ROUTES = ['/graphql', '/exports', '/dashboard', '/health', '/ready', '/metrics'];

export const graphqlDuration = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'GraphQL requests answered, by operation type (query, mutation, subscription, unknown when it could not be parsed): count is the request rate.',
  labelNames: ['operation_type'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const graphqlErrors = new Counter({
  name: 'hub_graphql_errors_total',
  help: 'Errors in GraphQL responses, by the code the client saw (OTHER outside the closed set).',
  labelNames: ['code'],
  registers: [metricsRegistry],
});

export const httpResponses = new Counter({
  name: 'hub_http_responses_total',
  help: 'HTTP responses by route and status class; refusals before GraphQL (401, 400, 429) show here.',
  labelNames: ['route', 'status_class'],
  registers: [metricsRegistry],
});

export const auditAppends = new Counter({
  name: 'hub_audit_appends_total',
  help: 'Audit entries appended to the hash chain by this process.',
  registers: [metricsRegistry],
});

export const syncRunsTotal = new Counter({
  name: 'hub_sync_runs_total',
  help: 'Connector sync attempts by connector and outcome (succeeded, failed).',
  labelNames: ['connector', 'outcome'],
  registers: [metricsRegistry],
});

export const syncDurationSeconds = new Histogram({
  name: 'hub_sync_duration_seconds',
  help: 'How long a connector sync attempt took, by connector.',
  labelNames: ['connector'],
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

export function codeLabel(code: unknown): string {
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER';
}

/** Times each GraphQL request and counts its errors, once the response (and its codes) is final. */
export function metricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, response }) {
          const type = operation && OPERATION_TYPES.has(operation.operation) ? operation.operation : 'unknown';
          graphqlDuration.observe({ operation_type: type }, Number(process.hrtime.bigint() - started) / 1e9);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) graphqlErrors.inc({ code: codeLabel(error.extensions?.code) });
        },
      };
    },
  };
}

/** Counts every HTTP response by the route prefix it was sent to. */
export function countResponses(): RequestHandler {
  return (req, res, next) => {
    // Taken now: a router mounted further on rewrites req.path to what follows its mount point.
    const path = req.path;
    res.on('finish', () => {
      const route = ROUTES.find((r) => path === r || path.startsWith(`${r}/`)) ?? 'other';
      httpResponses.inc({ route, status_class: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}

/**
 * GET /metrics: only with HUB_METRICS_TOKEN set, and only for a bearer of
 * that token (compared in constant time); without the setting the route
 * does not exist (404), so a hub never publishes its metrics by accident.
 */
export function metricsRoute(token: string | undefined = process.env.HUB_METRICS_TOKEN): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (req, res, next) => {
    if (!expected) return next();
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'metrics need the bearer token HUB_METRICS_TOKEN' });
      return;
    }
    res.set('Content-Type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
}

/** HUB_METRICS_TOKEN, when set, must be long enough not to be guessed. */
export function metricsTokenFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.HUB_METRICS_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < 24) throw new Error('HUB_METRICS_TOKEN must be at least 24 characters (or unset, which turns /metrics off)');
  return token;
}
