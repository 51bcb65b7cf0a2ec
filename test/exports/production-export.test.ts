// The XLSX download with NODE_ENV=production, set before the hub's modules
// load, as it is when the hub starts (see test/production/canonical-operations.test.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';

process.env.NODE_ENV = 'production';
process.env.HUB_COHORT_KEY = '1'.repeat(64);
process.env.HUB_AUDIT_KEY = '2'.repeat(64);

const { DashboardReportDocument } = await import('../../src/client/graphql.ts');
const { indicatorsOf } = await import('../../src/exports/indicator-table.ts');
const { buildFamilies } = await import('../support/fixtures.ts');
const { startTestHub } = await import('../support/test-hub.ts');
const { expectedRow, tableOf, xlsxLines, xlsxSheet } = await import('./read-export.ts');
type TestHub = Awaited<ReturnType<typeof startTestHub>>;

const ANALYST = { unit: 'SOCIAL' as const, sub: 'analyst-prod-export', roles: ['ANALYST' as const], purpose: null };

describe('the indicator export with NODE_ENV=production', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    await buildFamilies(12, { members: 2, openCases: 1, contactsPerCase: 2, referrals: 0 });
  });
  afterAll(() => hub.stop());

  it('downloads the council table as XLSX, equal to the API answer', async () => {
    expect(process.env.NODE_ENV).toBe('production');
    // The fixture's cases opened in 2023, with their contacts.
    const year = 2023;
    const response = await fetch(`${new URL(hub.server.url).origin}/exports/indicators.xlsx?year=${year}`, { headers: await hub.auth.headers(ANALYST) });
    expect(response.status).toBe(200);
    const rows = tableOf(xlsxLines(await xlsxSheet(await response.arrayBuffer())));
    const answer = await hub.query(print(DashboardReportDocument), { year }, ANALYST);
    expect(answer.errors).toBeUndefined();
    const indicators = indicatorsOf(answer.data!.indicatorReport);
    expect(indicators.find((i) => i.id === 'VULNERABLE_FAMILY_SERVICES')).toMatchObject({ suppressed: false, numerator: 12 });
    expect(rows).toHaveLength(indicators.length);
    indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject({ ...expectedRow(indicator, 'xlsx'), 期間: '112年' }));
  });
});
