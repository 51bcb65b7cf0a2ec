// The HTTP face of the hub: the gateway at /graphql behind token
// verification, the explorer at / (outside production unless HUB_EXPLORER=1),
// the dashboard, liveness, readiness and metrics; security headers on every route.
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import helmet from 'helmet';
import type { AuthSettings } from '../auth/keys.ts';
import { developmentFrom, explorerEnabledFrom, quotaSettingsFrom, requestDeadlineMsFrom, type QuotaSettings } from '../config.ts';
import { createContext, type HubContext } from '../graph/context.ts';
import { createGateway } from '../gateway/gateway.ts';
import type { Subgraph } from '../gateway/subgraphs.ts';
import { authenticate, requestIdentityOf } from './authenticate.ts';
import { dashboardRouter } from '../dashboard/router.ts';
import { exportsRouter } from '../exports/router.ts';
import { requestDeadline } from './deadline.ts';
import { explorerRouter } from './explorer.ts';
import { formatError, jsonErrors } from './format-error.ts';
import { LIMIT_RULES, LIMITS } from './limits.ts';
import { prismaConnection } from '../db/prisma.ts';
import { idempotencyKeys } from './idempotency.ts';
import { gatewayStatePool, requestQuotas } from './quotas.ts';
import { persistedOperations } from './persisted-operations.ts';
import { BODY_LIMIT_BYTES } from './body-limit.ts';
import { auditPlugin, purposePlugin, requestIdPlugin } from './graphql-plugins.ts';
import { requestTraceOf, traceRequests } from '../telemetry/http-spans.ts';
import { operationSpanPlugin } from '../telemetry/operation-spans.ts';
import { metricsPlugin } from '../ops/metrics.ts';
import { opsRouter } from '../ops/routes.ts';

export interface HubServer {
  httpServer: http.Server;
  url: string;
  stop(): Promise<void>;
}

export interface HubServerOptions {
  subgraphs: Subgraph[];
  auth: AuthSettings;
  port: number;
  remoteSubgraphUrls?: Record<string, string>;
  log?: (line: string) => void;
  /** Introspection and "Did you mean" hints; default: NODE_ENV development or test. */
  development?: boolean;
  /** ANALYST and NGO tokens may send only manifest operations; default: HUB_PERSISTED_OPERATIONS_ONLY (off). */
  persistedOperationsOnly?: boolean;
  /** Serve the GraphiQL explorer at /; default: outside production, or HUB_EXPLORER=1. */
  explorer?: boolean;
  /** A GraphQL request not answered by then gets 503; default: HUB_REQUEST_DEADLINE_MS (30 s). */
  requestDeadlineMs?: number;
  /** Per token subject and minute; default: HUB_RATE_LIMIT_PER_MINUTE, HUB_COST_LIMIT_PER_MINUTE. */
  quotas?: QuotaSettings;
  /** Where the quota counters and idempotency keys are kept; default: the database connectPrisma was given. */
  databaseUrl?: string;
}

function isDevelopment(option: boolean | undefined): boolean {
  return option ?? developmentFrom();
}


/** The gateway over every subgraph, with the explorer. */
export function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const gateway = createGateway(options.subgraphs, options.auth, options.remoteSubgraphUrls, options.log);
  return serve({ ...options, executor: { gateway }, explorer: options.explorer ?? explorerEnabledFrom(), dashboard: true });
}

/** One subgraph on its own, verifying tokens exactly as the gateway does. */
export function startSubgraphServer(options: { subgraph: Subgraph; auth: AuthSettings; port: number; log?: (line: string) => void; development?: boolean; requestDeadlineMs?: number }): Promise<HubServer> {
  return serve({ ...options, executor: { schema: options.subgraph.schema }, explorer: false, dashboard: false });
}

