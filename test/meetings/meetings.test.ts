// Meetings and case conferences (issue 15): SOCIAL, which serves a family,
// schedules a case conference inviting HEALTH and an NGO; they see the family
// from the invitation until the stated time after the meeting (the audit entry
// names the meeting as the basis), records the outcome with action items, and
// each owner reports on its own item. Tried as every unit and role, NGOs of
// the invited and of another organisation, a worker of other districts, bad
// ids and input, and as ANALYST/AUDITOR at the core subgraph directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SCHEDULE = `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) {
  ok error { code message } inputErrors { field reason } meeting { id kind level status accessUntil invitations { unit { code } organizationId } } } }`;
const RECORD = `mutation ($meetingId: ID!, $outcome: MeetingOutcomeInput!) { recordMeetingOutcome(meetingId: $meetingId, outcome: $outcome) {
  ok error { code message } inputErrors { field reason } meeting { id status chair decisions { position text } actionItems { id description ownerUnit { code } status dueOn decisionPosition } invitations { unit { code } attended } } } }`;
const UPDATE_ITEM = `mutation ($id: ID!, $status: ActionItemStatus!, $note: String) { updateActionItem(id: $id, status: $status, note: $note) {
  ok error { code message } inputErrors { field reason } actionItem { id status statusNote updatedBy } } }`;
const CANCEL = `mutation ($meetingId: ID!, $reason: String!) { cancelMeeting(meetingId: $meetingId, reason: $reason) { ok error { code message } inputErrors { field reason } meeting { status } } }`;
const FAMILY = `query ($id: ID!) { family(id: $id) { id members { person { name } } } }`;
const MEETINGS = `{ meetings { totalCount edges { node { id title agenda { family { id } } } } } }`;
const FAMILIES = '{ families(first: 100) { edges { node { id } } } }';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-meet' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-meet' };
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-meet' };
const NOT_FOUND_FAMILY = { code: 'NOT_FOUND', message: 'agenda.familyIds[0]: no such family' };

describe('meetings', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let familyGid: string;
  let org: number;
  let otherOrg: number;
  let ngo: Caller;
  let otherNgo: Caller;
  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    familyGid = gid('Family', family.familyId);
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    otherOrg = (await prisma().organization.create({ data: { name: '善牧基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    ngo = { unit: 'NGO', sub: 'w-ngo-meet', org };
    otherNgo = { unit: 'NGO', sub: 'w-ngo-other-meet', org: otherOrg };
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const conference = (overrides: Record<string, unknown> = {}) => ({
    kind: 'CASE_CONFERENCE',
    title: '王家個案研討會',
    startsAt: hourAgo(),
    place: '西屯家庭福利服務中心',
    agenda: { familyIds: [familyGid] },
    invite: { units: ['HEALTH'], organizationIds: [gid('Organization', org)] },
    accessDaysAfter: 7,
    ...overrides,
  });
  const schedule = async (caller: Caller, input: Record<string, unknown> = conference()) => (await hub.query(SCHEDULE, { input }, caller)).data!.scheduleMeeting;
  const memberNames = async (caller: Caller) => (await hub.query(FAMILY, { id: familyGid }, caller)).data?.family?.members.map((m: { person: { name: string } }) => m.person.name);
  // The family list uses the Prisma form of the rule, the family view the SQL form: both must agree.
  const listsFamily = async (caller: Caller) => (await hub.query(FAMILIES, {}, caller)).data!.families.edges.some((e: { node: { id: string } }) => e.node.id === familyGid);

  it('invites HEALTH and an NGO, which then see the family, the audit naming the meeting as the basis', async () => {
    // Before: HEALTH reads names masked, the NGO cannot reach the family at all.
    expect((await memberNames(HEALTH))[0]).not.toBe('王0之0');
    expect(await memberNames(ngo)).toBeUndefined();
    const result = await schedule(SOCIAL);
    expect(result).toMatchObject({ ok: true, meeting: { kind: 'CASE_CONFERENCE', level: 'CENTRE', status: 'SCHEDULED' } });
    expect(result.meeting.invitations).toEqual([{ unit: { code: 'HEALTH' }, organizationId: null }, { unit: { code: 'NGO' }, organizationId: gid('Organization', org) }]);
    expect(await memberNames(HEALTH)).toEqual(['王0之0', '王0之1']);
    expect(await memberNames(ngo)).toEqual(['王0之0', '王0之1']);
    expect([await listsFamily(HEALTH), await listsFamily(ngo), await listsFamily(LABOR), await listsFamily(otherNgo)]).toEqual([true, true, false, false]);
    // Another organisation and an uninvited unit still do not.
    expect(await memberNames(otherNgo)).toBeUndefined();
    expect((await memberNames(LABOR))[0]).not.toBe('王0之0');
    const meetingRow = Number(Buffer.from(result.meeting.id, 'base64').toString().split(':')[1]);
    const reads = await prisma().$queryRaw<{ records: string[] }[]>`
      SELECT records FROM audit.entry WHERE sub = ${HEALTH.sub} AND kind = 'READ' ORDER BY id DESC LIMIT 1`;
    expect(reads[0]!.records).toContain(`Meeting:${meetingRow}`);
    const write = await prisma().$queryRaw<{ person_ids: number[]; records: string[] }[]>`
      SELECT person_ids, records FROM audit.entry WHERE sub = ${SOCIAL.sub} AND kind = 'WRITE' ORDER BY id DESC LIMIT 1`;
    expect([...write[0]!.person_ids].sort()).toEqual([...family.personIds].sort());
    expect(write[0]!.records).toEqual(expect.arrayContaining([`Meeting:${meetingRow}`, `Family:${family.familyId}`]));
  });

  it('lists the meeting to the convenor and the invited, and to no one else', async () => {
    const titles = async (caller: Caller) => (await hub.query(MEETINGS, {}, caller)).data?.meetings;
    expect((await titles(SOCIAL)).totalCount).toBe(1);
    expect((await titles(HEALTH)).edges[0].node.agenda).toEqual([{ family: { id: familyGid } }]);
    expect((await titles(ngo)).totalCount).toBe(1);
    expect((await titles(LABOR)).totalCount).toBe(0);
    expect((await titles(otherNgo)).totalCount).toBe(0);
    // A SOCIAL worker bound to another district does not see a district-free meeting's out-of-district families.
    const beitun = await titles({ unit: 'SOCIAL', sub: 'w-social-beitun-meet', districts: ['BEITUN'] });
    expect(beitun.edges[0].node.agenda).toEqual([]);
  });

  it('does not let an invited unit pass its view on, nor make a referral keep it', async () => {
    // HEALTH sees the family only through the invitation: it cannot put it on its own meeting's agenda.
    expect((await schedule(HEALTH, conference({ invite: { units: ['LABOR'] } }))).error).toEqual(NOT_FOUND_FAMILY);
    expect((await schedule(LABOR, conference({ invite: { units: ['EDUCATION'] } }))).error).toEqual(NOT_FOUND_FAMILY);
    const referral = (await hub.query(`mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ok referral { id } } }`,
      { input: { personId: gid('Person', family.personIds[0]!), toUnit: 'LABOR', reason: '就業協助' } }, HEALTH)).data!.createReferral;
    expect(referral.ok).toBe(true);
    const row = await prisma().referral.findFirstOrThrow({ where: { fromUnitCode: 'HEALTH', personId: family.personIds[0]! } });
    expect(row.sentWhileServing).toBe(false);
  });

  it('refuses NGOs, analysts, auditors and admins, at the gateway and at the core subgraph', async () => {
    for (const caller of [
      ngo,
      { unit: 'SOCIAL', sub: 'w-analyst-meet', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-auditor-meet', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin-meet', roles: ['ADMIN'] },
    ] as Caller[]) {
      expect([caller.sub, (await hub.query(SCHEDULE, { input: conference() }, caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, SCHEDULE, { input: conference() });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    for (const caller of [{ unit: 'SOCIAL', sub: 'w-analyst-meet2', roles: ['ANALYST'] }, { unit: 'SOCIAL', sub: 'w-auditor-meet2', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
      const direct = await askSubgraph(core, hub, caller, MEETINGS);
      expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
  });

  it('answers a family the convenor does not serve as not found, for every other unit and for other districts', async () => {
    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      const result = await schedule({ unit, sub: `w-${unit}-sched` }, conference({ invite: { units: [unit === 'EDUCATION' ? 'LABOR' : 'EDUCATION'] } }));
      expect([unit, result.error]).toEqual([unit, NOT_FOUND_FAMILY]);
    }
    expect((await schedule({ unit: 'SOCIAL', sub: 'w-social-beitun-s', districts: ['BEITUN'] })).error).toEqual(NOT_FOUND_FAMILY);
    expect((await schedule(SOCIAL, conference({ agenda: { caseIds: [gid('Case', 999_999)] } }))).error).toEqual({ code: 'NOT_FOUND', message: 'agenda.caseIds[0]: no such case' });
  });

  it('refuses bad ids and input naming each field, writing nothing', async () => {
    const before = await prisma().meeting.count();
    const errors = async (overrides: Record<string, unknown>, caller: Caller = SOCIAL) => (await schedule(caller, conference(overrides))).inputErrors;
    expect(await errors({ title: ' ', agenda: { familyIds: [gid('Person', 1)] }, accessDaysAfter: 90 })).toEqual([
      { field: 'title', reason: 'must not be empty' },
      { field: 'agenda.familyIds[0]', reason: 'is not a Family ID' },
      { field: 'agenda', reason: 'a CASE_CONFERENCE meeting needs at least one family or case on its agenda' },
      { field: 'accessDaysAfter', reason: 'must be a whole number of days from 1 to 30' },
    ]);
    expect(await errors({ invite: { units: ['SOCIAL', 'NGO'] } })).toEqual([
      { field: 'invite.units', reason: 'the convening unit is not invited to its own meeting' },
      { field: 'invite.units', reason: 'invite NGOs by organisation (invite.organizationIds)' },
    ]);
    expect(await errors({ kind: 'RELEASE_TRANSITION' })).toEqual([{ field: 'kind', reason: 'a RELEASE_TRANSITION meeting is convened by JUSTICE' }]);
    expect(await errors({ kind: 'CITY_COORDINATION' })).toEqual([{ field: 'kind', reason: 'a CITY_COORDINATION meeting is convened by the secretariat (SOCIAL supervisors)' }]);
    expect(await errors({ kind: 'DISTRICT_CROSS_DEPARTMENT', agenda: null })).toEqual([
      { field: 'district', reason: 'a DISTRICT_CROSS_DEPARTMENT meeting is held for a district; name it' },
      { field: 'invite.units', reason: 'a DISTRICT_CROSS_DEPARTMENT meeting must invite CIVIL_AFFAIRS' },
    ]);
    expect(await errors({ startsAt: '2099-01-01T00:00:00Z', invite: { organizationIds: [gid('Organization', 999_999)] } })).toEqual([{ field: 'startsAt', reason: 'must be within a year of today' }]);
    expect(await errors({ invite: { organizationIds: [gid('Organization', 999_999)] } })).toEqual([{ field: 'invite.organizationIds[0]', reason: 'no such organisation' }]);
    expect(await errors({ startsAt: new Date(Date.now() + 120 * 86_400_000).toISOString() })).toEqual([
      { field: 'startsAt', reason: 'a meeting with families on its agenda is scheduled at most 90 days ahead (the invitations open them until after it)' },
    ]);
    expect(await prisma().meeting.count()).toBe(before);
  });

  it('records the outcome with action items; each owner reports on its own item only', async () => {
    const meeting = await prisma().meeting.findFirstOrThrow({ where: { convenorUnitCode: 'SOCIAL', status: 'SCHEDULED' }, orderBy: { id: 'asc' } });
    const meetingId = gid('Meeting', meeting.id);
    const outcome = {
      chair: '西屯家庭中心主任',
      minutes: '討論王家共案計畫。',
      attendedUnits: ['HEALTH'],
      attendedOrganizationIds: [gid('Organization', org)],
      decisions: ['衛生局安排心理諮商', '家扶基金會提供親職教育'],
      actionItems: [
        { ownerUnit: 'HEALTH', description: '安排心理諮商', dueOn: '2027-01-15', decision: 1, familyId: familyGid },
        { ownerUnit: 'NGO', ownerOrganizationId: gid('Organization', org), description: '親職教育 6 次', dueOn: '2027-02-15', decision: 2 },
      ],
    };
    // Only the convenor records it; other units answer as a meeting that does not exist.
    expect((await hub.query(RECORD, { meetingId, outcome }, HEALTH)).data!.recordMeetingOutcome.error).toEqual({ code: 'NOT_FOUND', message: 'meetingId: no such meeting' });
    const refused = (await hub.query(RECORD, { meetingId, outcome: { ...outcome, attendedUnits: ['LABOR'], actionItems: [{ ownerUnit: 'LABOR', description: 'x', dueOn: '2020-01-01' }] } }, SOCIAL)).data!.recordMeetingOutcome;
    expect(refused.inputErrors).toEqual([
      { field: 'attendedUnits', reason: 'LABOR was not invited' },
      { field: 'actionItems[0].ownerUnit', reason: 'the owner must be the convening unit or one invited' },
      { field: 'actionItems[0].dueOn', reason: 'must not be before the meeting' },
    ]);
    const held = (await hub.query(RECORD, { meetingId, outcome }, SOCIAL)).data!.recordMeetingOutcome;
    expect(held).toMatchObject({ ok: true, meeting: { status: 'HELD', chair: '西屯家庭中心主任', decisions: [{ position: 1 }, { position: 2 }] } });
    expect(held.meeting.invitations.map((i: { attended: boolean }) => i.attended)).toEqual([true, true]);
    const [healthItem, ngoItem] = held.meeting.actionItems as { id: string }[];
    // Recorded once.
    expect((await hub.query(RECORD, { meetingId, outcome }, SOCIAL)).data!.recordMeetingOutcome.inputErrors).toEqual([{ field: 'meetingId', reason: 'the meeting is already HELD' }]);

    const update = async (caller: Caller, id: string, status = 'DONE', note: string | null = '已轉介心理師') => (await hub.query(UPDATE_ITEM, { id, status, note }, caller)).data!.updateActionItem;
    for (const caller of [SOCIAL, LABOR, otherNgo, ngo]) expect([caller.sub, (await update(caller, healthItem!.id)).error?.code]).toEqual([caller.sub, 'NOT_FOUND']);
    expect((await update(HEALTH, healthItem!.id, 'OPEN')).inputErrors).toEqual([{ field: 'status', reason: 'an item is reopened at a meeting, not by its owner' }]);
    expect((await update(HEALTH, healthItem!.id, 'DROPPED', null)).inputErrors).toEqual([{ field: 'note', reason: 'must not be empty' }]);
    expect((await update(HEALTH, gid('Family', 1))).inputErrors).toEqual([{ field: 'id', reason: 'is not a ActionItem ID' }]);
    expect(await update(HEALTH, healthItem!.id)).toMatchObject({ ok: true, actionItem: { status: 'DONE', updatedBy: HEALTH.sub } });
    expect((await update(HEALTH, healthItem!.id)).inputErrors).toEqual([{ field: 'status', reason: 'the item is already DONE' }]);
    expect(await update(ngo, ngoItem!.id, 'IN_PROGRESS', '已開始第 1 次')).toMatchObject({ ok: true, actionItem: { status: 'IN_PROGRESS' } });
    const items = (await hub.query('{ actionItems { totalCount edges { node { description status } } } }', {}, HEALTH)).data!.actionItems;
    expect(items).toEqual({ totalCount: 1, edges: [{ node: { description: '安排心理諮商', status: 'DONE' } }] });
  });

  it('lets the convenor invite more only while it still serves every family on the agenda', async () => {
    const INVITE = `mutation ($id: ID!, $invite: MeetingInviteInput!) { inviteToMeeting(meetingId: $id, invite: $invite) { ok error { code message } inputErrors { field reason } } }`;
    const later = await schedule(SOCIAL, conference({ startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }));
    expect((await hub.query(INVITE, { id: later.meeting.id, invite: { units: ['HEALTH'] } }, SOCIAL)).data!.inviteToMeeting.inputErrors).toEqual([{ field: 'invite.units', reason: 'HEALTH is already invited' }]);
    expect((await hub.query(INVITE, { id: later.meeting.id, invite: { units: ['EDUCATION'] } }, HEALTH)).data!.inviteToMeeting.error.code).toBe('NOT_FOUND');
    expect((await hub.query(INVITE, { id: later.meeting.id, invite: { units: ['EDUCATION'] } }, SOCIAL)).data!.inviteToMeeting.ok).toBe(true);
    // SOCIAL's only case on the family closes: it can no longer open the family to anyone.
    await prisma().case.updateMany({ where: { familyId: family.familyId, ownerUnitCode: 'SOCIAL' }, data: { status: 'CLOSED', closedOn: new Date() } });
    expect((await hub.query(INVITE, { id: later.meeting.id, invite: { units: ['LABOR'] } }, SOCIAL)).data!.inviteToMeeting.inputErrors).toEqual([
      { field: 'meetingId', reason: 'your unit no longer serves every family on the agenda; it cannot invite to it' },
    ]);
    await prisma().case.updateMany({ where: { familyId: family.familyId, ownerUnitCode: 'SOCIAL' }, data: { status: 'OPEN', closedOn: null } });
    await prisma().meeting.update({ where: { id: Number(Buffer.from(later.meeting.id, 'base64').toString().split(':')[1]) }, data: { status: 'CANCELLED', cancelledAt: new Date() } });
  });

  it('ends the view when the stated time passes or the meeting is cancelled', async () => {
    // Time passing is simulated by moving the end of access into the past.
    await prisma().meeting.updateMany({ where: { convenorUnitCode: 'SOCIAL', startsAt: { lt: new Date() } }, data: { accessUntil: new Date(Date.now() - 1000) } });
    expect((await memberNames(HEALTH))[0]).not.toBe('王0之0');
    expect(await memberNames(ngo)).toBeUndefined();
    expect([await listsFamily(HEALTH), await listsFamily(ngo)]).toEqual([false, false]);
    const second = await schedule(SOCIAL, conference({ startsAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(await memberNames(ngo)).toEqual(['王0之0', '王0之1']);
    expect((await hub.query(CANCEL, { meetingId: second.meeting.id, reason: '改期' }, HEALTH)).data!.cancelMeeting.error.code).toBe('NOT_FOUND');
    expect((await hub.query(RECORD, { meetingId: second.meeting.id, outcome: { chair: 'x', minutes: 'y' } }, SOCIAL)).data!.recordMeetingOutcome.inputErrors).toEqual([
      { field: 'meetingId', reason: 'the meeting has not started yet' },
    ]);
    expect((await hub.query(CANCEL, { meetingId: second.meeting.id, reason: '改期' }, SOCIAL)).data!.cancelMeeting).toMatchObject({ ok: true, meeting: { status: 'CANCELLED' } });
    expect(await memberNames(ngo)).toBeUndefined();
    expect([await listsFamily(HEALTH), await listsFamily(ngo)]).toEqual([false, false]);
  });
});
