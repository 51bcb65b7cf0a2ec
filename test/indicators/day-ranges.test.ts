// Campaign periods are days (the Lunar New Year care project: 10 January –
// 16 February): case-work counts of events and the 24-hour triage rate over a
// range of days, city-wide, shown only where the city's cell of every month
// the range touches is shown (src/indicators/day-ranges.ts says why that tells nothing about a
// district). Checked on the taichung-2023 scenario against SQL, and with
// bad input, an NGO token and the limits.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { indicatorsOwnedBy } from '../../src/indicators/catalogue.ts';
import { dayRangeProblem, monthsTouched, notForDays } from '../../src/indicators/day-ranges.ts';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-days', org: 1, purpose: null };
const DAYS = `query ($from: Date!, $to: Date!) { dayRangeIndicators(fromDate: $from, toDate: $to) { fromDate toDate minCellSize values { id value numerator denominator met suppressed offered reason } } }`;
const day = (text: string) => new Date(`${text}T00:00:00.000Z`);

describe('ranges of days, pure rules', () => {
  it('offers the case-work counts of events and one rate of the shared intakes: the six contact kinds and the 24-hour triage rate', () => {
    const caseWork = indicatorsOwnedBy('indicators');
    expect(caseWork.filter((d) => notForDays(d, caseWork) === null).map((d) => d.id)).toEqual([
      'VULNERABLE_FAMILY_CONTACTS_PHONE', 'VULNERABLE_FAMILY_CONTACTS_VISIT', 'VULNERABLE_FAMILY_CONTACTS_ACCOMPANIMENT', 'VULNERABLE_FAMILY_CONTACTS_NETWORK_CONTACT',
      'VULNERABLE_FAMILY_CONTACTS_FAMILY_CALL', 'VULNERABLE_FAMILY_CONTACTS_OTHER', 'INTAKE_TRIAGED_WITHIN_24H',
    ]);
    // The re-report rate counts parts of the same intakes: only one rate of a shared quantity is published for days.
    expect(notForDays(caseWork.find((d) => d.id === 'PROTECTIVE_RE_REPORT_RATE')!, caseWork)).toMatch(/^shares its denominator with INTAKE_TRIAGED_WITHIN_24H/);
    expect(notForDays(caseWork.find((d) => d.id === 'VULNERABLE_FAMILY_SERVICES')!, caseWork)).toMatch(/^counted for what lasts/);
  });

  it('names the months a range touches, across a new year too', () => {
    expect(monthsTouched(day('2024-01-10'), day('2024-02-16'))).toEqual([{ year: 2024, month: 1 }, { year: 2024, month: 2 }]);
    expect(monthsTouched(day('2023-12-20'), day('2024-01-05'))).toEqual([{ year: 2023, month: 12 }, { year: 2024, month: 1 }]);
    expect(monthsTouched(day('2023-03-01'), day('2023-03-01'))).toEqual([{ year: 2023, month: 3 }]);
  });

  it('refuses a range that is not one, naming the field', () => {
    expect(dayRangeProblem(day('2023-02-16'), day('2023-01-10'))).toEqual({ field: 'toDate', reason: 'must not be before fromDate' });
    expect(dayRangeProblem(day('2023-01-01'), day('2024-01-02'))).toEqual({ field: 'toDate', reason: 'a range covers at most 366 days (got 367)' });
    expect(dayRangeProblem(day('1999-12-31'), day('2000-01-02'))).toEqual({ field: 'fromDate', reason: 'must be between 2000 and 2100' });
    expect(dayRangeProblem(day('2023-01-10'), day('2023-02-16'))).toBeNull();
  });
});

