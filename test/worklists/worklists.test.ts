// Worklists (issue 15): the intake queue by time left to the 24-hour
// deadline, a lead worker's cases by next contact due, referrals waiting for
// the unit with unread markers, releases coming for families the unit
// serves. Each only the caller's unit's (worker's) rows; NGOs, analysts and
// auditors refused where the list is not theirs, also at the core subgraph;
// the same number of statements for small and larger data.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const QUEUE = '{ intakeQueue { totalCount edges { node { id hoursLeft dueWithin4Hours } } } }';
const MY_CASES = `query ($w: ID, $due: Date) { myCases(leadWorker: $w, dueBefore: $due) { totalCount entries { case { id } nextContactDue lastContactOn } } }`;
const AWAITING = '{ referralsAwaitingMe { totalCount edges { node { id unread } } } }';
const MARK = 'mutation ($ids: [ID!]!) { markReferralsRead(ids: $ids) { ok error { code message } inputErrors { field reason } result { marked } } }';
const RELEASES = 'query ($days: Int) { upcomingReleases(days: $days) { totalCount entries { person { id } releaseOn kind } } }';

const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-wl' };
const SOCIAL_LEAD: Caller = { unit: 'SOCIAL', sub: 'w-social-lead' };
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-wl' };
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-wl' };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-wl', org: 1 };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'w-analyst-wl', roles: ['ANALYST'] };
const AUDITOR: Caller = { unit: 'SOCIAL', sub: 'w-auditor-wl', roles: ['AUDITOR'], purpose: 'AUDIT' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('worklists', () => {
  let hub: TestHub;
  let core: HubServer;
  let families: BuiltFamily[];
  const intakeIds: Record<string, number> = {};
  const caseIds: Record<string, number> = {};

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    families = await buildFamilies(3, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 });
    await prisma().worker.create({ data: { id: SOCIAL_LEAD.sub, name: '陳社工', unitCode: 'SOCIAL' } });
    const intake = async (label: string, hoursAgo: number, extra: Record<string, unknown> = {}) => {
      intakeIds[label] = (await prisma().intake.create({ data: { kind: 'CHILD_PROTECTION', familyId: families[0]!.familyId, receivedAt: new Date(Date.now() - hoursAgo * HOUR), ...extra } })).id;
    };
    await intake('fresh', 1);
    await intake('due-soon', 21);
    await intake('overdue', 25);
    await intake('triaged', 30, { triagedAt: new Date(), dispatchedAt: new Date(), dispatchedToUnitCode: 'SOCIAL' });
    const openCase = async (label: string, risk: 'VERY_HIGH' | 'LOW' | null, lead: string | null, family: number, contact?: string) => {
      const row = await prisma().case.create({
        data: { kind: 'VULNERABLE_FAMILY', status: 'OPEN', familyId: families[family]!.familyId, ownerUnitCode: 'SOCIAL', leadWorkerId: lead, districtCode: 'XITUN', riskLevel: risk, openedOn: new Date('2024-01-01') },
      });
      if (contact) await prisma().serviceContact.create({ data: { caseId: row.id, kind: 'VISIT', contactedOn: new Date(contact), unitCode: 'SOCIAL' } });
      caseIds[label] = row.id;
    };
    await openCase('very-high', 'VERY_HIGH', SOCIAL_LEAD.sub, 0, '2024-03-01');
    await openCase('low', 'LOW', SOCIAL_LEAD.sub, 1);
    await openCase('unassigned', null, null, 1);
    await prisma().probationTransition.createMany({
      data: [
        { sourceKey: 'T-10', personId: families[0]!.personIds[0]!, kind: 'PRISON_RELEASE', startedOn: new Date('2020-01-01'), invitedUnits: [], releaseOn: new Date(Date.now() + 10 * DAY), sourceUpdatedAt: new Date(), syncedAt: new Date() },
        { sourceKey: 'T-60', personId: families[1]!.personIds[0]!, kind: 'HOSPITAL_RELEASE', startedOn: new Date('2020-01-01'), invitedUnits: [], releaseOn: new Date(Date.now() + 60 * DAY), sourceUpdatedAt: new Date(), syncedAt: new Date() },
        // A family no unit serves.
        { sourceKey: 'T-5', personId: families[2]!.personIds[0]!, kind: 'PRISON_RELEASE', startedOn: new Date('2020-01-01'), invitedUnits: [], releaseOn: new Date(Date.now() + 5 * DAY), sourceUpdatedAt: new Date(), syncedAt: new Date() },
      ],
    });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const data = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const response = await hub.query(query, variables, caller);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  it('puts the reports with the least time left first, flagging those within 4 hours', async () => {
    const queue = (await data(PROTECTION, QUEUE)).intakeQueue;
    expect(queue.totalCount).toBe(3);
    expect(queue.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['overdue', 'due-soon', 'fresh'].map((l) => gid('Intake', intakeIds[l]!)));
    const [overdue, dueSoon, fresh] = queue.edges.map((e: { node: { hoursLeft: number; dueWithin4Hours: boolean } }) => e.node);
    expect([overdue.hoursLeft < 0, overdue.dueWithin4Hours, dueSoon.hoursLeft > 2.5 && dueSoon.hoursLeft <= 3, dueSoon.dueWithin4Hours, fresh.dueWithin4Hours]).toEqual([true, false, true, true, false]);
    // SOCIAL works the report dispatched to it that no case has taken yet.
    expect((await data(SOCIAL, QUEUE)).intakeQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([gid('Intake', intakeIds.triaged!)]);
    expect((await data(LABOR, QUEUE)).intakeQueue.totalCount).toBe(0);
    expect((await data({ ...PROTECTION, sub: 'w-prot-beitun', districts: ['BEITUN'] }, QUEUE)).intakeQueue.totalCount).toBe(0);
  });

  it('lists a lead worker’s open cases by next contact due', async () => {
    const mine = (await data(SOCIAL_LEAD, MY_CASES)).myCases;
    expect(mine.entries).toEqual([
      { case: { id: gid('Case', caseIds['very-high']!) }, nextContactDue: '2024-03-08', lastContactOn: '2024-03-01' },
      { case: { id: gid('Case', caseIds.low!) }, nextContactDue: '2024-03-01', lastContactOn: null },
    ].sort((a, b) => a.nextContactDue.localeCompare(b.nextContactDue)));
    expect((await data(SOCIAL_LEAD, MY_CASES, { due: '2024-03-05' })).myCases.totalCount).toBe(1);
    // A supervisor asks for a worker's list; another unit asking for the same worker gets nothing.
    expect((await data({ unit: 'SOCIAL', sub: 'w-social-sup', roles: ['SUPERVISOR'] }, MY_CASES, { w: SOCIAL_LEAD.sub })).myCases.totalCount).toBe(2);
    expect((await data({ unit: 'HEALTH', sub: 'w-health-wl' }, MY_CASES, { w: SOCIAL_LEAD.sub })).myCases.totalCount).toBe(0);
  });

  it('lists referrals waiting for the unit newest first, unread until someone of the unit reads them', async () => {
    const send = async (person: number) =>
      (await data(SOCIAL, 'mutation ($in: CreateReferralInput!) { createReferral(input: $in) { ok referral { id } } }', {
        in: { personId: gid('Person', families[1]!.personIds[person]!), toUnit: 'LABOR', reason: '就業服務' },
      })).createReferral.referral.id as string;
    const older = await send(0);
    const newer = await send(1);
    const waiting = (await data(LABOR, AWAITING)).referralsAwaitingMe;
    expect(waiting).toEqual({ totalCount: 2, edges: [{ node: { id: newer, unread: true } }, { node: { id: older, unread: true } }] });
    expect((await data(SOCIAL, MARK, { ids: [older] })).markReferralsRead.error).toEqual({ code: 'NOT_FOUND', message: 'ids[0]: no such referral' });
    expect((await data(LABOR, MARK, { ids: [gid('Case', 1)] })).markReferralsRead.inputErrors).toEqual([{ field: 'ids[0]', reason: 'is not a Referral ID' }]);
    expect((await data({ ...LABOR, sub: 'w-labor-colleague' }, MARK, { ids: [older] })).markReferralsRead).toMatchObject({ ok: true, result: { marked: 1 } });
    expect((await data(LABOR, AWAITING)).referralsAwaitingMe.edges.map((e: { node: { unread: boolean } }) => e.node.unread)).toEqual([true, false]);
    expect((await data(NGO, AWAITING)).referralsAwaitingMe.totalCount).toBe(0);
  });

  it('lists releases coming for families the unit serves, within the days asked', async () => {
    const releases = async (caller: Caller, days?: number) => (await data(caller, RELEASES, days === undefined ? {} : { days })).upcomingReleases;
    expect((await releases(SOCIAL)).entries).toEqual([{ person: { id: gid('Person', families[0]!.personIds[0]!) }, releaseOn: expect.any(String), kind: 'PRISON_RELEASE' }]);
    expect((await releases(SOCIAL, 90)).totalCount).toBe(2);
    // LABOR has only pending referrals on family 1 (to decide on): it does not serve it.
    expect((await releases(LABOR, 90)).totalCount).toBe(0);
  });

  it('refuses bad windows, and the lists that are not theirs to NGOs, analysts and auditors, also at the core subgraph', async () => {
    expect((await hub.query(RELEASES, { days: 0 }, SOCIAL)).errors?.[0]).toMatchObject({ message: 'days: must be between 1 and 90', extensions: { code: 'BAD_USER_INPUT' } });
    for (const caller of [ANALYST, AUDITOR]) {
      for (const query of [QUEUE, MY_CASES, AWAITING, RELEASES]) {
        expect([caller.sub, query.slice(0, 20), (await askSubgraph(core, hub, caller, query)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, query.slice(0, 20), 'FORBIDDEN']);
      }
    }
    for (const query of [QUEUE, MY_CASES]) expect((await hub.query(query, {}, NGO)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('runs the same number of statements for small and larger lists', async () => {
    const count = async (caller: Caller, query: string) => {
      const seen: string[] = [];
      const stop = onStatement((sql) => seen.push(sql));
      const response = await hub.query(query, {}, caller);
      stop();
      expect(response.errors).toBeUndefined();
      return seen.length;
    };
    const small = [await count(PROTECTION, QUEUE), await count(SOCIAL_LEAD, MY_CASES), await count(LABOR, AWAITING)];
    for (let i = 0; i < 20; i += 1) {
      await prisma().intake.create({ data: { kind: 'CHILD_PROTECTION', familyId: families[0]!.familyId, receivedAt: new Date(Date.now() - i * HOUR) } });
      await prisma().case.create({ data: { kind: 'VULNERABLE_FAMILY', status: 'OPEN', familyId: families[2]!.familyId, ownerUnitCode: 'SOCIAL', leadWorkerId: SOCIAL_LEAD.sub, districtCode: 'XITUN', openedOn: new Date('2024-01-01') } });
    }
    await prisma().referral.createMany({ data: Array.from({ length: 20 }, () => ({ familyId: families[2]!.familyId, personId: families[2]!.personIds[0]!, fromUnitCode: 'HEALTH', toUnitCode: 'LABOR', reason: 'x', requestedBy: 'w' })) });
    const large = [await count(PROTECTION, QUEUE), await count(SOCIAL_LEAD, MY_CASES), await count(LABOR, AWAITING)];
    expect(large).toEqual(small);
  });
});
