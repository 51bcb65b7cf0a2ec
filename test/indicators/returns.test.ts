// Returns (填報): figures no connector carries, entered by the unit that owns
// them, reviewed by the secretariat (four eyes), published in the indicator
// report with their provenance; corrections keep history; the staffing
// table is a return set. Every operation tried as each kind of caller: the
// entering unit, another unit, the secretariat, an NGO, an ANALYST (through
// the gateway and at the core subgraph called directly), with bad ids and
// bad input.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import {
  EnteredIndicatorsDocument,
  IndicatorReturnsDocument,
  ReviewIndicatorReturnDocument,
  StaffingTableDocument,
  SubmitIndicatorReturnDocument,
} from '../../src/client/graphql.ts';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const EDUCATION: Caller = { unit: 'EDUCATION', sub: 'w-edu-returns', purpose: null };
const EDUCATION_SUPERVISOR: Caller = { unit: 'EDUCATION', sub: 'w-edu-sup', roles: ['SUPERVISOR'], purpose: null };
const SECRETARIAT: Caller = { unit: 'SOCIAL', sub: 'w-secretariat', roles: ['SUPERVISOR'], purpose: null };
const SECRETARIAT_2: Caller = { unit: 'SOCIAL', sub: 'w-secretariat-2', roles: ['SUPERVISOR'], purpose: null };
const SOCIAL_WORKER: Caller = { unit: 'SOCIAL', sub: 'w-social-returns', purpose: null };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-returns', purpose: null };
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-returns', purpose: null };
const POLICE: Caller = { unit: 'POLICE', sub: 'w-police-returns', purpose: null };
const OPENING_RATE = 'AT_RISK_YOUTH_OPENING_RATE';
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-returns', org: 1, purpose: null };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };
const AUDITOR: Caller = { unit: 'SOCIAL', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' };

const SESSIONS = 'SCHOOLS_ANTI_EXPLOITATION_SESSIONS';
const sessions2023 = (numerator: number, denominator: number) => ({
  indicatorId: SESSIONS, year: 2023, numerator, denominator, evidence: '112學年度各校宣導場次統計表',
});

describe('returns of figures no connector carries', () => {
  let hub: TestHub;
  let core: HubServer;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const submit = (input: Record<string, unknown>, caller: Caller) => hub.query(print(SubmitIndicatorReturnDocument), { input }, caller);
  const review = (id: string, decision: 'ACCEPT' | 'RETURN', caller: Caller, note?: string) => hub.query(print(ReviewIndicatorReturnDocument), { id, decision, note }, caller);
  const report = async (variables: Record<string, unknown>, caller: Caller = ANALYST) => {
    const response = await hub.query(print(EnteredIndicatorsDocument), variables, caller);
    expect(response.errors).toBeUndefined();
    return response.data!.indicatorReport;
  };
  const entered = async (id: string, variables: Record<string, unknown> = { year: 2023 }) => (await report(variables)).enteredIndicators.find((i: { id: string }) => i.id === id);
  const auditRecords = async (operation: string) =>
    (await prisma().$queryRaw<{ kind: string; records: string[]; sub: string }[]>`SELECT kind, records, sub FROM audit.entry WHERE operation = ${operation} ORDER BY id`);

  describe('entering, review and publication', () => {
    let firstId: string;

    it('takes a figure from the unit that owns it, unpublished until reviewed, and audits it', async () => {
      const response = await submit(sessions2023(348, 361), EDUCATION);
      expect(response.errors).toBeUndefined();
      const result = response.data!.submitIndicatorReturn;
      expect(result).toMatchObject({ ok: true, indicatorReturn: { indicatorId: SESSIONS, unit: 'EDUCATION', numerator: 348, denominator: 361, status: 'SUBMITTED', district: null, current: true } });
      expect(result.indicatorReturn.periodLabel).toContain('民國112年');
      firstId = result.indicatorReturn.id;
      expect(await entered(SESSIONS)).toMatchObject({ returned: false, value: null, provenance: [] });
      const writes = (await auditRecords('SubmitIndicatorReturn')).filter((e) => e.kind === 'WRITE');
      expect(writes.at(-1)).toMatchObject({ sub: EDUCATION.sub, records: [`IndicatorReturn:${firstId ? decodeRow(firstId) : ''}`] });
    });

    it('publishes it with its provenance once the secretariat accepts it', async () => {
      const accepted = await review(firstId, 'ACCEPT', SECRETARIAT);
      expect(accepted.data!.reviewIndicatorReturn).toMatchObject({ ok: true, indicatorReturn: { status: 'ACCEPTED', reviewedBy: SECRETARIAT.sub } });
      const value = await entered(SESSIONS);
      expect(value).toMatchObject({ returned: true, numerator: 348, denominator: 361, value: 96.4, met: true, target: 60, suppressed: false });
      expect(value.provenance).toEqual([expect.objectContaining({ unit: 'EDUCATION', line: '', district: null })]);
      expect(value.provenanceText).toMatch(/^reported by EDUCATION on \d{4}-\d{2}-\d{2}, accepted \d{4}-\d{2}-\d{2}$/);
      // Exactly that period: the first quarter has no return.
      expect(await entered(SESSIONS, { year: 2023, quarter: 1 })).toMatchObject({ returned: false, value: null });
      // The catalogue names who enters it.
      const catalogue = await hub.query('{ indicatorCatalogue { id enteredBy owner } }', {}, ANALYST);
      expect(catalogue.data!.indicatorCatalogue.find((i: { id: string }) => i.id === SESSIONS)).toEqual({ id: SESSIONS, enteredBy: ['EDUCATION'], owner: null });
    });

    it('keeps the accepted figure published while a correction waits, then publishes the correction; history stays', async () => {
      const correction = await submit(sessions2023(350, 361), EDUCATION_SUPERVISOR);
      expect(correction.data!.submitIndicatorReturn.ok).toBe(true);
      expect(await entered(SESSIONS)).toMatchObject({ numerator: 348 });
      const sentBack = await review(correction.data!.submitIndicatorReturn.indicatorReturn.id, 'RETURN', SECRETARIAT, '請附各校場次明細');
      expect(sentBack.data!.reviewIndicatorReturn.indicatorReturn).toMatchObject({ status: 'RETURNED', reviewNote: '請附各校場次明細' });
      expect(await entered(SESSIONS)).toMatchObject({ numerator: 348 });
      const again = await submit({ ...sessions2023(350, 361), evidence: '各校場次明細已附' }, EDUCATION);
      await review(again.data!.submitIndicatorReturn.indicatorReturn.id, 'ACCEPT', SECRETARIAT_2);
      expect(await entered(SESSIONS)).toMatchObject({ numerator: 350, value: 96.95 });
      const history = await hub.query(print(IndicatorReturnsDocument), { year: 2023, indicatorId: SESSIONS, includeHistory: true }, EDUCATION);
      expect(history.data!.indicatorReturns.map((r: { numerator: number; status: string; current: boolean }) => [r.numerator, r.status, r.current])).toEqual([
        [350, 'ACCEPTED', true], [350, 'RETURNED', false], [348, 'ACCEPTED', false],
      ]);
    });

    it('never changes a stored figure, even by SQL', async () => {
      await expect(prisma().$executeRaw`UPDATE core.indicator_return SET numerator = 1 WHERE indicator_id = ${SESSIONS}`).rejects.toThrow(/never changed/);
    });
  });

  describe('who may do what', () => {
    it('refuses an indicator the unit does not enter, and a computed one, naming the field', async () => {
      const wrongUnit = (await submit(sessions2023(1, 2), HEALTH)).data!.submitIndicatorReturn;
      expect(wrongUnit).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, inputErrors: [{ field: 'indicatorId', reason: 'is entered by EDUCATION, not by HEALTH' }] });
      const computed = (await submit({ ...sessions2023(1, 2), indicatorId: 'SCHOOL_REFERRALS_OPENED' }, EDUCATION)).data!.submitIndicatorReturn;
      expect(computed.inputErrors).toEqual([{ field: 'indicatorId', reason: 'is computed by the hub, not entered' }]);
      const unknown = (await submit({ ...sessions2023(1, 2), indicatorId: 'NO_SUCH' }, EDUCATION)).data!.submitIndicatorReturn;
      expect(unknown.inputErrors).toEqual([{ field: 'indicatorId', reason: 'is not an indicator of the catalogue' }]);
    });

    it('is refused to NGOs, analysts and auditors at the gateway and at the core subgraph called directly', async () => {
      for (const caller of [NGO, ANALYST, AUDITOR]) {
        const write = await submit(sessions2023(1, 2), caller);
        expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const list = await hub.query(print(IndicatorReturnsDocument), { year: 2023 }, caller);
        expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const body = await askSubgraph(core, hub, caller, print(SubmitIndicatorReturnDocument), { input: sessions2023(1, 2) });
        expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(body.data?.submitIndicatorReturn ?? null).toBeNull();
      }
      expect(await prisma().indicatorReturn.count({ where: { numerator: 1, denominator: 2 } })).toBe(0);
    });

    it('lets only the secretariat review, never the worker who entered it, and answers a return out of reach as not found', async () => {
      const own = await submit({ indicatorId: 'EARLY_INTERVENTION_DISTRICTS_COVERED', year: 2023, numerator: 29, denominator: 29, evidence: '早療據點清冊' }, SECRETARIAT);
      const ownId = own.data!.submitIndicatorReturn.indicatorReturn.id;
      expect((await review(ownId, 'ACCEPT', SECRETARIAT)).data!.reviewIndicatorReturn.inputErrors).toEqual([
        { field: 'id', reason: 'you entered this return; another member of the secretariat reviews it' },
      ]);
      for (const caller of [EDUCATION_SUPERVISOR, SOCIAL_WORKER, HEALTH, NGO, ANALYST]) {
        const refused = await review(ownId, 'ACCEPT', caller);
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      for (const badId of [gid('IndicatorReturn', 999_999), gid('Person', 1), 'not-an-id']) {
        expect((await review(badId, 'ACCEPT', SECRETARIAT_2)).data!.reviewIndicatorReturn.error.code).toBe('NOT_FOUND');
      }
      expect((await review(ownId, 'RETURN', SECRETARIAT_2)).data!.reviewIndicatorReturn.inputErrors).toEqual([{ field: 'note', reason: 'must not be empty' }]);
      expect((await review(ownId, 'ACCEPT', SECRETARIAT_2)).data!.reviewIndicatorReturn.ok).toBe(true);
      // Reviewed once: a second decision finds nothing to review.
      expect((await review(ownId, 'RETURN', SECRETARIAT_2, '重審')).data!.reviewIndicatorReturn.error.code).toBe('NOT_FOUND');
    });

    it('shows a unit only its own returns, the secretariat every unit\'s', async () => {
      const units = async (caller: Caller) =>
        [...new Set((await hub.query(print(IndicatorReturnsDocument), { year: 2023 }, caller)).data!.indicatorReturns.map((r: { unit: string }) => r.unit))].sort();
      expect(await units(HEALTH)).toEqual([]);
      expect(await units(EDUCATION)).toEqual(['EDUCATION']);
      expect(await units(SOCIAL_WORKER)).toEqual(['SOCIAL']);
      expect(await units(SECRETARIAT)).toEqual(['EDUCATION', 'SOCIAL']);
    });

    it('needs no purpose of use: a return carries no person', async () => {
      const response = await hub.query(print(IndicatorReturnsDocument), { year: 2023 }, { ...EDUCATION, purpose: null });
      expect(response.errors).toBeUndefined();
    });
  });

  describe('bad input', () => {
    it('names every field and the reason, and writes nothing', async () => {
      const before = await prisma().indicatorReturn.count();
      const cases: [Record<string, unknown>, Caller, { field: string; reason: string }[]][] = [
        [{ ...sessions2023(362, 361) }, EDUCATION, [{ field: 'numerator', reason: 'must not exceed the denominator (361)' }]],
        [{ ...sessions2023(-1, 361), month: 13 }, EDUCATION, [{ field: 'month', reason: 'must be 1 to 12' }, { field: 'numerator', reason: 'must be a whole number, 0 or more' }]],
        [{ indicatorId: SESSIONS, year: 2023, numerator: 3, evidence: ' ' }, EDUCATION, [{ field: 'denominator', reason: 'is required' }, { field: 'evidence', reason: 'must not be empty' }]],
        [{ ...sessions2023(3, 4), district: 'ATLANTIS' }, EDUCATION, [{ field: 'district', reason: '"ATLANTIS" is not a district code' }]],
        [{ indicatorId: 'SOCIAL_WORKER_STAFFING', year: 2023, numerator: 3, denominator: 4, evidence: '人事資料' }, HEALTH, [{ field: 'line', reason: 'is required (the plan line the figure is for)' }]],
        // Meetings are counted from the hub's meeting records now: no longer entered.
        [{ indicatorId: 'CROSS_NETWORK_MEETINGS', year: 2023, line: 'CITY', numerator: 3, evidence: '會議紀錄' }, SOCIAL_WORKER, [{ field: 'indicatorId', reason: 'is computed by the hub, not entered' }]],
        [{ ...sessions2023(3, 4), line: 'X' }, EDUCATION, [{ field: 'line', reason: 'this indicator is not split into lines; leave it out' }]],
      ];
      for (const [input, caller, inputErrors] of cases) {
        const result = (await submit(input, caller)).data!.submitIndicatorReturn;
        expect(result).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, indicatorReturn: null });
        expect(result.inputErrors).toEqual(inputErrors);
      }
      expect(await prisma().indicatorReturn.count()).toBe(before);
    });
  });

  describe('district returns and the staffing table', () => {
    it('sums district returns into the city figure and hides small district cells with a complement', async () => {
      const figures: [string, number, number][] = [['XITUN', 40, 42], ['HEPING', 2, 2], ['BEITUN', 30, 31], ['DALI', 25, 25]];
      for (const [district, numerator, denominator] of figures) {
        const result = await submit({ indicatorId: OPENING_RATE, year: 2023, district, numerator, denominator, evidence: '少輔會轉介名冊' }, POLICE);
        await review(result.data!.submitIndicatorReturn.indicatorReturn.id, 'ACCEPT', SECRETARIAT);
      }
      const city = await entered(OPENING_RATE);
      expect(city).toMatchObject({ returned: true, numerator: 97, denominator: 100, value: 97, suppressed: false });
      const cells = Object.fromEntries(city.byDistrict.map((c: { district: string; numerator: number | null; suppressed: boolean }) => [c.district, c]));
      expect(cells.HEPING).toMatchObject({ suppressed: true, numerator: null });
      // With the city total shown, a lone hidden cell would be the total minus the others: a second one is hidden.
      expect(city.byDistrict.filter((c: { suppressed: boolean }) => c.suppressed)).toHaveLength(2);
      const heping = (await report({ year: 2023, district: 'HEPING' })).enteredIndicators.find((i: { id: string }) => i.id === OPENING_RATE);
      expect(heping).toMatchObject({ suppressed: true, value: null });
    });

    it('publishes figures of overlapping periods city-wide only: a month cannot be worked out from its quarter and the other months', async () => {
      // Jan's XITUN (2) is hidden by the small-cell rule; were Q1's XITUN (12) and Feb's and Mar's (5, 5) shown, it would be 12 − 5 − 5.
      const periods: [Record<string, number>, [string, number][]][] = [
        [{ month: 1 }, [['XITUN', 2], ['HEPING', 6], ['BEITUN', 7]]],
        [{ month: 2 }, [['XITUN', 5], ['HEPING', 5], ['BEITUN', 5]]],
        [{ month: 3 }, [['XITUN', 5], ['HEPING', 5], ['BEITUN', 5]]],
        [{ quarter: 1 }, [['XITUN', 12], ['HEPING', 16], ['BEITUN', 17]]],
        // A second quarter whose April is below k city-wide: every city figure overlapping it is hidden too.
        [{ month: 4 }, [['XITUN', 1], ['HEPING', 1], ['BEITUN', 1]]],
        [{ quarter: 2 }, [['XITUN', 9], ['HEPING', 9], ['BEITUN', 9]]],
      ];
      for (const [period, figures] of periods) {
        for (const [district, numerator] of figures) {
          const result = await submit({ indicatorId: OPENING_RATE, year: 2024, ...period, district, numerator, denominator: numerator, evidence: '少輔會轉介名冊' }, POLICE);
          expect(result.errors).toBeUndefined();
          await review(result.data!.submitIndicatorReturn.indicatorReturn.id, 'ACCEPT', SECRETARIAT);
        }
      }
      const published = async (period: Record<string, number>) => entered(OPENING_RATE, { year: 2024, ...period });
      const cityFigures: [Record<string, number>, number][] = [[{ month: 1 }, 15], [{ month: 2 }, 15], [{ month: 3 }, 15], [{ quarter: 1 }, 45]];
      for (const [period, total] of cityFigures) {
        const value = await published(period);
        expect(value).toMatchObject({ returned: true, numerator: total, suppressed: false });
        expect(value.byDistrict.map((c: { suppressed: boolean; numerator: number | null }) => [c.suppressed, c.numerator])).toEqual([[true, null], [true, null], [true, null]]);
      }
      for (const period of [{ month: 4 }, { quarter: 2 }] as Record<string, number>[]) {
        expect(await published(period)).toMatchObject({ returned: true, numerator: null, suppressed: true });
      }
      // A district's own report hides its cell too.
      expect((await report({ year: 2024, quarter: 1, district: 'XITUN' })).enteredIndicators.find((i: { id: string }) => i.id === OPENING_RATE)).toMatchObject({ suppressed: true, numerator: null });
    });

    it('builds the staffing table from accepted lines only', async () => {
      const lines: [Caller, string, number, number][] = [
        [SOCIAL_WORKER, '強化社會安全網第一期', 120, 118],
        [SOCIAL_WORKER, '家庭福利服務中心', 30, 30],
        [HEALTH, '社區心理衛生中心', 35, 33],
      ];
      for (const [caller, line, approved, hired] of lines) {
        const result = await submit({ indicatorId: 'SOCIAL_WORKER_STAFFING', year: 2023, line, numerator: hired, denominator: approved, evidence: '112年人事報表' }, caller);
        await review(result.data!.submitIndicatorReturn.indicatorReturn.id, 'ACCEPT', SECRETARIAT);
      }
      await submit({ indicatorId: 'SOCIAL_WORKER_STAFFING', year: 2023, line: '待審', numerator: 1, denominator: 9, evidence: '未審' }, HEALTH);
      const response = await hub.query(print(StaffingTableDocument), { year: 2023 }, ANALYST);
      expect(response.errors).toBeUndefined();
      const table = response.data!.staffingTable;
      expect(table.total).toEqual({ approved: 185, hired: 181, hireRate: 97.84 });
      expect(table.units).toEqual([{ unit: 'HEALTH', approved: 35, hired: 33, hireRate: 94.29 }, { unit: 'SOCIAL', approved: 150, hired: 148, hireRate: 98.67 }]);
      expect(table.lines).toHaveLength(3);
      for (const caller of [NGO]) expect((await hub.query(print(StaffingTableDocument), { year: 2023 }, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const bad = await hub.query(print(StaffingTableDocument), { year: 2023, month: 13 }, ANALYST);
      expect(bad.errors?.[0]).toMatchObject({ message: 'month: must be 1 to 12', extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('reads the entered figures of a year of months in one statement', async () => {
      await report({ year: 2022 });
      const statements: string[] = [];
      const stop = onStatement((statement) => statements.push(statement));
      const response = await hub.query('{ indicatorTrend(fromYear: 2023, granularity: MONTH) { key enteredIndicators { id value } } }', {}, ANALYST);
      stop();
      expect(response.errors).toBeUndefined();
      expect(response.data!.indicatorTrend).toHaveLength(12);
      expect(statements.filter((s) => s.includes('indicator_return'))).toHaveLength(1);
    });
  });
});

function decodeRow(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}