describe('ranges of days through the API, on the 2023 scenario', () => {
  let hub: TestHub;
  const ask = async (from: string, to: string, caller: Caller = ANALYST) => hub.query(DAYS, { from, to }, caller);
  const contacts = async (kind: string, from: string, to: string) =>
    Number((await prisma().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM core.service_contact sc JOIN core."case" c ON c.id = sc.case_id AND c.kind = 'VULNERABLE_FAMILY'
      WHERE sc.kind = '${kind}' AND sc.contacted_on BETWEEN '${from}' AND '${to}'`))[0]!.n);

  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scenario: 'taichung-2023', seed: 2023 });
  }, 300_000);
  afterAll(() => hub.stop());

  it('counts the contacts of the Lunar New Year project’s days as SQL does, and offers nothing that lasts', async () => {
    const response = await ask('2023-01-10', '2023-02-16');
    expect(response.errors).toBeUndefined();
    const report = response.data!.dayRangeIndicators;
    expect(report).toMatchObject({ fromDate: '2023-01-10', toDate: '2023-02-16', minCellSize: 5 });
    const byId = new Map(report.values.map((v: { id: string }) => [v.id, v]));
    for (const kind of ['PHONE', 'VISIT', 'NETWORK_CONTACT']) {
      const count = await contacts(kind, '2023-01-10', '2023-02-16');
      expect(byId.get(`VULNERABLE_FAMILY_CONTACTS_${kind}`)).toEqual({ id: `VULNERABLE_FAMILY_CONTACTS_${kind}`, value: count, numerator: count, denominator: null, met: null, suppressed: false, offered: true, reason: null });
    }
    // No campaign has these days yet: cases in service are not offered.
    expect(byId.get('VULNERABLE_FAMILY_SERVICES')).toMatchObject({ value: null, offered: false, suppressed: false });
    expect(byId.get('PROTECTIVE_RE_REPORT_RATE')).toMatchObject({ value: null, offered: false, suppressed: false });
  });

  it('gives the 24-hour triage rate of the days as SQL counts it, in Taipei days, with its target', async () => {
    const [truth] = await prisma().$queryRawUnsafe<{ triaged: bigint; received: bigint }[]>(`SELECT count(*) FILTER (WHERE triaged_at <= received_at + interval '24 hours') AS triaged, count(*) AS received
      FROM core.intake WHERE (received_at AT TIME ZONE 'Asia/Taipei')::date BETWEEN '2023-01-10' AND '2023-02-16'`);
    const received = Number(truth!.received);
    const triaged = Number(truth!.triaged);
    expect(received).toBeGreaterThanOrEqual(5);
    const rate = (await ask('2023-01-10', '2023-02-16')).data!.dayRangeIndicators.values.find((v: { id: string }) => v.id === 'INTAKE_TRIAGED_WITHIN_24H');
    const value = Math.round((triaged / received) * 10_000) / 100;
    expect(rate).toEqual({ id: 'INTAKE_TRIAGED_WITHIN_24H', value, numerator: triaged, denominator: received, met: value >= 100, suppressed: false, offered: true, reason: null });
    // A week of Taipei days (an intake at 07:00 on 6 March in Taipei is 23:00 on 5 March UTC).
    const [week] = await prisma().$queryRawUnsafe<{ received: bigint }[]>(`SELECT count(*) AS received FROM core.intake WHERE (received_at AT TIME ZONE 'Asia/Taipei')::date BETWEEN '2023-03-06' AND '2023-03-12'`);
    const [utcWeek] = await prisma().$queryRawUnsafe<{ received: bigint }[]>(`SELECT count(*) AS received FROM core.intake WHERE (received_at AT TIME ZONE 'UTC')::date BETWEEN '2023-03-06' AND '2023-03-12'`);
    expect(Number(week!.received)).not.toBe(Number(utcWeek!.received));
    const weekRate = (await ask('2023-03-06', '2023-03-12')).data!.dayRangeIndicators.values.find((v: { id: string }) => v.id === 'INTAKE_TRIAGED_WITHIN_24H');
    expect(weekRate).toMatchObject({ denominator: Number(week!.received), suppressed: false });
  });

  it('gives cases in service over a campaign the secretariat set up, as SQL counts them, and over no other range of days', async () => {
    const secretariat: Caller = { unit: 'SOCIAL', sub: 'w-secretariat-days', roles: ['SUPERVISOR'], purpose: null };
    const created = await hub.query(
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ok campaign { id } } }',
      { input: { name: '112年春節關懷專案', fromDate: '2023-01-10', toDate: '2023-02-16', deadline: '2023-02-23', items: [{ key: 'VISITS', label: '訪視人次' }], units: ['SOCIAL'] } },
      secretariat,
    );
    expect(created.data!.createCampaign.ok).toBe(true);
    const cases = async (kind: string) =>
      Number((await prisma().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM core."case" WHERE kind = '${kind}' AND opened_on <= '2023-02-16' AND (closed_on IS NULL OR closed_on >= '2023-01-10')`))[0]!.n);
    const campaign = (await ask('2023-01-10', '2023-02-16')).data!.dayRangeIndicators.values as { id: string; value: number | null; suppressed: boolean; offered: boolean }[];
    const services = campaign.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!;
    expect(services).toMatchObject({ offered: true, suppressed: false, value: await cases('VULNERABLE_FAMILY') });
    for (const value of campaign.filter((v) => v.id.startsWith('CASES_'))) {
      expect(value.offered).toBe(true);
      if (!value.suppressed) expect(value.value).toBe(await cases(value.id.replace('CASES_', '')));
    }
    // A day more or less is no campaign: cases in service are not offered, with the reason.
    const other = (await ask('2023-01-10', '2023-02-17')).data!.dayRangeIndicators.values.find((v: { id: string }) => v.id === 'VULNERABLE_FAMILY_SERVICES');
    expect(other).toMatchObject({ offered: false, value: null, reason: expect.stringMatching(/^counted for what lasts \(cases in service, certificates valid\): published for days only over a campaign's exact days/) });
  });

  it('hides a count below k, and a range touching a month whose city count is hidden', async () => {
    const oneDay = (await ask('2023-03-04', '2023-03-04')).data!.dayRangeIndicators.values as { id: string; value: number | null; suppressed: boolean }[];
    // One day of the city: some kinds have k or more contacts, some fewer.
    expect(oneDay.some((v) => v.id.startsWith('VULNERABLE_FAMILY_CONTACTS_') && v.suppressed)).toBe(true);
    expect(oneDay.some((v) => v.id.startsWith('VULNERABLE_FAMILY_CONTACTS_') && !v.suppressed)).toBe(true);
    for (const value of oneDay.filter((v) => v.id.startsWith('VULNERABLE_FAMILY_CONTACTS_'))) {
      const truth = await contacts(value.id.replace('VULNERABLE_FAMILY_CONTACTS_', ''), '2023-03-04', '2023-03-04');
      expect(value.suppressed).toBe(truth < 5 || value.value === null);
      if (!value.suppressed) expect(value.value).toBe(truth);
    }
    // 2030 has no records: every month's city count is 0, hidden, so nothing over its days is shown.
    const empty = (await ask('2030-01-10', '2030-02-16')).data!.dayRangeIndicators.values as { offered: boolean; suppressed: boolean }[];
    expect(empty.filter((v) => v.offered).every((v) => v.suppressed)).toBe(true);
  });

  it('answers a range over the new year, shown only when both years show their months', async () => {
    const response = await ask('2022-12-20', '2023-01-05');
    expect(response.errors).toBeUndefined();
    const phone = response.data!.dayRangeIndicators.values.find((v: { id: string }) => v.id === 'VULNERABLE_FAMILY_CONTACTS_PHONE');
    const truth = await contacts('PHONE', '2022-12-20', '2023-01-05');
    const cityPhone = async (year: number, month: number) =>
      (await hub.query('query ($year: Int!, $month: Int!) { indicatorReport(year: $year, month: $month) { caseIndicators { id suppressed } } }', { year, month }, ANALYST))
        .data!.indicatorReport.caseIndicators.find((v: { id: string }) => v.id === 'VULNERABLE_FAMILY_CONTACTS_PHONE').suppressed as boolean;
    const monthsShown = !(await cityPhone(2022, 12)) && !(await cityPhone(2023, 1));
    expect(truth).toBeGreaterThanOrEqual(5);
    expect(phone).toMatchObject(monthsShown ? { value: truth, suppressed: false } : { value: null, suppressed: true });
  });

  it('costs two statements beyond the years it reads (contacts, intakes), which a report of the same year shares', async () => {
    await ask('2023-05-01', '2023-05-20');
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    await ask('2023-06-01', '2023-07-20');
    stop();
    // The year's counts are kept (counts-cache.ts); the range itself is two statements: contacts, intakes.
    expect(statements.filter((s) => s.includes('service_contact') && s.includes('count(*)') && !s.includes('UNION ALL'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('core.intake') && s.includes('FILTER'))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('refuses bad ranges with BAD_USER_INPUT naming the field, and NGOs', async () => {
    for (const [from, to, message] of [
      ['2023-02-16', '2023-01-10', 'toDate: must not be before fromDate'],
      ['2023-01-01', '2024-06-01', 'toDate: a range covers at most 366 days (got 518)'],
    ] as const) {
      const response = await ask(from, to);
      expect(response.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect((await ask('2023-02-30', '2023-03-01')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ask('2023-01-10', '2023-02-16', NGO)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an NGO at the indicators subgraph called directly too, for days and for the staffing table', async () => {
    const indicators = await startCoreSubgraph(hub, 'indicators');
    try {
      const days = await askSubgraph(indicators, hub, NGO, DAYS, { from: '2023-01-10', to: '2023-02-16' });
      expect(days.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const staffing = await askSubgraph(indicators, hub, NGO, '{ staffingTable(year: 2023) { total { hired } } }');
      expect(staffing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // An analyst reaches the same subgraph directly: aggregates are what it may read.
      const analyst = await askSubgraph(indicators, hub, ANALYST, DAYS, { from: '2023-01-10', to: '2023-02-16' });
      expect(analyst.errors).toBeUndefined();
    } finally {
      await indicators.stop();
    }
  });
});
