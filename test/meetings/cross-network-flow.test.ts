// Issue 15's "done when", tried as each user would, through the gateway with
// their own tokens: PROTECTION triages a report and opens a case; SOCIAL,
// which serves the family, is told (inbox) and the re-report reaches
// PROTECTION's network-meeting worklist; SOCIAL holds a case conference
// inviting HEALTH and an NGO, which see the family until the stated time,
// and records resolutions with action items; HEALTH marks its item done; a
// release-transition meeting invites LABOR, whose webhook receives a
// delivery it verifies with its secret; the meeting indicators count both
// meetings; every step is in the audit trail with its subject.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prisma } from '../../src/db/prisma.ts';
import { verifyDelivery } from '../../src/notifications/webhook-secret.ts';
import { startNotificationWorker, type NotificationWorker } from '../../src/notifications/worker.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const PAYLOAD = 'ok error { code message } inputErrors { field reason }';
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-flow' };
const POLICE: Caller = { unit: 'POLICE', sub: 'w-police-flow' };
const EDUCATION: Caller = { unit: 'EDUCATION', sub: 'w-education-flow' };
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-flow' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-flow' };
const JUSTICE: Caller = { unit: 'JUSTICE', sub: 'w-justice-flow' };
const LABOR_SUPERVISOR: Caller = { unit: 'LABOR', sub: 'w-labor-flow-sup', roles: ['SUPERVISOR'] };
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-flow' };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard-flow', roles: ['ANALYST'], purpose: null };

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('cross-network work on one family, end to end', () => {
  let hub: TestHub;
  let worker: NotificationWorker;
  let receiver: Server;
  let hookUrl: string;
  const deliveries: Delivery[] = [];
  let family: BuiltFamily;
  let familyGid: string;
  let ngo: Caller;
  let protectionCase: string;
  let conference: string;

  const ask = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const response = await hub.query(query, variables, caller);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const inboxKinds = async (caller: Caller) =>
    ((await ask(caller, '{ notifications { notifications { kind record { type } } } }')).notifications.notifications as { kind: string }[]).map((n) => n.kind);
  const names = async (caller: Caller) => (await hub.query('query ($id: ID!) { family(id: $id) { members { person { name } } } }', { id: familyGid }, caller)).data?.family?.members.map((m: { person: { name: string } }) => m.person.name);

  beforeAll(async () => {
    hub = await startTestHub();
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/labor`;
    worker = await startNotificationWorker(hub.db.url, { cron: false });
    // A family SOCIAL serves (an open vulnerable-family case).
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    familyGid = gid('Family', family.familyId);
    const org = (await prisma().organization.create({ data: { name: '勵馨基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    ngo = { unit: 'NGO', sub: 'w-ngo-flow', org };
  });
  afterAll(async () => {
    await worker.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await hub.stop();
  });

  it('PROTECTION triages a report and opens a case; SOCIAL is told', async () => {
    // The reporting unit learns the report's id, not what screening makes of it.
    const reported = await ask(POLICE, `mutation ($in: CreateIntakeInput!) { createIntake(input: $in) { ${PAYLOAD} intake { id } } }`, { in: { kind: 'CHILD_PROTECTION', familyId: familyGid } });
    expect(reported.createIntake.ok).toBe(true);
    const triaged = await ask(PROTECTION, `mutation ($in: TriageIntakeInput!) { triageIntake(input: $in) { ${PAYLOAD} intake { case { id } } } }`, {
      in: { intakeId: reported.createIntake.intake.id, dispatchTo: 'PROTECTION', openCase: true },
    });
    expect(triaged.triageIntake.ok).toBe(true);
    protectionCase = triaged.triageIntake.intake.case.id;
    expect(await inboxKinds(SOCIAL)).toContain('CASE_OPENED');
  });

  it('a re-report during service reaches SOCIAL’s inbox and, once assessed high risk, PROTECTION’s network-meeting worklist', async () => {
    // The case was opened some days ago: a report on the day a case opens is the report that opened it.
    await prisma().case.update({ where: { id: Number(Buffer.from(protectionCase, 'base64').toString().split(':')[1]) }, data: { openedOn: new Date(Date.now() - 5 * 86_400_000) } });
    const again = await ask(EDUCATION, `mutation ($in: CreateIntakeInput!) { createIntake(input: $in) { ${PAYLOAD} intake { id } } }`, { in: { kind: 'CHILD_PROTECTION', familyId: familyGid } });
    expect(again.createIntake.ok).toBe(true);
    expect((await prisma().intake.findFirstOrThrow({ where: { familyId: family.familyId }, orderBy: { id: 'desc' } })).reReport).toBe(true);
    expect(await inboxKinds(SOCIAL)).toEqual(expect.arrayContaining(['RE_REPORT', 'CASE_OPENED']));
    await ask(PROTECTION, `mutation ($id: ID!) { setCaseRiskLevel(caseId: $id, level: HIGH, reason: "處遇中再通報") { ok } }`, { id: protectionCase });
    const waiting = await ask(PROTECTION, '{ reReportsAwaitingNetworkMeeting { totalCount entries { case { id } reReports } } }');
    expect(waiting.reReportsAwaitingNetworkMeeting).toEqual({ totalCount: 1, entries: [{ case: { id: protectionCase }, reReports: 1 }] });
  });

  it('SOCIAL holds a case conference with HEALTH and an NGO, who see the family until the stated time; HEALTH does its item', async () => {
    expect(await names(ngo)).toBeUndefined();
    const scheduled = await ask(SOCIAL, `mutation ($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { ${PAYLOAD} meeting { id accessUntil } } }`, {
      in: {
        kind: 'CASE_CONFERENCE', title: '個案研討會', startsAt: new Date(Date.now() - 60_000).toISOString(), place: '西屯家庭中心',
        agenda: { familyIds: [familyGid] }, invite: { units: ['HEALTH'], organizationIds: [gid('Organization', ngo.org!)] }, accessDaysAfter: 14,
      },
    });
    conference = scheduled.scheduleMeeting.meeting.id;
    expect(await inboxKinds(HEALTH)).toContain('MEETING_INVITATION');
    expect(await inboxKinds(ngo)).toContain('MEETING_INVITATION');
    expect(await names(HEALTH)).toEqual(['王0之0', '王0之1']);
    expect(await names(ngo)).toEqual(['王0之0', '王0之1']);
    const held = await ask(SOCIAL, `mutation ($id: ID!, $o: MeetingOutcomeInput!) { recordMeetingOutcome(meetingId: $id, outcome: $o) { ${PAYLOAD} meeting { actionItems { id ownerUnit { code } } } } }`, {
      id: conference,
      o: { chair: '社工督導', minutes: '共案分工', attendedUnits: ['HEALTH'], decisions: ['心衛中心評估就醫'], actionItems: [{ ownerUnit: 'HEALTH', description: '安排精神科評估', dueOn: '2027-12-31', decision: 1, familyId: familyGid }] },
    });
    const item = held.recordMeetingOutcome.meeting.actionItems[0].id;
    // Only the owner reports on it; LABOR, not invited, does not even find it.
    expect((await ask(LABOR, `mutation ($id: ID!) { updateActionItem(id: $id, status: DONE) { ${PAYLOAD} } }`, { id: item })).updateActionItem.error.code).toBe('NOT_FOUND');
    expect((await ask(HEALTH, `mutation ($id: ID!) { updateActionItem(id: $id, status: DONE, note: "已完成評估") { ${PAYLOAD} actionItem { status } } }`, { id: item })).updateActionItem).toMatchObject({ ok: true, actionItem: { status: 'DONE' } });
    // After the stated time (simulated), the view is gone.
    await prisma().meeting.updateMany({ where: { kind: 'CASE_CONFERENCE' }, data: { accessUntil: new Date(Date.now() - 1000) } });
    expect(await names(ngo)).toBeUndefined();
  });

  it('a release-transition meeting invites LABOR, whose webhook gets a delivery it verifies with its secret', async () => {
    const registered = await ask(LABOR_SUPERVISOR, `mutation ($url: String!) { registerWebhook(url: $url) { ${PAYLOAD} registration { secret } } }`, { url: hookUrl });
    const secret = registered.registerWebhook.registration.secret as string;
    // JUSTICE serves the family through a referral it accepted.
    const referral = await ask(SOCIAL, `mutation ($in: CreateReferralInput!) { createReferral(input: $in) { ${PAYLOAD} referral { id } } }`, {
      in: { personId: gid('Person', family.personIds[0]!), toUnit: 'JUSTICE', reason: '出監轉銜' },
    });
    await ask(JUSTICE, `mutation ($id: ID!) { acceptReferral(id: $id) { ok } }`, { id: referral.createReferral.referral.id });
    const meeting = await ask(JUSTICE, `mutation ($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { ${PAYLOAD} meeting { id } } }`, {
      in: { kind: 'RELEASE_TRANSITION', title: '出監轉銜會議', startsAt: new Date(Date.now() - 60_000).toISOString(), place: '臺中地檢署', agenda: { familyIds: [familyGid] }, invite: { units: ['LABOR', 'SOCIAL'] } },
    });
    const meetingId = meeting.scheduleMeeting.meeting.id as string;
    const end = Date.now() + 15_000;
    while (!deliveries.some((d) => d.body.includes(meetingId)) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const delivery = deliveries.find((d) => d.body.includes(meetingId))!;
    expect(delivery).toBeDefined();
    expect(verifyDelivery(secret, String(delivery.headers['x-hub-timestamp']), delivery.body, String(delivery.headers['x-hub-signature']))).toBe(true);
    expect(verifyDelivery('not-the-secret', String(delivery.headers['x-hub-timestamp']), delivery.body, String(delivery.headers['x-hub-signature']))).toBe(false);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ kind: 'MEETING_INVITATION', record: { type: 'Meeting', id: meetingId } });
    // Ids and kinds only: no name, no address in the delivery.
    expect(delivery.body).not.toMatch(/王|臺中市/);
    // LABOR fetches the meeting under its own token.
    expect((await ask(LABOR, 'query ($id: ID!) { meeting(id: $id) { title } }', { id: meetingId })).meeting).toEqual({ title: '出監轉銜會議' });
    await ask(JUSTICE, `mutation ($id: ID!) { recordMeetingOutcome(meetingId: $id, outcome: { chair: "檢察官", minutes: "轉銜分工", attendedUnits: [LABOR] }) { ok } }`, { id: meetingId });
  });

  it('counts both meetings in the indicators, and put every step in the audit trail with its subject', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const report = await ask(ANALYST, 'query ($y: Int!) { indicatorReport(year: $y) { meetingIndicators { id value } } }', { y: year });
    const values = Object.fromEntries(report.indicatorReport.meetingIndicators.map((v: { id: string; value: number }) => [v.id, v.value]));
    expect(values).toMatchObject({ CROSS_NETWORK_MEETINGS_CASE_CONFERENCE: 1, CROSS_NETWORK_MEETINGS_RELEASE_TRANSITION: 1, CROSS_NETWORK_MEETINGS: 2 });
    const writes = await prisma().$queryRaw<{ sub: string; person_ids: number[]; records: string[] }[]>`
      SELECT sub, person_ids, records FROM audit.entry WHERE kind = 'WRITE' ORDER BY id`;
    const bySub = (sub: string) => writes.filter((w) => w.sub === sub);
    for (const sub of [POLICE.sub, PROTECTION.sub, EDUCATION.sub, SOCIAL.sub, HEALTH.sub, JUSTICE.sub]) {
      expect([sub, bySub(sub).length > 0 && bySub(sub).every((w) => w.records.length > 0)]).toEqual([sub, true]);
    }
    expect(bySub(SOCIAL.sub).some((w) => w.records.some((r) => r.startsWith('Meeting:')) && w.person_ids.length === 2)).toBe(true);
    expect(bySub(HEALTH.sub).some((w) => w.records.some((r) => r.startsWith('ActionItem:')))).toBe(true);
  });
});
