// Worklist: high-risk protective cases re-reported during service that no
// network meeting has taken up since (issue 15). Only the owning unit's
// cases; longest waiting first; keyset pages with a total; the same number of
// statements for 3 and for 30 waiting cases.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const LIST = `query ($first: Int, $after: String) { reReportsAwaitingNetworkMeeting(first: $first, after: $after) {
  totalCount hasNextPage entries { case { id } lastReReportAt reReports cursor } } }`;
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-worklist' };

describe('re-reports awaiting a network meeting', () => {
  let hub: TestHub;
  let core: HubServer;
  const caseOf: Record<string, number> = {};

  /** A PROTECTION case on a new family, re-reported at the given times. */
  async function protectiveCase(label: string, risk: 'HIGH' | 'VERY_HIGH' | 'MODERATE', reReports: string[], meetingAt?: string) {
    const [family] = await buildFamilies(1, { members: 1, openCases: 0, contactsPerCase: 0, referrals: 0 });
    const row = await prisma().case.create({
      data: { kind: 'CHILD_PROTECTION', status: 'OPEN', familyId: family!.familyId, ownerUnitCode: 'PROTECTION', districtCode: 'XITUN', riskLevel: risk, openedOn: new Date('2024-01-01') },
    });
    await prisma().intake.createMany({ data: reReports.map((at) => ({ kind: 'CHILD_PROTECTION' as const, familyId: family!.familyId, receivedAt: new Date(at), reReport: true })) });
    if (meetingAt) {
      const meeting = await prisma().meeting.create({
        data: { kind: 'RE_REPORT_NETWORK', level: 'CITY', title: '網絡會議', convenorUnitCode: 'PROTECTION', convenedBy: PROTECTION.sub, startsAt: new Date(meetingAt), place: '家防中心', accessUntil: new Date('2030-01-01') },
      });
      await prisma().meetingAgendaItem.create({ data: { meetingId: meeting.id, familyId: family!.familyId, caseId: row.id } });
    }
    caseOf[label] = row.id;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    await protectiveCase('waiting-since-march', 'HIGH', ['2024-03-01T02:00:00Z']);
    await protectiveCase('waiting-since-february', 'VERY_HIGH', ['2024-01-10T02:00:00Z', '2024-02-01T02:00:00Z']);
    await protectiveCase('moderate', 'MODERATE', ['2024-02-01T02:00:00Z']);
    await protectiveCase('discussed-after', 'HIGH', ['2024-02-01T02:00:00Z'], '2024-02-20T02:00:00Z');
    await protectiveCase('re-reported-after-meeting', 'HIGH', ['2024-04-01T02:00:00Z'], '2024-02-20T02:00:00Z');
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const list = async (caller: Caller, variables: Record<string, unknown> = {}) => hub.query(LIST, variables, caller);

  it('lists the owning unit’s waiting cases, longest waiting first, with totals and pages', async () => {
    const all = (await list(PROTECTION)).data!.reReportsAwaitingNetworkMeeting;
    expect(all.totalCount).toBe(3);
    expect(all.entries.map((e: { case: { id: string } }) => e.case.id)).toEqual(
      ['waiting-since-february', 'waiting-since-march', 're-reported-after-meeting'].map((l) => gid('Case', caseOf[l]!)),
    );
    expect(all.entries[0].reReports).toBe(2);
    const first = (await list(PROTECTION, { first: 1 })).data!.reReportsAwaitingNetworkMeeting;
    expect(first).toMatchObject({ totalCount: 3, hasNextPage: true });
    const secondResponse = await list(PROTECTION, { first: 2, after: first.entries[0].cursor });
    expect(secondResponse.errors).toBeUndefined();
    const second = secondResponse.data!.reReportsAwaitingNetworkMeeting;
    expect(second.entries.map((e: { case: { id: string } }) => e.case.id)).toEqual(all.entries.slice(1).map((e: { case: { id: string } }) => e.case.id));
    expect(second.hasNextPage).toBe(false);
  });

  it('is empty for other units and other districts, refused to NGOs, analysts and auditors, also at the subgraph', async () => {
    for (const unit of ['SOCIAL', 'HEALTH', 'EDUCATION', 'LABOR', 'POLICE', 'JUSTICE', 'CIVIL_AFFAIRS', 'INDIGENOUS'] as const) {
      expect([unit, (await list({ unit, sub: `w-${unit}-wl` })).data!.reReportsAwaitingNetworkMeeting.totalCount]).toEqual([unit, 0]);
    }
    expect((await list({ ...PROTECTION, sub: 'w-prot-beitun', districts: ['BEITUN'] })).data!.reReportsAwaitingNetworkMeeting.totalCount).toBe(0);
    for (const caller of [
      { unit: 'NGO', sub: 'w-ngo-wl', org: 1 },
      { unit: 'PROTECTION', sub: 'w-analyst-wl', roles: ['ANALYST'] },
      { unit: 'PROTECTION', sub: 'w-auditor-wl', roles: ['AUDITOR'], purpose: 'AUDIT' },
    ] as Caller[]) {
      expect([caller.sub, (await list(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      expect([caller.sub, (await askSubgraph(core, hub, caller, LIST)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
  });

  it('refuses a bad page size or cursor naming the argument', async () => {
    expect((await list(PROTECTION, { first: 101 })).errors?.[0]).toMatchObject({ message: 'first: must be between 0 and 100 (asked for 101)', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await list(PROTECTION, { after: 'not-a-cursor' })).errors?.[0]).toMatchObject({ message: 'after: is not a cursor of this list', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('runs the same number of statements for 3 and for 30 waiting cases', async () => {
    const count = async () => {
      const seen: string[] = [];
      const stop = onStatement((sql) => seen.push(sql));
      const response = await list(PROTECTION, { first: 100 });
      stop();
      expect(response.errors).toBeUndefined();
      return seen.length;
    };
    await list(PROTECTION);
    const small = await count();
    for (let i = 0; i < 27; i += 1) await protectiveCase(`more-${i}`, 'HIGH', ['2024-05-01T02:00:00Z']);
    const large = await count();
    expect((await list(PROTECTION)).data!.reReportsAwaitingNetworkMeeting.totalCount).toBe(30);
    expect(large).toBe(small);
  });
});
