// The KPI API end to end: each owning subgraph aggregates its own records in
// SQL, the gateway joins them in one report, analysts read aggregates and
// never persons, and small cells are hidden together with the cells that
// would reveal them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { educationDropouts } from '../../connectors/education-dropouts/index.ts';
import { openCohort } from '../../connectors/kit/cohort.ts';
import { laborReferrals } from '../../connectors/labor-referrals/index.ts';
import { probationTransitions } from '../../connectors/probation-transitions/index.ts';
import { welfareSubsidies } from '../../connectors/welfare-subsidies/index.ts';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };

const VALUE = 'id numerator denominator value suppressed target met byDistrict { district numerator denominator value suppressed }';
const REPORT = `query Report($year: Int!, $quarter: Int, $month: Int, $district: String) { indicatorReport(year: $year, quarter: $quarter, month: $month, district: $district) {
  periodLabel rocYear district minCellSize caseIndicators { ${VALUE} } welfareIndicators { ${VALUE} } educationIndicators { ${VALUE} } laborIndicators { ${VALUE} } } }`;

interface Cell { district: string | null; numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean }
interface Value extends Cell { id: string; target: number | null; met: boolean | null; byDistrict: Cell[] }

describe('indicator reports', () => {
  let hub: TestHub;
  let folder: string;
  const indicator = async (id: string, variables: Record<string, unknown> = { year: 2023 }) => {
    const response = await hub.query(REPORT, variables, ANALYST);
    expect(response.errors).toBeUndefined();
    const report = response.data!.indicatorReport;
    const all = [...report.caseIndicators, ...report.welfareIndicators, ...report.educationIndicators, ...report.laborIndicators] as Value[];
    return all.find((v) => v.id === id)!;
  };
  const count = async (sql: string) => Number((await prisma().$queryRawUnsafe<{ n: bigint }[]>(sql))[0]!.n);

  beforeAll(async () => {
    hub = await startTestHub();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-kpi-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(hub.db.url, { scale: 0.005, seed: 11 });
    for (const connector of [welfareSubsidies, educationDropouts, laborReferrals, probationTransitions]) {
      await connector.generateDemoSource(hub.db.url);
      await connector.sync(hub.db.url);
    }
  }, 120_000);
  afterAll(async () => {
    await hub.stop();
    await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  it('answers an analyst with every owner’s indicators for 2023, shown with its ROC year', async () => {
    const response = await hub.query(REPORT, { year: 2023 }, ANALYST);
    expect(response.errors).toBeUndefined();
    expect(response.data!.indicatorReport).toMatchObject({ periodLabel: '2023 (民國112年)', rocYear: 112, district: null, minCellSize: 5 });
  });

  it('counts from the records: the same numbers as SQL over the source tables', async () => {
    const services = await indicator('VULNERABLE_FAMILY_SERVICES');
    expect(services.numerator).toBe(await count(`SELECT count(*) AS n FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' AND opened_on < '2024-01-01' AND (closed_on IS NULL OR closed_on >= '2023-01-01')`));
    const referrals = await indicator('SCHOOL_REFERRALS_OPENED');
    expect([referrals.numerator, referrals.denominator]).toEqual([
      await count(`SELECT count(*) AS n FROM education.dropout_episode WHERE referred_to_counselling AND case_opened AND started_on >= '2023-01-01' AND started_on < '2024-01-01'`),
      await count(`SELECT count(*) AS n FROM education.dropout_episode WHERE referred_to_counselling AND started_on >= '2023-01-01' AND started_on < '2024-01-01'`),
    ]);
    expect(referrals.value).toBeCloseTo((100 * referrals.numerator!) / referrals.denominator!, 2);
    expect(referrals.met).toBe(referrals.value! >= 90);
    const reReports = await indicator('PROTECTIVE_RE_REPORT_RATE');
    const protective = `FROM core.intake WHERE kind IN ('CHILD_PROTECTION', 'ADULT_PROTECTION', 'SEXUAL_ASSAULT') AND received_at >= timestamp '2023-01-01' AT TIME ZONE 'Asia/Taipei' AND received_at < timestamp '2024-01-01' AT TIME ZONE 'Asia/Taipei'`;
    const [reported, received] = [await count(`SELECT count(*) AS n ${protective} AND re_report`), await count(`SELECT count(*) AS n ${protective}`)];
    expect(received).toBeGreaterThan(0);
    expect(reReports.target).toBe(7.5);
    // In a small city the city-wide re-reports themselves may be fewer than k: then the total is hidden too.
    if (reported > 0 && reported < 5) expect(reReports).toMatchObject({ suppressed: true, numerator: null, met: null });
    else expect(reReports).toMatchObject({ suppressed: false, numerator: reported, denominator: received, met: (100 * reported) / received <= 7.5 });
    const deposits = await indicator('DEVELOPMENT_ACCOUNT_DEPOSIT_RATE');
    expect(deposits.numerator).toBe(await count(`SELECT count(*) AS n FROM welfare.development_account_deposit WHERE amount > 0 AND month >= '2023-01-01' AND month < '2024-01-01'`));
  });

  it('never shows a district cell below k, and a district asked for alone shows as in the breakdown', async () => {
    const services = await indicator('VULNERABLE_FAMILY_SERVICES');
    for (const cell of services.byDistrict) {
      if (cell.suppressed) expect([cell.numerator, cell.value]).toEqual([null, null]);
      else expect(cell.numerator === 0 || cell.numerator! >= 5).toBe(true);
    }
    const sample = services.byDistrict.find((c) => c.district !== 'UNKNOWN')!;
    const alone = await indicator('VULNERABLE_FAMILY_SERVICES', { year: 2023, district: sample.district });
    expect({ numerator: alone.numerator, suppressed: alone.suppressed }).toEqual({ numerator: sample.numerator, suppressed: sample.suppressed });
  });

  it('hides a district of 3 families, and the next smallest district with it, so the total cannot give it away', async () => {
    // 2031: only the cases made here are in service, all year (a district with months of none would have its
    // whole year of cases in service hidden: year-cube.ts).
    await prisma().$executeRawUnsafe(`UPDATE core."case" SET closed_on = '2030-12-31', status = 'CLOSED' WHERE kind = 'FAMILY_MEDIATION' AND (closed_on IS NULL OR closed_on > '2030-12-31')`);
    for (const [district, families] of [['HEPING', 3], ['DALI', 9], ['XITUN', 20]] as const) {
      await prisma().$executeRawUnsafe(`
        INSERT INTO core."case" (kind, status, family_id, owner_unit_code, district_code, opened_on)
        SELECT 'FAMILY_MEDIATION', 'OPEN', id, 'SOCIAL', '${district}', '2031-01-01' FROM core.family ORDER BY id LIMIT ${families}`);
    }
    const mediation = await indicator('CASES_FAMILY_MEDIATION', { year: 2031 });
    expect(mediation.numerator).toBe(32);
    const cells = Object.fromEntries(mediation.byDistrict.map((c) => [c.district, c]));
    expect(cells.HEPING).toMatchObject({ suppressed: true, numerator: null });
    expect(cells.DALI).toMatchObject({ suppressed: true, numerator: null });
    expect(cells.XITUN).toMatchObject({ suppressed: false, numerator: 20 });
    expect((await indicator('CASES_FAMILY_MEDIATION', { year: 2031, district: 'HEPING' })).suppressed).toBe(true);
    expect((await indicator('CASES_FAMILY_MEDIATION', { year: 2031, district: 'DALI' })).suppressed).toBe(true);
  });

  it('gives an analyst no person, and gives NGOs no aggregates', async () => {
    const person = await hub.query('query ($id: ID!) { person(id: $id) { name } }', { id: gid('Person', 1) }, { ...ANALYST, purpose: 'CASE_WORK' });
    expect(person.data?.person ?? null).toBeNull();
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ngo = await hub.query('{ indicatorReport(year: 2023) { caseIndicators { id } } }', {}, { unit: 'NGO', org: 1, sub: 'ngo', purpose: null });
    expect(ngo.data?.indicatorReport ?? null).toBeNull();
    expect(ngo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives a trend whose points are the monthly reports, with the same protection, in a bounded number of statements', async () => {
    const TREND = `query ($district: String) { indicatorTrend(fromYear: 2023, granularity: MONTH, district: $district) { month periodLabel
      caseIndicators { id numerator suppressed } welfareIndicators { id numerator suppressed } educationIndicators { id numerator suppressed } laborIndicators { id numerator suppressed } } }`;
    const statements: string[] = [];
    const stop = onStatement((sql) => statements.push(sql));
    const response = await hub.query(TREND, {}, ANALYST);
    stop();
    expect(response.errors).toBeUndefined();
    const points = response.data!.indicatorTrend as { month: number; caseIndicators: { id: string; numerator: number | null; suppressed: boolean }[] }[];
    expect(points.map((p) => p.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Every period of the year in the same statements: 3 case-work, 3 welfare, 1 education, 1 labor.
    expect(statements.length).toBeLessThanOrEqual(8);
    const phone = (p: (typeof points)[number]) => p.caseIndicators.find((v) => v.id === 'VULNERABLE_FAMILY_CONTACTS_PHONE')!;
    const march = await indicator('VULNERABLE_FAMILY_CONTACTS_PHONE', { year: 2023, month: 3 });
    expect({ numerator: phone(points[2]!).numerator, suppressed: phone(points[2]!).suppressed }).toEqual({ numerator: march.numerator, suppressed: march.suppressed });
    const shownMonths = points.map(phone).filter((v) => !v.suppressed);
    if (shownMonths.length === 12) {
      const year = await indicator('VULNERABLE_FAMILY_CONTACTS_PHONE');
      expect(shownMonths.reduce((sum, v) => sum + v.numerator!, 0)).toBe(year.numerator);
    }
  });

  it('composes cross-agency indicators through the gateway from sealed cohorts, and the caller gets counts only', async () => {
    const CROSS = `{ indicatorReport(year: 2023) { crossAgencyIndicators { ${VALUE} } welfareCrossAgencyIndicators { ${VALUE} } } }`;
    const response = await hub.query(CROSS, {}, ANALYST);
    expect(response.errors).toBeUndefined();
    const [dropout] = response.data!.indicatorReport.crossAgencyIndicators as Value[];
    const [release] = response.data!.indicatorReport.welfareCrossAgencyIndicators as Value[];
    const rows = async (sql: string) => (await prisma().$queryRawUnsafe<{ n: bigint; d: bigint }[]>(sql)).map((r) => ({ n: Number(r.n), d: Number(r.d) }))[0]!;
    // The same counts written directly over the agencies' tables, without the gateway.
    const expectedDropout = await rows(`
      WITH served AS (SELECT DISTINCT family_id, district_code FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' AND opened_on < '2024-01-01' AND (closed_on IS NULL OR closed_on >= '2023-01-01'))
      SELECT count(*) AS d, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM core.family_membership m JOIN education.dropout_episode e ON e.person_id = m.person_id
        WHERE m.family_id = served.family_id AND e.started_on < '2024-01-01' AND (e.returned_on IS NULL OR e.returned_on >= '2023-01-01')
          AND m.start_date < '2024-01-01' AND (m.end_date IS NULL OR m.end_date >= '2023-01-01'))) AS n FROM served`);
    const expectedRelease = await rows(`
      WITH released AS (SELECT person_id, date_trunc('month', coalesce(release_on, started_on))::date AS month FROM probation.transition
        WHERE kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE') AND coalesce(release_on, started_on) >= '2023-01-01' AND coalesce(release_on, started_on) < '2024-01-01'),
      families AS (SELECT DISTINCT m.family_id FROM released r JOIN core.family_membership m ON m.person_id = r.person_id
        AND m.start_date < r.month + interval '1 month' AND (m.end_date IS NULL OR m.end_date >= r.month))
      SELECT count(*) AS d, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM core.family_membership mm JOIN welfare.status s ON s.person_id = mm.person_id
        WHERE mm.family_id = families.family_id AND s.valid_from < '2024-01-01' AND (s.valid_to IS NULL OR s.valid_to >= '2023-01-01'))) AS n FROM families`);
    expect(expectedDropout.d).toBeGreaterThan(0);
    expect(expectedRelease.d).toBeGreaterThan(0);
    for (const [value, expected] of [[dropout!, expectedDropout], [release!, expectedRelease]] as const) {
      const small = (x: number) => x > 0 && x < 5;
      if (small(expected.n) || small(expected.d)) expect(value).toMatchObject({ suppressed: true, numerator: null });
      else expect(value).toMatchObject({ suppressed: false, numerator: expected.n, denominator: expected.d });
    }
  });

  it('keeps cohorts out of the public API, and sealed for anyone reading a subgraph directly', async () => {
    const asked = await hub.query('{ indicatorReport(year: 2023) { dropoutCohort } }', {}, ANALYST);
    expect(asked.errors?.[0]?.message).toMatch(/Cannot query field "dropoutCohort"/);
    const { educationDropouts: education } = await import('../../connectors/education-dropouts/index.ts');
    const { graphql } = await import('graphql');
    const { createContext } = await import('../../src/graph/context.ts');
    const direct = await graphql({
      schema: education.schema,
      source: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on IndicatorReport { dropoutCohort } } }',
      variableValues: { r: [{ __typename: 'IndicatorReport', key: '2023:::' }] },
      contextValue: createContext({ identity: { sub: 'analyst', unit: 'SOCIAL', org: null, districts: [], roles: ['ANALYST'], purpose: null }, purpose: null, credentials: { authorization: undefined, purpose: undefined } }),
    });
    const sealed = (direct.data as { _entities: { dropoutCohort: string }[] })._entities[0]!.dropoutCohort;
    expect(sealed).toMatch(/^c2\./);
    const members = openCohort(sealed);
    expect(members.length).toBeGreaterThan(0);
    // Not one person id readable without the hub's key.
    expect(() => openCohort(sealed, Buffer.alloc(32, 7))).toThrow();
    expect(sealed).not.toContain(`[${members[0]!.personId},`);
  });

  it('refuses a trend longer than 36 points, naming the field', async () => {
    const response = await hub.query('{ indicatorTrend(fromYear: 2020, toYear: 2023) { key } }', {}, ANALYST);
    expect(response.errors?.[0]).toMatchObject({ message: 'toYear: the series would have 48 points; at most 36 are allowed', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses a period that does not exist, naming the field', async () => {
    const response = await hub.query(REPORT, { year: 2023, quarter: 5 }, ANALYST);
    expect(response.errors?.[0]).toMatchObject({ message: 'quarter: must be 1 to 4', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('lists the whole catalogue, with the reason for each indicator the hub cannot compute yet', async () => {
    const response = await hub.query('{ indicatorCatalogue { id owner notCarriedBecause } }', {}, ANALYST);
    const catalogue = response.data!.indicatorCatalogue as { id: string; owner: string | null; notCarriedBecause: string | null }[];
    expect(catalogue.length).toBeGreaterThan(20);
    for (const entry of catalogue) expect(entry.owner === null).toBe(entry.notCarriedBecause !== null);
  });
});
