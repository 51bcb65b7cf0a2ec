// The catalogue's meeting rows, counted from the meetings units record in
// the hub (issue 15): held meetings only, by the Taipei day they started;
// network meetings and the distinct cases they discussed, published
// city-wide for whole years only and hidden from 1 to k−1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { MeetingKind } from '../../src/meetings/meeting-rules.ts';
import { buildFamilies } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard-meetings', roles: ['ANALYST'], purpose: null };
const REPORT = `query ($year: Int!, $quarter: Int, $district: String) { indicatorReport(year: $year, quarter: $quarter, district: $district) {
  meetingIndicators { id unit value suppressed } } }`;

describe('meeting indicators', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    const families = await buildFamilies(3, { members: 1, openCases: 2, contactsPerCase: 0, referrals: 0 });
    const caseIds = families.flatMap((f) => f.caseIds);
    let n = 0;
    const meeting = async (kind: MeetingKind, startsAt: string, status: 'HELD' | 'SCHEDULED' | 'CANCELLED' = 'HELD', district: string | null = null, cases: number[] = []) => {
      const at = new Date(startsAt);
      const row = await prisma().meeting.create({
        data: {
          kind, level: 'CITY', title: `會議${++n}`, convenorUnitCode: 'SOCIAL', convenedBy: 'w-social-seed', startsAt: at, place: '市府', districtCode: district,
          accessUntil: new Date(at.getTime() + 86_400_000), status,
          ...(status === 'HELD' ? { recordedBy: 'w-social-seed' } : {}), ...(status === 'CANCELLED' ? { cancelledAt: at } : {}),
        },
      });
      const familyOf = new Map(families.flatMap((f) => f.caseIds.map((c) => [c, f.familyId] as const)));
      if (cases.length > 0) await prisma().meetingAgendaItem.createMany({ data: cases.map((caseId) => ({ meetingId: row.id, caseId, familyId: familyOf.get(caseId)! })) });
    };
    await meeting('CITY_COORDINATION', '2023-04-20T02:00:00Z');
    await meeting('CITY_COORDINATION', '2023-08-20T02:00:00Z');
    await meeting('CITY_COORDINATION', '2023-12-20T02:00:00Z', 'SCHEDULED');
    await meeting('DISTRICT_CROSS_DEPARTMENT', '2023-03-10T02:00:00Z', 'HELD', 'XITUN');
    await meeting('DISTRICT_CROSS_DEPARTMENT', '2023-06-10T02:00:00Z', 'HELD', 'HEPING');
    await meeting('RELEASE_TRANSITION', '2023-05-05T02:00:00Z', 'CANCELLED');
    await meeting('CASE_CONFERENCE', '2023-02-01T02:00:00Z', 'HELD', 'XITUN');
    // 17:30 UTC on 31 December is 1 January in Taipei: a 2024 meeting.
    await meeting('CASE_CONFERENCE', '2023-12-31T17:30:00Z');
    // Two network meetings discussing six distinct cases (one of them twice).
    await meeting('RE_REPORT_NETWORK', '2023-02-15T02:00:00Z', 'HELD', null, caseIds.slice(0, 4));
    await meeting('RE_REPORT_NETWORK', '2023-09-15T02:00:00Z', 'HELD', null, caseIds.slice(3, 6));
  });
  afterAll(async () => {
    await hub.stop();
  });

  const values = async (variables: Record<string, unknown>) => {
    const response = await hub.query(REPORT, variables, ANALYST);
    expect(response.errors).toBeUndefined();
    return Object.fromEntries(response.data!.indicatorReport.meetingIndicators.map((v: { id: string; value: number | null; suppressed: boolean }) => [v.id, v.suppressed ? 'hidden' : v.value]));
  };

  it('counts held meetings by kind for the year, and the cases network meetings discussed', async () => {
    expect(await values({ year: 2023 })).toEqual({
      NETWORK_MEETINGS_FOR_RE_REPORTS: 2,
      HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS: 6,
      CROSS_NETWORK_MEETINGS: 5,
      CROSS_NETWORK_MEETINGS_CITY: 2,
      CROSS_NETWORK_MEETINGS_DISTRICT: 2,
      CROSS_NETWORK_MEETINGS_RELEASE_TRANSITION: 0,
      CROSS_NETWORK_MEETINGS_CASE_CONFERENCE: 1,
    });
    expect((await values({ year: 2024 })).CROSS_NETWORK_MEETINGS_CASE_CONFERENCE).toBe(1);
  });

  it('hides the cases discussed for a quarter and for a district, where a difference could give them away', async () => {
    expect(await values({ year: 2023, quarter: 1 })).toMatchObject({ NETWORK_MEETINGS_FOR_RE_REPORTS: 1, HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS: 'hidden', CROSS_NETWORK_MEETINGS: 2 });
    expect(await values({ year: 2023, district: 'XITUN' })).toMatchObject({ HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS: 'hidden', CROSS_NETWORK_MEETINGS_DISTRICT: 1, CROSS_NETWORK_MEETINGS_CASE_CONFERENCE: 1 });
  });

  it('is listed in the catalogue as computed, no longer as a gap', async () => {
    const catalogue = (await hub.query('{ indicatorCatalogue { id owner notCarriedBecause enteredBy } }', {}, ANALYST)).data!.indicatorCatalogue;
    const meetings = catalogue.filter((d: { id: string }) => d.id.includes('MEETINGS'));
    expect(meetings.length).toBe(7);
    for (const row of meetings) expect(row).toMatchObject({ owner: 'indicators', notCarriedBecause: null, enteredBy: [] });
  });
});
