// Hive Gateway configuration for the hub's supergraph, giving the same
// contract as the built-in gateway at the edge (see README, "Serving with
// Hive Gateway"):
//   npx hive-gateway supergraph schema/supergraph.graphql -c gateway/hive/gateway.config.ts
// with every subgraph's URL in SUBGRAPH_<NAME>_URL or HUB_SUBGRAPH_URLS
// (the variables the built-in gateway reads; `npm run subgraph -- --all`
// prints them), and the token settings, DATABASE_URL (the revocation list,
// the request and cost quota counters, idempotency keys) and switches of the built-in gateway. What protects data (token, purpose, limits,
// row scopes, the audit trail) is enforced by the subgraphs themselves; this
// file checks the caller at the edge as the built-in gateway does, forwards
// what the subgraphs need and shapes failures.
import { readFileSync } from 'node:fs';
import { defineConfig } from '@graphql-hive/gateway';
import { authSettingsFrom } from '../../src/auth/settings.ts';
import { developmentFrom, readConfig } from '../../src/config.ts';
import { connectPrisma } from '../../src/db/prisma.ts';
import { remoteSubgraphUrls } from '../../src/gateway/subgraph-urls.ts';
import { idempotencyGate } from '../../src/server/idempotency-gate.ts';
import { costQuota, gatewayStatePool, requestQuota } from '../../src/server/request-quota.ts';
import { startTracing } from '../../src/telemetry/tracing.ts';
import { bodyLimitPlugin } from './body-limit.ts';
import { costQuotaPlugin } from './cost-quota.ts';
import { deadlinePlugin } from './deadline.ts';
import { edgeIdentityPlugin } from './edge-identity.ts';
import { errorFormatPlugin, maskedErrors } from './error-format.ts';
import { idempotencyPlugin } from './idempotency.ts';
import { operationNamePlugin } from './operation-name.ts';
import { persistedDocuments } from './persisted-documents.ts';
import { queryLimitsPlugin } from './query-limits.ts';
import { refusedCredentialsPlugin } from './refused-credentials.ts';
import { requestQuotaPlugin } from './request-quota.ts';
import { requestIdOf, requestTracePlugin } from './request-trace.ts';
import { unavailableSubgraphPlugin } from './unavailable-subgraph.ts';

export const SUPERGRAPH_FILE = new URL('../../schema/supergraph.graphql', import.meta.url).pathname;

/** Subgraph names as the supergraph lists them (join__Graph), so a URL for a name it lacks is refused. */
function subgraphNames(): string[] {
  return [...readFileSync(SUPERGRAPH_FILE, 'utf8').matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]!);
}

/** Request headers each subgraph checks itself: the caller's token and purpose of use (the trace: request-trace.ts). */
export const FORWARDED_HEADERS = ['authorization', 'x-purpose-of-use'] as const;

const urls = remoteSubgraphUrls(process.env, subgraphNames());
const config = readConfig();
if (!config.databaseUrl) throw new Error('DATABASE_URL must name the hub\'s database: the gateway reads its token revocation list and keeps quota counters and idempotency keys there');
const auth = await authSettingsFrom(config);
// Only the revocation list is read (over a connection of its own per refresh); no request reads data here.
connectPrisma(config.databaseUrl, { poolSize: 1, timeouts: config.requestTimeouts });
/** JSON lines for operators, as the built-in gateway writes them (Hive's own log stays apart). */
const log = (line: string) => process.stderr.write(`${line}\n`);
startTracing('safety-net-hub-hive-gateway');
// The gateway's own state in the hub's database, shared with the built-in gateway: HUB_RATE_LIMIT_PER_MINUTE and
// HUB_COST_LIMIT_PER_MINUTE counted with its requests, and idempotency keys answered from one table.
const statePool = gatewayStatePool(config.databaseUrl, log);
const takeRequest = requestQuota(statePool, config.quotas.requestsPerMinute, log);
const takeCost = costQuota(statePool, config.quotas.costPerMinute, log);

export const gatewayConfig = defineConfig({
  supergraph: SUPERGRAPH_FILE,
  transportEntries: {
    ...Object.fromEntries(Object.entries(urls).map(([name, location]) => [name, { location }])),
    '*.http': {
      options: {
        // Hive merges identical in-flight subgraph requests by default. Each
        // subgraph request is one audited read at the subgraph: merged, the
        // second caller's read would go unrecorded (issue 16 found 0.19–0.27
        // audit entries per request instead of about 1).
        deduplicateInflightRequests: false,
      },
    },
  },
  // Operations by hash from the hub's manifest; in allow-list mode (HUB_PERSISTED_OPERATIONS_ONLY) ANALYST and NGO tokens may send nothing else.
  persistedDocuments: persistedDocuments(config.persistedOperationsOnly),
  // Hive's masking of unexpected failures, remembering their causes for the hub's error form (error-format.ts).
  maskedErrors,
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
  // In this order: the trace first, so that every later refusal and log line carries its id; the caller
  // before the quota and the idempotency key, which are the caller's; the deadline around the key, so that
  // an answer past the deadline is still kept for the retry.
  plugins: () => [
    requestTracePlugin(),
    edgeIdentityPlugin(auth, log, requestIdOf),
    requestQuotaPlugin(takeRequest),
    idempotencyPlugin(idempotencyGate(statePool, log)),
    deadlinePlugin(config.requestDeadlineMs, log),
    bodyLimitPlugin(),
    queryLimitsPlugin(),
    costQuotaPlugin(takeCost),
    errorFormatPlugin(log, { hideSchemaHints: !developmentFrom() }),
    unavailableSubgraphPlugin(),
    refusedCredentialsPlugin(log, requestIdOf),
    operationNamePlugin(),
  ],
});