interface ServeOptions {
  auth: AuthSettings;
  port: number;
  log?: (line: string) => void;
  development?: boolean;
  executor: { gateway: GatewayInterface } | { schema: GraphQLSchema };
  explorer: boolean;
  dashboard: boolean;
  persistedOperationsOnly?: boolean;
  requestDeadlineMs?: number;
  quotas?: QuotaSettings;
  databaseUrl?: string;
  /** Remote subgraphs /ready asks after (the gateway's SUBGRAPH_<NAME>_URL). */
  remoteSubgraphUrls?: Record<string, string>;
}

async function serve(options: ServeOptions): Promise<HubServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const development = isDevelopment(options.development);
  const format = (formatted: GraphQLFormattedError, requestId: string | undefined, original: unknown) =>
    formatError(formatted, requestId, log, { hideSchemaHints: !development }, original);
  const plugins: ApolloServerPlugin<HubContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    requestIdPlugin(),
    operationSpanPlugin(),
    purposePlugin(),
    auditPlugin((error, requestId) => format(error.toJSON(), requestId, error)),
    metricsPlugin(),
  ];
  // The gateway (the public API) only: quotas and idempotency keys, kept in the database for every replica.
  const statePool = 'gateway' in options.executor ? gatewayStatePool(options.databaseUrl ?? prismaConnection().url, log) : undefined;
  const quotas = statePool && requestQuotas(statePool, options.quotas ?? quotaSettingsFrom(), log);
  if (quotas) plugins.push(quotas.cost);
  // Subgraph inline traces would hand resolver timings to any caller.
  if ('schema' in options.executor) plugins.push(ApolloServerPluginInlineTraceDisabled());
  const apollo = new ApolloServer<HubContext>({
    ...options.executor,
    includeStacktraceInErrorResponses: false,
    // The entry points stop the server in their own order (src/server/stop-signals.ts).
    stopOnTerminationSignals: false,
    introspection: development,
    hideSchemaDetailsFromClientErrors: !development,
    csrfPrevention: true,
    validationRules: LIMIT_RULES,
    parseOptions: { maxTokens: LIMITS.tokens },
    formatError: (formatted, error) => format(formatted, (error as { requestId?: string } | undefined)?.requestId, error),
    plugins,
  });
  await apollo.start();

  // Every response, API errors and 404s included, gets the strictest policy: it
  // loads nothing and may not be framed. The explorer and the dashboard pages
  // replace the Content-Security-Policy with one of their own.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // /health (liveness), /ready (database, migrations, job queue, remote subgraphs) and /metrics (src/ops/).
  app.use(opsRouter({ remoteSubgraphUrls: options.remoteSubgraphUrls, log }));
  if (options.explorer) app.use(explorerRouter());
  if (options.dashboard) app.use(dashboardRouter());
  app.use(
    '/graphql',
    traceRequests(),
    requestDeadline(options.requestDeadlineMs ?? requestDeadlineMsFrom(), log),
    express.json({ limit: BODY_LIMIT_BYTES }),
    authenticate(options.auth, log),
    ...(quotas ? [quotas.requests] : []),
    // The gateway (the public API) only: a standalone subgraph receives the gateway's own query-plan
    // documents, which no manifest lists, so allow-listing there would break federation.
    ...('gateway' in options.executor ? [persistedOperations({ allowListOnly: options.persistedOperationsOnly })] : []),
    ...(statePool ? [idempotencyKeys(statePool, log)] : []),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        // The request id is the trace id: the same in the gateway, every subgraph it calls, their logs and audit entries.
        const trace = requestTraceOf(res)!;
        return { ...createContext(requestIdentityOf(res), trace.traceId), trace: trace.context };
      },
    }),
  );

  // Spreadsheets of the indicator report, behind the same gate and quota as /graphql (src/exports/).
  if (options.dashboard) {
    app.use('/exports', traceRequests(), requestDeadline(options.requestDeadlineMs ?? requestDeadlineMsFrom(), log), authenticate(options.auth, log), ...(quotas ? [quotas.requests] : []), exportsRouter(apollo));
  }

  app.use(jsonErrors(log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, '0.0.0.0', () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const stop = async () => {
    await apollo.stop();
    await statePool?.end();
  };
  return { httpServer, url: `http://localhost:${port}/graphql`, stop };
}
