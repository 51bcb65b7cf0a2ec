// The notifications of the coordination work (issue 15): a case offered to
// an organisation tells it; a referral addressed to an organisation tells it
// alone; an action item falling due within 3 days (or overdue) tells its
// owner once, however often the hourly task runs; done, dropped and
// far-off items, and items of cancelled meetings, tell no one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { recordActionItemsDue } from '../../src/notifications/action-items-due.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-events' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-events' };
const INBOX = '{ notifications { notifications { kind record { type id } } } }';

describe('coordination events', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  let org: number;
  let otherOrg: number;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    otherOrg = (await prisma().organization.create({ data: { name: '善牧基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
  });
  afterAll(() => hub.stop());

  const kinds = async (caller: Caller) => ((await hub.query(INBOX, {}, caller)).data!.notifications.notifications as { kind: string; record: { type: string; id: string } }[]);

  it('tells the organisation a case is offered to, and no other', async () => {
    const offered = await hub.query('mutation ($c: ID!, $o: ID!) { createAssignment(caseId: $c, organizationId: $o) { ok assignment { id } } }', { c: gid('Case', family.caseIds[0]!), o: gid('Organization', org) }, SOCIAL);
    expect(offered.data!.createAssignment.ok).toBe(true);
    expect(await kinds({ unit: 'NGO', sub: 'w-ngo-events', org })).toEqual([{ kind: 'ASSIGNMENT_OFFERED', record: { type: 'Assignment', id: offered.data!.createAssignment.assignment.id } }]);
    expect(await kinds({ unit: 'NGO', sub: 'w-ngo-other-events', org: otherOrg })).toEqual([]);
  });

  it('tells the organisation a referral is addressed to, and no other', async () => {
    const sent = await hub.query('mutation ($in: CreateReferralInput!) { createReferral(input: $in) { ok referral { id } } }', {
      in: { personId: gid('Person', family.personIds[1]!), toUnit: 'NGO', toOrganizationId: gid('Organization', otherOrg), reason: '課後照顧' },
    }, SOCIAL);
    expect(sent.data!.createReferral.ok).toBe(true);
    expect((await kinds({ unit: 'NGO', sub: 'w-ngo-other-events2', org: otherOrg })).map((n) => n.kind)).toEqual(['REFERRAL_RECEIVED']);
    // The assigned organisation serves the family: it hears that a referral was sent, not that one was addressed to it.
    expect((await kinds({ unit: 'NGO', sub: 'w-ngo-events2', org })).map((n) => n.kind)).toEqual(['REFERRAL_SENT', 'ASSIGNMENT_OFFERED']);
  });

  it('tells an action item’s owner once when it falls due, never for done, far-off or cancelled ones', async () => {
    const meeting = async (status: 'HELD' | 'CANCELLED') =>
      prisma().meeting.create({
        data: {
          kind: 'CASE_CONFERENCE', level: 'CENTRE', title: '個案研討', convenorUnitCode: 'SOCIAL', convenedBy: SOCIAL.sub, startsAt: new Date(Date.now() - 86_400_000), place: '家庭中心',
          accessUntil: new Date(Date.now() + 86_400_000), status, recordedBy: SOCIAL.sub, ...(status === 'CANCELLED' ? { cancelledAt: new Date() } : {}),
        },
      });
    const held = await meeting('HELD');
    const cancelled = await meeting('CANCELLED');
    const inDays = (n: number) => new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime() + n * 86_400_000;
    const item = (meetingId: number, days: number, status: 'OPEN' | 'DONE' = 'OPEN', owner: { unit: string; org?: number } = { unit: 'HEALTH' }) =>
      prisma().actionItem.create({ data: { meetingId, ownerUnitCode: owner.unit, ownerOrganizationId: owner.org ?? null, description: '追蹤', dueOn: new Date(inDays(days)), status } });
    const dueSoon = await item(held.id, 2);
    const overdue = await item(held.id, -3, 'OPEN', { unit: 'NGO', org });
    await item(held.id, 1, 'DONE');
    await item(held.id, 10);
    await item(cancelled.id, 1);
    expect(await recordActionItemsDue()).toBe(2);
    expect(await recordActionItemsDue()).toBe(0);
    expect(await kinds(HEALTH)).toEqual([{ kind: 'ACTION_ITEM_DUE', record: { type: 'ActionItem', id: gid('ActionItem', dueSoon.id) } }]);
    expect((await kinds({ unit: 'NGO', sub: 'w-ngo-events3', org }))[0]).toEqual({ kind: 'ACTION_ITEM_DUE', record: { type: 'ActionItem', id: gid('ActionItem', overdue.id) } });
  });
});
