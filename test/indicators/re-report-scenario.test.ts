// Re-reports in the seeded cities follow from the records: the seed stores
// no drawn flag, and the tests' own SQL (test/support/re-derived-re-reports.ts)
// re-derives every intake's flag from the families' protective cases. In the
// taichung-2023 scenario the records give the report's 5.51% exactly
// (1,102 of 20,000 protective intakes), and the KPI API reports the same.
// Only the core records are seeded: the agencies' sources play no part here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { flagMismatches, reDerivedYear } from '../support/re-derived-re-reports.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };
const RE_REPORT_RATE = `query ($year: Int!) { indicatorReport(year: $year) { caseIndicators { id numerator denominator value suppressed } } }`;

describe('re-reports in the seeded cities', () => {
  let hub: TestHub;
  const count = async (sql: string) => Number((await prisma().$queryRawUnsafe<{ n: bigint }[]>(sql))[0]!.n);
  const reported = async (year: number) => {
    const response = await hub.query(RE_REPORT_RATE, { year }, ANALYST);
    expect(response.errors).toBeUndefined();
    return response.data!.indicatorReport.caseIndicators.find((v: { id: string }) => v.id === 'PROTECTIVE_RE_REPORT_RATE');
  };

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  describe('the taichung-2023 scenario', () => {
    beforeAll(async () => {
      await seedDemoCity(hub.db.url, { scenario: 'taichung-2023', seed: 2023 });
    }, 300_000); // 20–30 s on a busy 2-core machine

    it('stores for every intake the flag its family’s protective cases give', async () => {
      expect(await count('SELECT count(*) AS n FROM core.intake')).toBeGreaterThan(20_000);
      expect(await flagMismatches()).toEqual([]);
    });

    it('gives 5.51% from the records: 1,102 re-reports among the 20,000 protective intakes of 2023, as the API reports', async () => {
      expect(await reDerivedYear(2023)).toEqual({ protective: 20_000, reReports: 1_102 });
      expect(await reported(2023)).toEqual({ id: 'PROTECTIVE_RE_REPORT_RATE', numerator: 1_102, denominator: 20_000, value: 5.51, suppressed: false });
    });

    it('dates each re-report inside the service of the case it joins, and every other protective intake outside any', async () => {
      // A re-report joins the protective case in service that day.
      expect(await count(`SELECT count(*) AS n FROM core.intake i JOIN core."case" c ON c.id = i.case_id
        WHERE i.re_report AND NOT (c.opened_on < date(timezone('Asia/Taipei', i.received_at)) AND coalesce(c.closed_on, 'infinity') >= date(timezone('Asia/Taipei', i.received_at)))`)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM core.intake WHERE re_report AND case_id IS NULL')).toBe(0);
      // Any other intake with a case is the one that opened it, received no later than its opening day.
      expect(await count(`SELECT count(*) AS n FROM core.intake i JOIN core."case" c ON c.id = i.case_id
        WHERE NOT i.re_report AND date(timezone('Asia/Taipei', i.received_at)) > c.opened_on`)).toBe(0);
    });
  });

  describe('a city at a scale', () => {
    beforeAll(async () => {
      await seedDemoCity(hub.db.url, { scale: 0.05, seed: 2023, reset: true });
    }, 300_000);

    it('stores the flag the records give, and its 2023 rate is near 5.51% and is what the API reports', async () => {
      expect(await flagMismatches()).toEqual([]);
      const year = await reDerivedYear(2023);
      expect((100 * year.reReports) / year.protective).toBeGreaterThan(4);
      expect((100 * year.reReports) / year.protective).toBeLessThan(7.5);
      expect(await reported(2023)).toMatchObject({ numerator: year.reReports, denominator: year.protective, suppressed: false });
    });
  });
});
