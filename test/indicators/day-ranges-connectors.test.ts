// Every indicator over a range of days, not only the case work's: each
// connector that owns indicators extends DayRangeIndicatorReport with its
// own, counted over the days from the records its month buckets are made
// of, and shown by the same rules (src/indicators/day-ranges.ts); meetings
// are counted as they are; what cannot be published for days is listed with
// the reason. Checked on the taichung-2023 scenario against SQL and against
// the API's own month cells, for every unit and role, at each subgraph
// called directly, and with made-up entity keys.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql } from 'graphql';
import { connectors } from '../../connectors/registry.ts';
import { welfareSubsidies } from '../../connectors/welfare-subsidies/index.ts';
import { createContext } from '../../src/graph/context.ts';
import { indicatorsSchema } from '../../src/indicators/subgraph.ts';
import { INDICATORS } from '../../src/indicators/catalogue.ts';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { untilAvailable } from '../support/indicator-warmup.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-days', org: 1, purpose: null };
const FIELDS = 'id value numerator denominator met suppressed offered reason';
const CONNECTOR_FIELDS = ['welfareIndicators', 'educationIndicators', 'laborIndicators', 'crossAgencyIndicators', 'welfareCrossAgencyIndicators', 'meetingIndicators', 'enteredIndicators'] as const;
const DAYS = `query ($from: Date!, $to: Date!) { dayRangeIndicators(fromDate: $from, toDate: $to) { key values { id } ${CONNECTOR_FIELDS.map((f) => `${f} { ${FIELDS} }`).join(' ')} } }`;
const MONTH = `query ($month: Int!) { indicatorReport(year: 2023, month: $month) {
  welfareIndicators { id numerator denominator suppressed } educationIndicators { id numerator denominator suppressed } laborIndicators { id numerator denominator suppressed } } }`;

interface DayValue { id: string; value: number | null; numerator: number | null; denominator: number | null; met: boolean | null; suppressed: boolean; offered: boolean; reason: string | null }
type DayReport = Record<(typeof CONNECTOR_FIELDS)[number], DayValue[]> & { key: string; values: { id: string }[] };

/** Which subgraph serves which field of the report, for asking each directly. */
const SERVED_BY: Record<string, string> = {
  welfareIndicators: 'welfare-subsidies', educationIndicators: 'education-dropouts', laborIndicators: 'labor-referrals', crossAgencyIndicators: 'cross-agency', meetingIndicators: 'indicators', enteredIndicators: 'indicators',
};

