// Prometheus metrics at /metrics: only for the bearer of HUB_METRICS_TOKEN
// (no route at all without it); counts move with requests, errors, audit
// appends and sync runs; and no label carries anything a client sent or a
// record holds — every label value is from a fixed set.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectors } from '../../connectors/registry.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { runRecordedSync } from '../../src/ops/sync-attempt.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, gid } from '../support/fixtures.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const PERSONAL = ['A123456789', '王小明', 'w-metrics-subject'];

/** Label name → the only values it may take. */
const ALLOWED_LABELS: Record<string, (value: string) => boolean> = {
  operation_type: (v) => ['query', 'mutation', 'subscription', 'unknown'].includes(v),
  code: (v) => /^[A-Z_]{2,40}$/.test(v),
  route: (v) => ['/graphql', '/exports', '/dashboard', '/health', '/ready', '/metrics', 'other'].includes(v),
  status_class: (v) => /^[1-5]xx$/.test(v),
  connector: (v) => connectors.some((c) => c.name === v),
  outcome: (v) => ['succeeded', 'failed'].includes(v),
  le: (v) => /^(\d+(\.\d+)?|\+Inf)$/.test(v),
};

function series(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { labels, value: Number(match[2]) };
    });
}

const sum = (text: string, name: string, labels: Record<string, string> = {}) =>
  series(text, name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);

describe('/metrics', () => {
  let hub: TestHub;
  let bare: HubServer;
  let familyId: number;
  const scrape = async (authorization?: string) => {
    const response = await fetch(hub.server.url.replace(/\/graphql$/, '/metrics'), { headers: authorization ? { authorization } : {} });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    process.env.HUB_METRICS_TOKEN = TOKEN;
    hub = await startTestHub();
    delete process.env.HUB_METRICS_TOKEN;
    bare = await startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === 'core')!, auth: hub.auth.settings, port: 0, log: () => undefined });
    const [family] = await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 });
    familyId = family!.familyId;
  });
  afterAll(async () => {
    await bare.stop();
    await hub.stop();
  });

  it('answers only the bearer of HUB_METRICS_TOKEN, and does not exist without it', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
    expect((await fetch(bare.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('counts requests by operation type, errors by code, audit appends and sync runs', async () => {
    const before = (await scrape(`Bearer ${TOKEN}`)).text;
    const caller = { unit: 'SOCIAL' as const, sub: PERSONAL[2]! };
    // A client's operation name and variables carry personal data here: neither may reach a label.
    const read = await hub.query(`query Family_${PERSONAL[0]}($id: ID!) { family(id: $id) { id members { person { name } } } districts { code } }`, { id: gid('Family', familyId), note: PERSONAL[1] }, caller);
    expect(read.errors).toBeUndefined();
    expect(read.data!.family.members.length).toBe(2);
    const refused = await hub.query('{ syncStatus { connector } }', {}, { unit: 'SOCIAL', sub: PERSONAL[2]!, roles: ['ANALYST'] });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await hub.post({ query: '{ districts { code } }' }, {}); // no token: 401 before GraphQL
    // No demo source was generated: this sync fails.
    const failed = await runRecordedSync(connectors.find((c) => c.name === 'household-registration')!, hub.db.url, { trigger: 'cli' });
    expect(failed.outcome).toBe('failed');

    const after = (await scrape(`Bearer ${TOKEN}`)).text;
    const moved = (name: string, labels: Record<string, string> = {}) => sum(after, name, labels) - sum(before, name, labels);
    expect(moved('hub_graphql_request_duration_seconds_count', { operation_type: 'query' })).toBe(2);
    expect(moved('hub_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
    expect(moved('hub_http_responses_total', { route: '/graphql', status_class: '4xx' })).toBe(1);
    expect(moved('hub_audit_appends_total')).toBeGreaterThanOrEqual(1);
    expect(moved('hub_sync_runs_total', { connector: 'household-registration', outcome: 'failed' })).toBe(1);
    expect(moved('hub_sync_duration_seconds_count', { connector: 'household-registration' })).toBe(1);

    for (const secret of PERSONAL) expect(after).not.toContain(secret);
    for (const member of read.data!.family.members as { person: { name: string } }[]) expect(after).not.toContain(member.person.name);
    for (const name of ['hub_graphql_request_duration_seconds_bucket', 'hub_graphql_errors_total', 'hub_http_responses_total', 'hub_audit_appends_total', 'hub_sync_runs_total', 'hub_sync_duration_seconds_bucket']) {
      for (const s of series(after, name)) {
        for (const [label, value] of Object.entries(s.labels)) {
          expect([label, ALLOWED_LABELS[label]?.(value) ?? false]).toEqual([label, true]);
        }
      }
    }
  });
});
