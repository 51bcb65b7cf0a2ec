// The indicator exports end to end: a real hub over a seeded city, files
// downloaded over HTTP as an ANALYST and read back with exceljs and a CSV
// parser; every figure equals the API's own indicatorReport answer for the
// same period, suppressed cells included, and nobody else gets a file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { DashboardReportDocument } from '../../src/client/graphql.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import { educationDropouts } from '../../connectors/education-dropouts/index.ts';
import { laborReferrals } from '../../connectors/labor-referrals/index.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { indicatorsOf, type IndicatorReportAnswer } from '../../src/exports/indicator-table.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer } from '../../src/server/app.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';
import { csvLines, expectedDistrictRow, expectedRow, tableOf, xlsxLines, xlsxSheet, xlsxSheets, type DistrictCell, type Indicator, type Line } from './read-export.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'analyst-export-7731', roles: ['ANALYST'], purpose: null };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('indicator exports', () => {
  let hub: TestHub;
  let origin: string;
  // As a client must: a 503 (the year's disclosure audit still running on a loaded machine) is retried after Retry-After.
  const download = async (path: string, caller: Caller | null = ANALYST, headers: Record<string, string> = {}) => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${origin}${path}`, { headers: { ...(await hub.auth.headers(caller)), ...headers } });
      if (response.status !== 503 || attempt === 10) return response;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 5) * 1000));
    }
  };
  const apiReport = async (variables: Record<string, unknown>): Promise<IndicatorReportAnswer> => {
    const response = await hub.query(print(DashboardReportDocument), variables, ANALYST);
    expect(response.errors).toBeUndefined();
    return response.data!.indicatorReport;
  };
  const education: Caller = { unit: 'EDUCATION', sub: 'w-edu-export', purpose: null };
  const secretariat: Caller = { unit: 'SOCIAL', sub: 'w-secretariat-export', roles: ['SUPERVISOR'], purpose: null };
  /** A figure the education bureau returns and the secretariat accepts, so the report lists it. */
  const acceptedReturn = async (input: Record<string, unknown>) => {
    const submitted = await hub.query('mutation ($input: IndicatorReturnInput!) { submitIndicatorReturn(input: $input) { indicatorReturn { id } } }', { input }, education);
    const id = submitted.data!.submitIndicatorReturn.indicatorReturn.id;
    await hub.query('mutation ($id: ID!) { reviewIndicatorReturn(id: $id, decision: ACCEPT) { ok } }', { id }, secretariat);
  };
  // The district names the sheet must show, from the API's own reference data; UNKNOWN is not a district there.
  const districtNamesZh = async (): Promise<Map<string | null, string>> => {
    const response = await hub.query('{ districts { code nameZh } }', {}, ANALYST);
    expect(response.errors).toBeUndefined();
    const names = new Map<string | null, string>(response.data!.districts.map((d: { code: string; nameZh: string }) => [d.code, d.nameZh]));
    return names.set('UNKNOWN', '不詳');
  };
  /** Every indicator × district cell of the answer, in the API's order: what the 各行政區 sheet lists. */
  const districtCellsOf = (indicators: Indicator[]): { indicator: Indicator; cell: DistrictCell }[] =>
    indicators.flatMap((indicator) => (indicator.byDistrict ?? []).map((cell) => ({ indicator, cell })));
  const expectDistrictRows = (lines: Line[], cells: { indicator: Indicator; cell: DistrictCell }[], names: Map<string | null, string>, format: 'xlsx' | 'csv', period: string) => {
    const rows = tableOf(lines);
    expect(rows).toHaveLength(cells.length);
    cells.forEach(({ indicator, cell }, index) =>
      expect(rows[index]).toMatchObject({ ...expectedDistrictRow(indicator, cell, format), 期間: period, 行政區: names.get(cell.district) }),
    );
    return rows;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    origin = new URL(hub.server.url).origin;
    await seedDemoCity(hub.db.url, { scale: 0.005, seed: 11 });
    // Two owners with percentages and targets, so the sheet shows 達成 / 未達成 as well as counts.
    for (const connector of [educationDropouts, laborReferrals]) {
      await connector.generateDemoSource(hub.db.url);
      await connector.sync(hub.db.url);
    }
  }, 120_000);
  afterAll(() => hub.stop());

  it('gives an analyst the council table for 民國112年, every figure as the API answers it', async () => {
    const response = await download('/exports/indicators.xlsx?year=2023');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="indicators-2023-council.xlsx"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const sheet = await xlsxSheet(await response.arrayBuffer());
    const lines = xlsxLines(sheet);
    const report = await apiReport({ year: 2023 });
    const rows = tableOf(lines);
    const indicators = indicatorsOf(report);
    // Both cases this test is for: cells the API shows (percentages with a target among them) and cells it hides.
    expect(indicators.some((i) => i.suppressed)).toBe(true);
    expect(indicators.some((i) => !i.suppressed && i.unit === 'PERCENT' && i.met !== null)).toBe(true);
    expect(rows).toHaveLength(indicators.length);
    indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject({ ...expectedRow(indicator, 'xlsx'), 期間: '112年', 行政區: '全市' }));
    expect(lines[1]![0]).toBe('期間：民國112年（西元2023年）　範圍：全市');
    // Percentages are numbers shown with two decimals, counts whole numbers with separators.
    const headerAt = lines.findIndex((line) => line[0] === '指標代碼');
    indicators.forEach((indicator, index) => {
      if (!indicator.suppressed && indicator.value !== null) expect(sheet.getRow(headerAt + 2 + index).getCell(7).numFmt).toBe(indicator.unit === 'PERCENT' ? '0.00' : '#,##0');
    });
    const triage = rows.find((row) => row.指標代碼 === 'PROTECTIVE_RE_REPORT_RATE')!;
    expect(triage).toMatchObject({ 單位: '%', 目標: '≤ 7.5%', '民國112年(2023)報告數據': '5.51%' });
    const notes = lines.slice(-2).map((line) => String(line[0]));
    expect(notes[0]).toBe(`註：「—」隱藏：少於 ${report.minCellSize} 人的格及其互補格（避免由總數推算）。`);
    expect(notes[1]).toMatch(/^產製時間：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（臺北時間）；下載單位：社會局（SOCIAL）；/);
    // Who downloaded is told by unit only: no token subject in the file.
    expect(JSON.stringify(lines)).not.toContain(ANALYST.sub);
  });

  it('shows a district’s quarter with its suppressed cells as the marker, never a number', async () => {
    const response = await download('/exports/indicators.xlsx?year=2023&quarter=2&district=HEPING');
    expect(response.status).toBe(200);
    const rows = tableOf(xlsxLines(await xlsxSheet(await response.arrayBuffer())));
    const indicators = indicatorsOf(await apiReport({ year: 2023, quarter: 2, district: 'HEPING' }));
    // The case is the one this test is for: the API hides some of these cells and shows others.
    expect(indicators.some((i) => i.suppressed)).toBe(true);
    indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject({ ...expectedRow(indicator, 'xlsx'), 期間: '112年第2季', 行政區: '和平區' }));
    for (const [index, indicator] of indicators.entries()) {
      if (indicator.suppressed) expect([rows[index]!.分子, rows[index]!.分母, rows[index]!.數值]).toEqual(['—', '—', '—']);
    }
  });

  it('gives the coordination meeting its 4-month period and year to date (計至10月), as the API answers them', async () => {
    for (const [query, variables, name, period] of [
      ['fromMonth=1&toMonth=4', { fromMonth: 1, toMonth: 4 }, 'indicators-2023-01-04-council.xlsx', '112年1至4月'],
      ['toMonth=10', { toMonth: 10 }, 'indicators-2023-01-10-council.xlsx', '112年1至10月'],
    ] as const) {
      const response = await download(`/exports/indicators.xlsx?year=2023&${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      const lines = xlsxLines(await xlsxSheet(await response.arrayBuffer()));
      const indicators = indicatorsOf(await apiReport({ year: 2023, ...variables }));
      const rows = tableOf(lines);
      expect(rows).toHaveLength(indicators.length);
      indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject({ ...expectedRow(indicator, 'xlsx'), 期間: period, 行政區: '全市' }));
      expect(lines[1]![0]).toBe(`期間：民國${period}（西元2023年${period.slice(4)}）　範圍：全市`);
    }
    // A run that is a quarter is the quarter's file; a run backwards is refused naming the parameter.
    const quarter = await download('/exports/indicators.csv?year=2023&fromMonth=4&toMonth=6');
    expect(quarter.headers.get('content-disposition')).toBe('attachment; filename="indicators-2023-Q2-council.csv"');
    const backwards = await download('/exports/indicators.csv?year=2023&fromMonth=5&toMonth=4');
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ errors: [{ message: 'toMonth: must not be before fromMonth', extensions: { code: 'BAD_USER_INPUT', parameter: 'toMonth' } }] });
  });

  it('gives the ministry layout: only the indicators with targets', async () => {
    const response = await download('/exports/indicators.xlsx?year=2023&layout=ministry');
    expect(response.status).toBe(200);
    const lines = xlsxLines(await xlsxSheet(await response.arrayBuffer()));
    const withTargets = indicatorsOf(await apiReport({ year: 2023 })).filter((i) => i.target !== null);
    expect(withTargets.length).toBeGreaterThan(0);
    expect(String(lines[0]![0])).toContain('績效考核');
    const rows = tableOf(lines);
    expect(rows.map((row) => row.指標代碼)).toEqual(withTargets.map((i) => i.id));
    withTargets.forEach((indicator, index) => expect(rows[index]).toMatchObject(expectedRow(indicator, 'xlsx')));
  });

  it('gives the districts layout for 民國112年, XLSX and CSV: every indicator × district once, as the API’s byDistrict answers it', async () => {
    // At this scale every district cell of a percentage with a target is hidden: district returns give shown ones (above and below
    // the target of 60%) and a hidden one (2 schools, below k; DALI is hidden with it so that it cannot be recovered from the total).
    const returns = [['XITUN', 40, 42], ['NANTUN', 30, 60], ['BEITUN', 50, 52], ['DALI', 12, 15], ['HEPING', 2, 3]] as const;
    for (const [district, numerator, denominator] of returns) {
      await acceptedReturn({ indicatorId: 'SCHOOLS_ANTI_EXPLOITATION_SESSIONS', year: 2023, district, numerator, denominator, evidence: '各校宣導場次統計表' });
    }
    const report = await apiReport({ year: 2023 });
    const names = await districtNamesZh();
    const cells = districtCellsOf(indicatorsOf(report));
    // The cases this test is for: district cells the API hides and ones it shows, percentages judged against their target, the unknown district.
    expect(cells.some(({ cell }) => cell.suppressed)).toBe(true);
    expect(cells.some(({ cell }) => !cell.suppressed && cell.numerator !== null)).toBe(true);
    expect(cells.some(({ indicator, cell }) => !cell.suppressed && indicator.unit === 'PERCENT' && indicator.target !== null && cell.value !== null)).toBe(true);
    expect(cells.some(({ cell }) => cell.district === 'UNKNOWN')).toBe(true);
    expect(new Set(cells.map(({ indicator, cell }) => `${indicator.id}|${cell.district}`)).size).toBe(cells.length);
    for (const format of ['xlsx', 'csv'] as const) {
      const response = await download(`/exports/indicators.${format}?year=2023&layout=districts`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="indicators-2023-districts.${format}"`);
      let lines: Line[];
      if (format === 'xlsx') {
        const sheets = await xlsxSheets(await response.arrayBuffer());
        expect(sheets.map((sheet) => sheet.name)).toEqual(['各行政區']);
        lines = xlsxLines(sheets[0]!);
      } else {
        lines = csvLines(await response.text());
      }
      expect(lines[0]![0]).toBe('臺中市強化社會安全網計畫 指標統計表（各行政區）');
      expect(lines[1]![0]).toBe('期間：民國112年（西元2023年）　範圍：全市');
      const rows = expectDistrictRows(lines, cells, names, format, '112年');
      const schools = Object.fromEntries(rows.filter((row) => row.指標代碼 === 'SCHOOLS_ANTI_EXPLOITATION_SESSIONS').map((row) => [row.行政區, row.達成情形]));
      expect(schools).toEqual({ 西屯區: '達成', 南屯區: '未達成', 北屯區: '達成', 大里區: '—', 和平區: '—' });
      // A hidden district cell is the marker in all three figures, never a number.
      cells.forEach(({ cell }, index) => {
        if (cell.suppressed) expect([rows[index]!.分子, rows[index]!.分母, rows[index]!.數值]).toEqual(['—', '—', '—']);
      });
      expect(String(lines.at(-2)![0])).toBe(`註：「—」隱藏：少於 ${report.minCellSize} 人的格及其互補格（避免由總數推算）。`);
    }
  });

  it('adds the district breakdown as a second sheet to the city-wide council and ministry workbooks, not to a district’s', async () => {
    const names = await districtNamesZh();
    const sheetsOf = async (query: string) => {
      const response = await download(`/exports/indicators.xlsx?${query}`);
      expect(response.status).toBe(200);
      return xlsxSheets(await response.arrayBuffer());
    };
    const districtsLayout = tableOf(xlsxLines((await sheetsOf('year=2023&layout=districts'))[0]!));
    const indicators = indicatorsOf(await apiReport({ year: 2023 }));

    const council = await sheetsOf('year=2023');
    expect(council.map((sheet) => sheet.name)).toEqual(['議會報告', '各行政區']);
    const councilDistricts = expectDistrictRows(xlsxLines(council[1]!), districtCellsOf(indicators), names, 'xlsx', '112年');
    expect(councilDistricts).toEqual(districtsLayout);

    const ministry = await sheetsOf('year=2023&layout=ministry');
    expect(ministry.map((sheet) => sheet.name)).toEqual(['績效考核', '各行政區']);
    const withTargets = indicators.filter((i) => i.target !== null);
    const ministryDistricts = expectDistrictRows(xlsxLines(ministry[1]!), districtCellsOf(withTargets), names, 'xlsx', '112年');
    expect(ministryDistricts).toEqual(districtsLayout.filter((row) => withTargets.some((i) => i.id === row.指標代碼)));

    // A report asked for one district is that district: one sheet; its districts layout has its own rows only.
    expect((await sheetsOf('year=2023&quarter=2&district=HEPING')).map((sheet) => sheet.name)).toEqual(['議會報告']);
    const heping = districtCellsOf(indicatorsOf(await apiReport({ year: 2023, quarter: 2, district: 'HEPING' }))).filter(({ cell }) => cell.district === 'HEPING');
    expect(heping.length).toBeGreaterThan(0);
    const hepingLines = xlsxLines((await sheetsOf('year=2023&quarter=2&district=HEPING&layout=districts'))[0]!);
    expect(hepingLines[1]![0]).toBe('期間：民國112年第2季（西元2023年第2季）　範圍：和平區');
    expectDistrictRows(hepingLines, heping, names, 'xlsx', '112年第2季');
  });

  it('lists the figures the units entered, with who reported them and when, and says which are not returned yet', async () => {
    await acceptedReturn({ indicatorId: 'SCHOOLS_ANTI_EXPLOITATION_SESSIONS', year: 2022, numerator: 348, denominator: 361, evidence: '各校宣導場次統計表' });
    const response = await download('/exports/indicators.xlsx?year=2022');
    expect(response.status).toBe(200);
    const rows = tableOf(xlsxLines(await xlsxSheet(await response.arrayBuffer())));
    const indicators = indicatorsOf(await apiReport({ year: 2022 }));
    expect(rows).toHaveLength(indicators.length);
    indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject(expectedRow(indicator, 'xlsx')));
    expect(rows.find((row) => row.指標代碼 === 'SCHOOLS_ANTI_EXPLOITATION_SESSIONS')).toMatchObject({
      分子: 348, 分母: 361, 數值: 96.4, 達成情形: '達成', 資料來源: expect.stringMatching(/^教育局\d{4}-\d{2}-\d{2}填報，秘書處\d{4}-\d{2}-\d{2}審核$/),
    });
    expect(rows.find((row) => row.指標代碼 === 'PARENTING_SHARE_OF_FAMILY_EDUCATION')).toMatchObject({ 數值: '未填報', 達成情形: '未填報', 資料來源: '未填報' });
    expect(rows.find((row) => row.指標代碼 === 'SCHOOL_REFERRALS_OPENED')).toMatchObject({ 資料來源: '平臺計算' });
  });

  it('gives the same table as CSV in UTF-8 with a byte-order mark', async () => {
    const response = await download('/exports/indicators.csv?year=2023&month=7');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = tableOf(csvLines(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)));
    const indicators = indicatorsOf(await apiReport({ year: 2023, month: 7 }));
    expect(rows).toHaveLength(indicators.length);
    indicators.forEach((indicator, index) => expect(rows[index]).toMatchObject({ ...expectedRow(indicator, 'csv'), 期間: '112年7月' }));
  });

  it('answers 401 without a token or with a bad one', async () => {
    const missing = await download('/exports/indicators.xlsx?year=2023', null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await missing.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(`${origin}/exports/indicators.csv?year=2023`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
  });

  const others: [string, Caller][] = [
    ...UNIT_CODES.filter((unit) => unit !== 'NGO').map((unit): [string, Caller] => [`a ${unit} caseworker`, { unit, sub: `w-${unit.toLowerCase()}-export` }]),
    ['an NGO worker', { unit: 'NGO', org: 1, sub: 'ngo-export' }],
    ['an auditor', { unit: 'SOCIAL', sub: 'auditor-export', roles: ['AUDITOR'], purpose: 'AUDIT' }],
    ['a supervisor', { unit: 'SOCIAL', sub: 'supervisor-export', roles: ['SUPERVISOR'], purpose: 'SUPERVISION' }],
    ['an administrator', { unit: 'SOCIAL', sub: 'admin-export', roles: ['ADMIN'], purpose: 'SUPERVISION' }],
  ];
  it.each(others)('refuses %s with 403', async (_who, caller) => {
    for (const path of ['/exports/indicators.xlsx?year=2023', '/exports/indicators.csv?year=2023', '/exports/indicators.xlsx?year=2023&layout=districts', '/exports/indicators.csv?year=2023&layout=districts']) {
      const response = await download(path, caller);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ errors: [{ message: 'Indicator exports are for ANALYST tokens only', extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  it('refuses an NGO analyst as the API does: its own authorization decides', async () => {
    for (const path of ['/exports/indicators.xlsx?year=2023', '/exports/indicators.xlsx?year=2023&layout=districts']) {
      const response = await download(path, { unit: 'NGO', org: 1, sub: 'ngo-analyst', roles: ['ANALYST'], purpose: null });
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at |stacktrace/);
    }
  });

  it.each([
    ['', 'year', 'is required'],
    ['year=abc', 'year', 'must be a whole number'],
    ['year=1800', 'year', 'must be a Gregorian year'],
    ['year=2023&quarter=5', 'quarter', 'must be 1 to 4'],
    ['year=2023&month=13', 'month', 'must be 1 to 12'],
    ['year=2023&quarter=1&month=2', 'month', 'not both'],
    ['year=2023&district=ATLANTIS', 'district', 'is not a district code'],
    ['year=2023&layout=mayor', 'layout', 'must be council, ministry or districts'],
    ['year=2023&year=2024', 'year', 'give it once'],
    ['year=2023&format=pdf', 'format', 'unknown parameter'],
  ])('answers 400 for ?%s, naming %s', async (query, parameter, reason) => {
    const response = await download(`/exports/indicators.xlsx?${query}`);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/\n\s+at |stacktrace/);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', parameter });
    expect(error.message).toContain(`${parameter}: `);
    expect(error.message).toContain(reason);
  });

  it('counts a download against the subject’s GraphQL quotas: requests, and the operation’s cost', async () => {
    const limited = await startHubServer({
      subgraphs: allSubgraphs(), auth: hub.auth.settings, port: 0, log: () => undefined, persistedOperationsOnly: false, quotas: { requestsPerMinute: 1, costPerMinute: 1 },
    });
    try {
      const url = `${new URL(limited.url).origin}/exports/indicators.xlsx?year=2023`;
      const headers = await hub.auth.headers({ ...ANALYST, sub: 'analyst-quota-export' });
      const costly = await fetch(url, { headers });
      expect(costly.status).toBe(429);
      expect((await costly.json()).errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringContaining('cost') });
      const again = await fetch(url, { headers });
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await again.json()).errors[0].message).toContain('requests in a minute');
    } finally {
      await limited.stop();
    }
  });
});