describe('every indicator over a range of days, on the 2023 scenario', () => {
  let hub: TestHub;
  let folder: string;
  // As a client must: the first request after a year's counts change may be asked to retry while its audit finishes (indicator-warmup.ts).
  const query = (text: string, variables: Record<string, unknown>, caller: Caller = ANALYST) => untilAvailable(() => hub.query(text, variables, caller));
  const ask = (from: string, to: string, caller: Caller = ANALYST) => query(DAYS, { from, to }, caller);
  const report = async (from: string, to: string): Promise<DayReport> => {
    const response = await ask(from, to);
    expect(response.errors).toBeUndefined();
    return response.data!.dayRangeIndicators as DayReport;
  };
  const byId = (r: DayReport) => new Map(CONNECTOR_FIELDS.flatMap((field) => r[field]).map((v) => [v.id, v]));
  const sql = async (query: string) => (await prisma().$queryRawUnsafe<Record<string, bigint>[]>(query))[0]!;

  beforeAll(async () => {
    hub = await startTestHub();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-days-connectors-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(hub.db.url, { scenario: 'taichung-2023', seed: 2023 });
    for (const connector of connectors) await connector.generateDemoSource(hub.db.url);
    for (const connector of connectors) await connector.sync(hub.db.url);
  }, 600_000);
  afterAll(async () => {
    await hub.stop();
    await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  /** Whether the owner's city cell of each month is shown in the month's report. */
  const cityMonthsShown = async (id: string, months: number[]) => {
    for (const month of months) {
      const cells = (await query(MONTH, { month }, ANALYST)).data!.indicatorReport;
      const cell = [...cells.welfareIndicators, ...cells.educationIndicators, ...cells.laborIndicators].find((v: { id: string }) => v.id === id);
      if (cell.suppressed) return false;
    }
    return true;
  };

  /** Each connector's offered indicator over the days, counted in SQL from the source tables. */
  const TRUTH: Record<string, (from: string, to: string) => string> = {
    DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS: (from, to) => `SELECT count(*) AS n, NULL::bigint AS d FROM welfare.account_followup_visit v JOIN core.person p ON p.id = v.person_id
      WHERE v.visit_date BETWEEN '${from}' AND '${to}'`,
    SCHOOL_REFERRALS_OPENED: (from, to) => `SELECT count(*) FILTER (WHERE case_opened) AS n, count(*) AS d FROM education.dropout_episode e JOIN core.person p ON p.id = e.person_id
      WHERE e.referred_to_counselling AND e.started_on BETWEEN '${from}' AND '${to}'`,
    VOCATIONAL_REHABILITATION_EMPLOYMENT: (from, to) => `SELECT count(*) FILTER (WHERE outcome = 'PLACED') AS n, count(*) AS d FROM labor.referral r JOIN published.person p ON p.id = r.person_id
      WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND r.referred_on BETWEEN '${from}' AND '${to}'`,
  };
  const TARGETS: Record<string, number | null> = { DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS: null, SCHOOL_REFERRALS_OPENED: 90, VOCATIONAL_REHABILITATION_EMPLOYMENT: 30 };

  /** What the API must answer for the indicator over the days: SQL's figures when every month touched shows its city cell and both are k or more, else hidden. */
  const expectedOverDays = async (id: string, from: string, to: string, months: number[]) => {
    const truth = await sql(TRUTH[id]!(from, to));
    const [n, d] = [Number(truth.n), truth.d === null ? null : Number(truth.d)];
    if (!(await cityMonthsShown(id, months)) || n < 5 || (d !== null && d < 5)) return { id, value: null, numerator: null, denominator: null, met: null, suppressed: true, offered: true, reason: null };
    const value = d === null ? n : Math.round((n / d) * 10_000) / 100;
    return { id, value, numerator: n, denominator: d, met: TARGETS[id] === null ? null : value >= TARGETS[id]!, suppressed: false, offered: true, reason: null };
  };

  it('counts each connector’s events over days as SQL does: the Lunar New Year project’s, and days across two months that show their cells', async () => {
    const lunar = byId(await report('2023-01-10', '2023-02-16'));
    let compared = 0;
    for (const id of Object.keys(TRUTH)) {
      expect(lunar.get(id)).toEqual(await expectedOverDays(id, '2023-01-10', '2023-02-16', [1, 2]));
      // The same length of days across the first two months that both show the city cell, so a figure is compared, not only a hidden one.
      let month = 1;
      while (month < 12 && !(await cityMonthsShown(id, [month, month + 1]))) month += 1;
      expect(month).toBeLessThan(12);
      const [from, to] = [`2023-${String(month).padStart(2, '0')}-10`, `2023-${String(month + 1).padStart(2, '0')}-16`];
      const expected = await expectedOverDays(id, from, to, [month, month + 1]);
      expect(byId(await report(from, to)).get(id)).toEqual(expected);
      if (!expected.suppressed) compared += 1;
    }
    // Visits and school referrals at least: their 38 days hold well over k.
    expect(compared).toBeGreaterThanOrEqual(2);
  });

  it('lists what is not published for days, each with its reason', async () => {
    const r = await report('2023-01-10', '2023-02-16');
    const values = byId(r);
    expect(values.get('DEVELOPMENT_ACCOUNT_DEPOSIT_RATE')).toMatchObject({ offered: false, value: null, suppressed: false, reason: expect.stringMatching(/^counted once per account and month/) });
    expect(values.get('DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE')).toMatchObject({ offered: false, value: null, reason: expect.stringMatching(/^counted for what lasts/) });
    for (const field of ['crossAgencyIndicators', 'welfareCrossAgencyIndicators'] as const) {
      expect(r[field].length).toBeGreaterThan(0);
      for (const value of r[field]) expect(value).toMatchObject({ offered: false, value: null, numerator: null, reason: expect.stringMatching(/^a cross-agency indicator/) });
    }
    expect(values.get('HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS')).toMatchObject({ offered: false, value: null, reason: expect.stringMatching(/whole years only/) });
    for (const value of r.enteredIndicators) expect(value).toMatchObject({ offered: false, value: null, reason: expect.stringMatching(/^entered by the units that own it/) });
    // Every row of the catalogue is listed once, over all the owners' fields.
    const ids = [...r.values, ...CONNECTOR_FIELDS.flatMap((field) => r[field])].map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(INDICATORS.map((d) => d.id).sort());
  });

  it('gives for a whole month of days what the month’s city cell shows, for every month of 2023', async () => {
    let shown = 0;
    for (let month = 1; month <= 12; month += 1) {
      const monthly = await query(MONTH, { month }, ANALYST);
      expect(monthly.errors).toBeUndefined();
      const cells = [...monthly.data!.indicatorReport.welfareIndicators, ...monthly.data!.indicatorReport.educationIndicators, ...monthly.data!.indicatorReport.laborIndicators] as
        { id: string; numerator: number | null; denominator: number | null; suppressed: boolean }[];
      const last = new Date(Date.UTC(2023, month, 0)).getUTCDate();
      const days = byId(await report(`2023-${String(month).padStart(2, '0')}-01`, `2023-${String(month).padStart(2, '0')}-${last}`));
      for (const cell of cells) {
        const day = days.get(cell.id)!;
        if (!day.offered) continue;
        // The same records: a month shown with k or more is the month of days; a hidden month hides its days.
        if (cell.suppressed || cell.numerator! < 5 || (cell.denominator !== null && cell.denominator < 5)) expect(day).toMatchObject({ suppressed: true, value: null });
        else {
          expect(day).toMatchObject({ suppressed: false, numerator: cell.numerator, denominator: cell.denominator });
          shown += 1;
        }
      }
    }
    // Visits and school referrals every month at least; the test must compare figures, not only hidden ones.
    expect(shown).toBeGreaterThanOrEqual(24);
  });

  it('hides a count below k, and everything over days whose months show nothing', async () => {
    const oneDay = byId(await report('2023-03-06', '2023-03-06'));
    const vocational = Number((await sql(`SELECT count(*) AS n FROM labor.referral WHERE kind = 'VOCATIONAL_REHABILITATION' AND mental_disability AND referred_on = '2023-03-06'`)).n);
    expect(vocational).toBeLessThan(5);
    expect(oneDay.get('VOCATIONAL_REHABILITATION_EMPLOYMENT')).toMatchObject({ suppressed: true, value: null, numerator: null, denominator: null });
    const empty = byId(await report('2030-01-10', '2030-02-16'));
    for (const id of ['DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS', 'SCHOOL_REFERRALS_OPENED', 'VOCATIONAL_REHABILITATION_EMPLOYMENT']) {
      expect(empty.get(id)).toMatchObject({ offered: true, suppressed: true, value: null });
    }
  });

  it('counts meetings held over the days, by the day they started in Taipei, as they are', async () => {
    const insert = (kind: string, startsAt: string, status: string) =>
      prisma().$executeRawUnsafe(`INSERT INTO core.meeting (kind, level, title, convenor_unit_code, convened_by, starts_at, place, access_until, status, recorded_by)
        VALUES ('${kind}', 'CITY', 'test', 'SOCIAL', 'w-sec', '${startsAt}', 'city hall', '${startsAt}'::timestamptz + interval '30 days', '${status}', ${status === 'HELD' ? "'w-sec'" : 'NULL'})`);
    await insert('CITY_COORDINATION', '2023-01-15T10:00:00+08:00', 'HELD');
    await insert('CASE_CONFERENCE', '2023-02-16T23:30:00+08:00', 'HELD');
    // 17 February in Taipei (16 February in UTC): outside the days.
    await insert('CASE_CONFERENCE', '2023-02-17T00:30:00+08:00', 'HELD');
    await insert('CASE_CONFERENCE', '2023-01-20T10:00:00+08:00', 'SCHEDULED');
    const values = byId(await report('2023-01-10', '2023-02-16'));
    expect(values.get('CROSS_NETWORK_MEETINGS')).toMatchObject({ value: 2, numerator: 2, offered: true, suppressed: false });
    expect(values.get('CROSS_NETWORK_MEETINGS_CITY')).toMatchObject({ value: 1, offered: true });
    expect(values.get('CROSS_NETWORK_MEETINGS_CASE_CONFERENCE')).toMatchObject({ value: 1, offered: true });
    expect(values.get('CROSS_NETWORK_MEETINGS_RELEASE_TRANSITION')).toMatchObject({ value: 0, offered: true });
  });

  it('answers every unit and role that reads aggregates alike, and refuses an NGO', async () => {
    const expected = (await ask('2023-04-03', '2023-05-12')).data!.dayRangeIndicators;
    const callers: Caller[] = [
      { unit: 'SOCIAL', sub: 'w-social' },
      { unit: 'EDUCATION', sub: 'w-edu-sup', roles: ['SUPERVISOR'] },
      { unit: 'LABOR', sub: 'w-labor' },
      { unit: 'POLICE', sub: 'w-police' },
      { unit: 'JUSTICE', sub: 'w-justice' },
      { unit: 'HEALTH', sub: 'w-health' },
      { unit: 'CIVIL_AFFAIRS', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin', roles: ['ADMIN'] },
    ];
    for (const caller of callers) {
      const response = await ask('2023-04-03', '2023-05-12', caller);
      expect(response.errors).toBeUndefined();
      expect(response.data!.dayRangeIndicators).toEqual(expected);
    }
    const refused = await ask('2023-04-03', '2023-05-12', NGO);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.dayRangeIndicators ?? null).toBeNull();
  });

  it('at each subgraph called directly: the analyst gets the gateway’s figures, an NGO nothing, a made-up key nothing', async () => {
    const through = await report('2023-01-10', '2023-02-16');
    for (const [field, name] of Object.entries(SERVED_BY)) {
      const subgraph = await startCoreSubgraph(hub, name);
      try {
        const entities = (key: string, caller: Caller) =>
          askSubgraph(subgraph, hub, caller, `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on DayRangeIndicatorReport { ${field} { ${FIELDS} } } } }`, {
            representations: [{ __typename: 'DayRangeIndicatorReport', key }],
          });
        const analyst = await entities('2023-01-10..2023-02-16', ANALYST);
        expect(analyst.errors).toBeUndefined();
        expect((analyst.data as { _entities: Record<string, DayValue[]>[] })._entities[0]![field]).toEqual(through[field as keyof DayReport]);
        const ngo = await entities('2023-01-10..2023-02-16', NGO);
        expect(ngo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(ngo.data ?? null)).not.toContain('"value"');
        for (const key of ['2023-02-30..2023-03-01', 'garbage', '2023-01-01..2024-06-01', '2023-02-16..2023-01-10', '1999-12-31..2000-01-02']) {
          const made = await entities(key, ANALYST);
          const entity = (made.data as { _entities: (Record<string, unknown> | null)[] } | null)?._entities?.[0] ?? null;
          expect(entity === null || entity[field] === null).toBe(true);
        }
      } finally {
        await subgraph.stop();
      }
    }
  });

  it('costs a bounded number of statements: one per owner for its days and one per cohort, beside the years it reads', async () => {
    await report('2023-06-01', '2023-06-20');
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    await report('2023-07-01', '2023-07-20');
    stop();
    const days = (table: string) => statements.filter((s) => s.includes(table) && s.includes('unnest') && !s.includes('indicator_buckets'));
    expect(days('account_followup_visit')).toHaveLength(1);
    expect(days('education.dropout_episode')).toHaveLength(1);
    expect(days('labor.referral')).toHaveLength(1);
    // The two cohorts the cross-agency indicators require, one statement each (July is no campaign: nothing is counted over them).
    expect(statements.filter((s) => s.includes('education.dropout_episode') && s.includes('"firstDay"'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('probation.transition'))).toHaveLength(1);
    // The year's campaigns once per subgraph fetch that may publish over a campaign's days: the case work, welfare's own
    // indicators and (a later fetch, after the cohort) its cross-agency one, the cross-agency subgraph's.
    expect(statements.filter((s) => s.includes('FROM core.campaign'))).toHaveLength(4);
    expect(statements.length).toBeLessThanOrEqual(16);
  });

  it('counts many ranges sent to a subgraph at once in one statement per owner, each as the gateway gives it alone', async () => {
    const keys = ['2023-03-01..2023-03-10', '2023-04-01..2023-04-20', '2023-05-05..2023-06-05', '2023-08-01..2023-08-31'];
    const analyst = createContext({ identity: { sub: 'dashboard', unit: 'SOCIAL', org: null, districts: [], roles: ['ANALYST'], purpose: null }, purpose: null, credentials: { authorization: undefined, purpose: undefined } });
    for (const [schema, field, table] of [[welfareSubsidies.schema, 'welfareIndicators', 'account_followup_visit'], [indicatorsSchema, 'values', 'service_contact']] as const) {
      const statements: string[] = [];
      const stop = onStatement((statement) => statements.push(statement));
      const direct = await graphql({
        schema,
        source: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on DayRangeIndicatorReport { ${field} { ${FIELDS} } } } }`,
        variableValues: { representations: keys.map((key) => ({ __typename: 'DayRangeIndicatorReport', key })) },
        contextValue: analyst,
      });
      stop();
      expect(direct.errors).toBeUndefined();
      expect(statements.filter((s) => s.includes(table) && s.includes('unnest'))).toHaveLength(1);
      const entities = (direct.data as { _entities: Record<string, DayValue[]>[] })._entities;
      for (const [i, key] of keys.entries()) {
        const [from, to] = key.split('..') as [string, string];
        const alone = await query(`query ($from: Date!, $to: Date!) { dayRangeIndicators(fromDate: $from, toDate: $to) { ${field} { ${FIELDS} } } }`, { from, to }, ANALYST);
        expect(entities[i]![field]).toEqual(alone.data!.dayRangeIndicators[field]);
      }
    }
  });

  it('gives the needs-assessment rate over a campaign the secretariat set up, audited with its year, as SQL counts it, to every reader alike; over no other days', async () => {
    const ID = 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE';
    const [from, to] = ['2023-03-06', '2023-04-20'];
    // No campaign has these days yet: not offered, with the reason.
    expect(byId(await report(from, to)).get(ID)).toMatchObject({ offered: false, value: null, reason: expect.stringMatching(/only over a campaign's exact days/) });
    const secretariat: Caller = { unit: 'SOCIAL', sub: 'w-secretariat-rate', roles: ['SUPERVISOR'], purpose: null };
    const created = await query(
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ok } }',
      { input: { name: '112年身障需求評估專案', fromDate: from, toDate: to, deadline: '2023-04-27', items: [{ key: 'VISITS', label: '訪視人次' }], units: ['SOCIAL'] } },
      secretariat,
    );
    expect(created.data!.createCampaign.ok).toBe(true);
    const truth = await sql(`SELECT
      (SELECT count(*) FROM welfare.needs_assessment_visit v JOIN core.person p ON p.id = v.person_id WHERE v.visit_date BETWEEN '${from}' AND '${to}') AS n,
      (SELECT count(*) FROM welfare.disability_certificate c JOIN core.person p ON p.id = c.person_id WHERE c.valid_from <= '${to}' AND (c.valid_to IS NULL OR c.valid_to >= '${from}')) AS d`);
    const [n, d] = [Number(truth.n), Number(truth.d)];
    expect(n).toBeGreaterThanOrEqual(5);
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    const campaign = await report(from, to);
    stop();
    const value = Math.round((n / d) * 10_000) / 100;
    // Shown: the scenario's year shows its cells, and the attack with the campaign pins nothing.
    expect(byId(campaign).get(ID)).toEqual({ id: ID, value, numerator: n, denominator: d, met: value >= 12, suppressed: false, offered: true, reason: null });
    expect(statements.filter((s) => s.includes('needs_assessment_visit') && s.includes('disability_certificate') && s.includes('unnest'))).toHaveLength(1);
    // A day more or less is no campaign.
    for (const [a, b] of [[from, '2023-04-21'], ['2023-03-07', to]]) expect(byId(await report(a!, b!)).get(ID)).toMatchObject({ offered: false, value: null, numerator: null, denominator: null });
    // Every unit and role that reads aggregates gets the same figure; an NGO nothing.
    for (const caller of [{ unit: 'EDUCATION', sub: 'w-edu-rate', roles: ['SUPERVISOR'] }, { unit: 'HEALTH', sub: 'w-health-rate' }, { unit: 'CIVIL_AFFAIRS', sub: 'w-auditor-rate', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
      const response = await ask(from, to, caller);
      expect(response.errors).toBeUndefined();
      expect(response.data!.dayRangeIndicators.welfareIndicators).toEqual(campaign.welfareIndicators);
    }
    expect((await ask(from, to, NGO)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The welfare subgraph called directly: the analyst gets the gateway's figure, an NGO nothing.
    const subgraph = await startCoreSubgraph(hub, 'welfare-subsidies');
    try {
      const entities = (caller: Caller) =>
        askSubgraph(subgraph, hub, caller, `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on DayRangeIndicatorReport { welfareIndicators { ${FIELDS} } } } }`, {
          representations: [{ __typename: 'DayRangeIndicatorReport', key: `${from}..${to}` }],
        });
      const analyst = await entities(ANALYST);
      expect((analyst.data as { _entities: { welfareIndicators: DayValue[] }[] })._entities[0]!.welfareIndicators).toEqual(campaign.welfareIndicators);
      const ngo = await entities(NGO);
      expect(ngo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(ngo.data ?? null)).not.toContain('"value"');
    } finally {
      await subgraph.stop();
    }
  });

  it('gives the cross-agency indicators over a campaign’s days, over the cohorts the gateway carries, audited with their year, as SQL counts them; over no other days', async () => {
    const [from, to] = ['2023-01-10', '2023-02-16'];
    const created = await query(
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ok } }',
      { input: { name: '112年春節關懷專案', fromDate: from, toDate: to, deadline: '2023-02-23', items: [{ key: 'VISITS', label: '訪視人次' }], units: ['SOCIAL'] } },
      { unit: 'SOCIAL', sub: 'w-secretariat-cross', roles: ['SUPERVISOR'], purpose: null },
    );
    expect(created.data!.createCampaign.ok).toBe(true);
    // SQL from the agencies' own tables, not from the cohorts: families of vulnerable-family cases in service on any of the days
    // (per district of the case), those with a member in a dropout episode on one of them; families with a member released on
    // one of the days (members at the month of release), those with a member holding a welfare status on one of them.
    const dropout = await sql(`WITH served AS (
        SELECT DISTINCT c.family_id, c.district_code FROM core."case" c
        WHERE c.kind = 'VULNERABLE_FAMILY' AND c.opened_on <= '${to}' AND (c.closed_on IS NULL OR c.closed_on >= '${from}'))
      SELECT count(*) AS d, count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM core.family_membership m JOIN education.dropout_episode e ON e.person_id = m.person_id
        WHERE m.family_id = s.family_id AND m.start_date <= '${to}' AND (m.end_date IS NULL OR m.end_date >= '${from}')
          AND e.started_on <= '${to}' AND (e.returned_on IS NULL OR e.returned_on >= '${from}'))) AS n FROM served s`);
    const released = await sql(`WITH families AS (
        SELECT DISTINCT m.family_id FROM probation.transition t
        JOIN core.family_membership m ON m.person_id = t.person_id
         AND m.start_date < date_trunc('month', coalesce(t.release_on, t.started_on)) + interval '1 month'
         AND (m.end_date IS NULL OR m.end_date >= date_trunc('month', coalesce(t.release_on, t.started_on)))
        WHERE t.kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE') AND coalesce(t.release_on, t.started_on) BETWEEN '${from}' AND '${to}')
      SELECT count(*) AS d, count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM core.family_membership mm JOIN welfare.status st ON st.person_id = mm.person_id
        WHERE mm.family_id = f.family_id AND st.valid_from <= '${to}' AND (st.valid_to IS NULL OR st.valid_to >= '${from}'))) AS n
      FROM families f JOIN core.family fam ON fam.id = f.family_id`);
    const campaign = await report(from, to);
    const expected = (id: string, truth: Record<string, bigint>) => {
      const [n, d] = [Number(truth.n), Number(truth.d)];
      if (n < 5 || d < 5) return { id, value: null, numerator: null, denominator: null, met: null, suppressed: true, offered: true, reason: null };
      return { id, value: Math.round((n / d) * 10_000) / 100, numerator: n, denominator: d, met: null, suppressed: false, offered: true, reason: null };
    };
    const withDropout = campaign.crossAgencyIndicators.find((v) => v.id === 'VULNERABLE_FAMILIES_WITH_DROPOUT')!;
    const onWelfare = campaign.welfareCrossAgencyIndicators.find((v) => v.id === 'RELEASE_TRANSITION_FAMILIES_ON_WELFARE')!;
    // The families with a dropout are many over the Lunar New Year days: shown, and as SQL counts them.
    expect(withDropout).toEqual(expected('VULNERABLE_FAMILIES_WITH_DROPOUT', dropout));
    expect(withDropout.suppressed).toBe(false);
    // Releases over 38 days are few: shown as SQL counts them when the audit lets them, else hidden; never another figure.
    const releaseTruth = expected('RELEASE_TRANSITION_FAMILIES_ON_WELFARE', released);
    expect(onWelfare).toEqual(onWelfare.suppressed ? { ...releaseTruth, value: null, numerator: null, denominator: null, suppressed: true } : releaseTruth);
    process.stdout.write(`Cross-agency over the Lunar New Year days: dropout ${withDropout.numerator}/${withDropout.denominator}, released on welfare ${onWelfare.suppressed ? 'hidden' : `${onWelfare.numerator}/${onWelfare.denominator}`} (SQL ${released.n}/${released.d})\n`);
    // A day more is no campaign: not offered, with the reason.
    const longer = await report(from, '2023-02-17');
    for (const value of [...longer.crossAgencyIndicators, ...longer.welfareCrossAgencyIndicators]) {
      expect(value).toMatchObject({ offered: false, value: null, numerator: null, reason: expect.stringMatching(/^a cross-agency indicator .* only over a campaign's exact days/) });
    }
    // Every reader of aggregates alike; an NGO nothing.
    for (const caller of [{ unit: 'JUSTICE', sub: 'w-justice-cross' }, { unit: 'EDUCATION', sub: 'w-edu-cross', roles: ['SUPERVISOR'] }, { unit: 'SOCIAL', sub: 'w-admin-cross', roles: ['ADMIN'] }] as Caller[]) {
      const response = await ask(from, to, caller);
      expect(response.errors).toBeUndefined();
      expect(response.data!.dayRangeIndicators.crossAgencyIndicators).toEqual(campaign.crossAgencyIndicators);
      expect(response.data!.dayRangeIndicators.welfareCrossAgencyIndicators).toEqual(campaign.welfareCrossAgencyIndicators);
    }
    expect((await ask(from, to, NGO)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The subgraphs called directly: the cohort read from education (ciphertext) and handed to the cross-agency subgraph gives
    // the gateway's figure; no cohort gives nothing offered; a forged one is refused; an NGO is refused at both.
    const [education, crossAgency, probation, welfare] = await Promise.all(['education-dropouts', 'cross-agency', 'probation-transitions', 'welfare-subsidies'].map((name) => startCoreSubgraph(hub, name)));
    try {
      const entity = async (subgraph: NonNullable<typeof education>, fields: string, representation: Record<string, unknown>, caller: Caller = ANALYST) =>
        askSubgraph(subgraph, hub, caller, `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on DayRangeIndicatorReport { ${fields} } } }`, {
          representations: [{ __typename: 'DayRangeIndicatorReport', key: `${from}..${to}`, ...representation }],
        });
      const cohort = ((await entity(education!, 'dropoutCohort', {})).data as { _entities: { dropoutCohort: string }[] })._entities[0]!.dropoutCohort;
      expect(cohort).toMatch(/^c2\./);
      const direct = await entity(crossAgency!, `crossAgencyIndicators { ${FIELDS} }`, { dropoutCohort: cohort });
      expect((direct.data as { _entities: { crossAgencyIndicators: DayValue[] }[] })._entities[0]!.crossAgencyIndicators).toEqual(campaign.crossAgencyIndicators);
      const without = await entity(crossAgency!, `crossAgencyIndicators { ${FIELDS} }`, {});
      for (const value of (without.data as { _entities: { crossAgencyIndicators: DayValue[] }[] })._entities[0]!.crossAgencyIndicators) expect(value).toMatchObject({ offered: false, value: null });
      const forged = await entity(crossAgency!, `crossAgencyIndicators { ${FIELDS} }`, { dropoutCohort: `${cohort.slice(0, -4)}AAAA` });
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(forged.data ?? null)).not.toContain('"numerator":');
      // The same for the release cohort: read from probation, handed to welfare.
      const released = ((await entity(probation!, 'releaseTransitionCohort', {})).data as { _entities: { releaseTransitionCohort: string }[] })._entities[0]!.releaseTransitionCohort;
      expect(released).toMatch(/^c2\./);
      const onWelfareDirect = await entity(welfare!, `welfareCrossAgencyIndicators { ${FIELDS} }`, { releaseTransitionCohort: released });
      expect((onWelfareDirect.data as { _entities: { welfareCrossAgencyIndicators: DayValue[] }[] })._entities[0]!.welfareCrossAgencyIndicators).toEqual(campaign.welfareCrossAgencyIndicators);
      for (const [subgraph, fields, representation] of [
        [education, 'dropoutCohort', {}],
        [crossAgency, `crossAgencyIndicators { ${FIELDS} }`, { dropoutCohort: cohort }],
        [probation, 'releaseTransitionCohort', {}],
        [welfare, `welfareCrossAgencyIndicators { ${FIELDS} }`, { releaseTransitionCohort: released }],
      ] as const) {
        const ngo = await entity(subgraph!, fields, representation, NGO);
        expect(ngo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(ngo.data ?? null)).not.toMatch(/c2\.|"value"/);
      }
    } finally {
      await Promise.all([education, crossAgency, probation, welfare].map((subgraph) => subgraph!.stop()));
    }
  });
});
