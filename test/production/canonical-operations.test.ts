// Production mode is a first-class target: the canonical operations — the
// family view (the persisted FamilyView), a person, the referral flow and the
// indicator report, identity review, unlinking, search, registration of a family and of a person, a case conference, sync status — answered by a hub running with NODE_ENV=production and
// its keys configured. (Pothos wraps Prisma queries in real Promises only in
// development; the field policy once read rows off the unresolved query in
// production and every family view answered INTERNAL_SERVER_ERROR.)
// NODE_ENV is set before the hub's modules load, as it is when the hub starts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import type { Caller } from '../support/test-auth.ts';

process.env.NODE_ENV = 'production';
process.env.HUB_COHORT_KEY = '1'.repeat(64);
process.env.HUB_AUDIT_KEY = '2'.repeat(64);

const { AcceptReferralDocument, CampaignDaysDocument, CreateReferralDocument, DashboardReportDocument, EnteredIndicatorsDocument, FamilyViewDocument, ReviewIndicatorReturnDocument, SubmitIndicatorReturnDocument } = await import(
  '../../src/client/graphql.ts'
);
const { prisma } = await import('../../src/db/prisma.ts');
const { buildFamilies, gid } = await import('../support/fixtures.ts');
const { askSubgraph, startCoreSubgraph } = await import('../support/core-subgraph.ts');
const { SOCIAL_WORKER, startTestHub } = await import('../support/test-hub.ts');
type TestHub = Awaited<ReturnType<typeof startTestHub>>;

const LABOR = { unit: 'LABOR' as const, sub: 'w-labor-prod' };
const ANALYST = { unit: 'SOCIAL' as const, sub: 'dashboard', roles: ['ANALYST' as const], purpose: null };

describe('the canonical operations with NODE_ENV=production', () => {
  let hub: TestHub;
  let familyId: number;
  let personIds: number[];
  let caseIds: number[];

  beforeAll(async () => {
    hub = await startTestHub();
    const [family] = await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 2, referrals: 1 });
    familyId = family!.familyId;
    personIds = family!.personIds;
    caseIds = family!.caseIds;
  });
  afterAll(() => hub.stop());

  it('runs in production mode: no introspection', async () => {
    expect(process.env.NODE_ENV).toBe('production');
    const response = await hub.query('{ __schema { queryType { name } } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers the family view (the persisted FamilyView operation)', async () => {
    const response = await hub.query(print(FamilyViewDocument), { id: gid('Family', familyId) });
    expect(response.errors).toBeUndefined();
    const view = response.data!.family;
    expect(view.id).toBe(gid('Family', familyId));
    expect(view.members).toHaveLength(3);
    expect(view.cases.map((c: { kind: string }) => c.kind)).toEqual(['VULNERABLE_FAMILY']);
  });

  it('answers a person', async () => {
    const response = await hub.query('query ($id: ID!) { person(id: $id) { id name birthDate memberships { family { id } } } }', { id: gid('Person', personIds[0]!) });
    expect(response).toEqual({ data: { person: { id: gid('Person', personIds[0]!), name: '王0之0', birthDate: '1960-01-15', memberships: [{ family: { id: gid('Family', familyId) } }] } } });
  });

  it('runs the referral flow: sent, accepted by the receiving unit, read back', async () => {
    const created = await hub.query(print(CreateReferralDocument), { input: { personId: gid('Person', personIds[1]!), toUnit: 'LABOR', reason: '就業服務' } });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createReferral.ok).toBe(true);
    const id = created.data!.createReferral.referral.id;
    const accepted = await hub.query(print(AcceptReferralDocument), { id }, LABOR);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptReferral.ok).toBe(true);
    const stored = await prisma().referral.findUniqueOrThrow({ where: { id: Number(Buffer.from(id, 'base64').toString().split(':')[1]) } });
    expect(stored.status).toBe('ACCEPTED');
  });

  it('revokes and lifts a subject (ADMIN), refusing its tokens in between', async () => {
    const ADMIN = { unit: 'SOCIAL' as const, sub: 'w-admin-prod', roles: ['ADMIN' as const], purpose: 'SUPERVISION' as const };
    const target = { unit: 'LABOR' as const, sub: 'w-labor-revoked-prod' };
    const probe = async () => (await hub.post({ query: '{ districts { code } }' }, await hub.auth.headers(target))).status;
    const revoked = await hub.query('mutation ($v: String!) { revokeAccess(kind: SUBJECT, value: $v, reason: "離職") { ok } }', { v: target.sub }, ADMIN);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeAccess.ok).toBe(true);
    expect(await probe()).toBe(401);
    const lifted = await hub.query('mutation ($v: String!) { liftRevocation(kind: SUBJECT, value: $v, reason: "復職") { ok } }', { v: target.sub }, ADMIN);
    expect(lifted.data!.liftRevocation.ok).toBe(true);
    expect(await probe()).toBe(200);
  });

  it('grants break-glass and lists it for the unit’s supervisors', async () => {
    const [stranger] = await buildFamilies(1, { members: 1, openCases: 0, contactsPerCase: 0, referrals: 0 });
    const police = { unit: 'POLICE' as const, sub: 'w-police-prod' };
    const granted = await hub.query(
      'mutation ($input: RequestEmergencyAccessInput!) { requestEmergencyAccess(input: $input) { ok emergencyAccess { id } } }',
      { input: { familyId: gid('Family', stranger!.familyId), reason: '緊急：兒童獨自在家' } },
      police,
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.requestEmergencyAccess.ok).toBe(true);
    const view = await hub.query('query ($id: ID!) { family(id: $id) { members { person { name } } } }', { id: gid('Family', stranger!.familyId) }, police);
    expect(view).toEqual({ data: { family: { members: [{ person: { name: '王0之0' } }] } } });
    const reviews = await hub.query('{ emergencyAccessReviews { id } }', {}, { unit: 'POLICE', sub: 'w-police-supervisor', roles: ['SUPERVISOR'] });
    expect(reviews.data!.emergencyAccessReviews).toEqual([{ id: granted.data!.requestEmergencyAccess.emergencyAccess.id }]);
  });

  it('lists a held record for identity review and links it to its candidate (the owning unit)', async () => {
    const civil = { unit: 'CIVIL_AFFAIRS' as const, sub: 'w-civil-prod' };
    const candidate = personIds[0]!;
    await prisma().identityReview.create({
      data: {
        connector: 'household-registration', sourceKey: 'H00000001:prod-test', outcome: 'REVIEW', reason: 'national ID belongs to another person (name differs); review needed',
        candidates: [{ personId: candidate, score: 20.1, notes: ['name differs'] }], claim: { nationalId: null, name: '王小明', birthDate: '2015-01-01', householdNumber: 'H00000001', address: null },
      },
    });
    const listed = await hub.query('{ identityReviews { sourceKey outcome candidates { person { id } score } } }', {}, civil);
    expect(listed).toEqual({ data: { identityReviews: [{ sourceKey: 'H00000001:prod-test', outcome: 'REVIEW', candidates: [{ person: { id: gid('Person', candidate) }, score: 20.1 }] }] } });
    const resolved = await hub.query(
      'mutation ($p: ID!) { resolveIdentity(connector: "household-registration", sourceKey: "H00000001:prod-test", decision: LINK, person: $p, reason: "戶所查核") { ok resolution { decisions { decision } } } }',
      { p: gid('Person', candidate) },
      civil,
    );
    expect(resolved).toEqual({ data: { resolveIdentity: { ok: true, resolution: { decisions: [{ decision: 'LINK' }] } } } });
  });

  it('unlinks a stored record, and answers an unknown one as not found', async () => {
    const civil = { unit: 'CIVIL_AFFAIRS' as const, sub: 'w-civil-unlink-prod' };
    const person = personIds[1]!;
    await prisma().$executeRaw`INSERT INTO household.registration (person_id, household_number, relationship, source_key, source_updated_at, synced_at)
      VALUES (${person}, 'H00000099', 'CHILD'::core."Relationship", 'H00000099:prod-unlink', now(), now())`;
    const unlink = 'mutation ($key: String!) { unlinkRecord(connector: "household-registration", sourceKey: $key, reason: "誤連結") { ok error { code } rejection { decision } } }';
    expect(await hub.query(unlink, { key: 'H00000099:prod-unlink' }, civil)).toEqual({ data: { unlinkRecord: { ok: true, error: null, rejection: { decision: 'REJECT' } } } });
    expect(await hub.query(unlink, { key: 'H00000099:prod-unlink' }, civil)).toEqual({ data: { unlinkRecord: { ok: false, error: { code: 'NOT_FOUND' }, rejection: null } } });
  });

  it('searches a person by name and birth date', async () => {
    const person = await prisma().person.findUniqueOrThrow({ where: { id: personIds[0]! } });
    const response = await hub.query('query ($by: PersonSearchInput!) { searchPersons(by: $by) { truncated persons { id } } }', { by: { name: person.name, birthDate: person.birthDate.toISOString().slice(0, 10) } });
    // The fixtures repeat names and birth dates across families: homonyms are all found.
    expect(response.errors).toBeUndefined();
    expect(response.data!.searchPersons.persons).toEqual(expect.arrayContaining([{ id: gid('Person', person.id) }]));
  });

  it('registers a family at intake (duplicate check included)', async () => {
    const input = { district: 'XITUN', address: '臺中市西屯區生產路 1 號', reason: '通報個案，查無戶籍', members: [{ name: '生產測試', birthDate: '2020-02-02', sex: 'FEMALE', relationship: 'HEAD' }] };
    const register = 'mutation ($input: RegisterFamilyInput!) { registerFamily(input: $input) { ok inputErrors { field } family { id } } }';
    const protection = { unit: 'PROTECTION' as const, sub: 'w-protection-prod' };
    const first = await hub.query(register, { input }, protection);
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerFamily).toMatchObject({ ok: true, family: { id: expect.any(String) } });
    // The same child again: the index holds her now.
    expect((await hub.query(register, { input }, protection)).data!.registerFamily).toMatchObject({ ok: false, inputErrors: [{ field: 'members[0]' }] });
  });

  it('registers a newborn into a family the unit serves', async () => {
    const register = 'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { ok inputErrors { field } persons { id name } } }';
    const input = { family: gid('Family', familyId), member: { name: '生產新生兒', birthDate: '2026-11-01', sex: 'MALE', relationship: 'CHILD' }, reason: '出生' };
    const first = await hub.query(register, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerPerson).toMatchObject({ ok: true, persons: [{ name: '生產新生兒' }] });
    expect((await hub.query(register, { input })).data!.registerPerson).toMatchObject({ ok: false, inputErrors: [{ field: 'member' }] });
  });

  it('answers the indicator report for an analyst', async () => {
    const response = await hub.query(print(DashboardReportDocument), { year: 2023 }, ANALYST);
    expect(response.errors).toBeUndefined();
    expect(response.data!.indicatorReport.year).toBe(2023);
  });

  it('takes a return, its review by the secretariat, and publishes it with its provenance', async () => {
    const education = { unit: 'EDUCATION' as const, sub: 'w-edu-prod', purpose: null };
    const secretariat = { unit: 'SOCIAL' as const, sub: 'w-secretariat-prod', roles: ['SUPERVISOR' as const], purpose: null };
    const input = { indicatorId: 'PARENTING_SHARE_OF_FAMILY_EDUCATION', year: 2023, numerator: 20_924, denominator: 44_949, evidence: '家庭教育中心112年參與統計' };
    const submitted = await hub.query(print(SubmitIndicatorReturnDocument), { input }, education);
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitIndicatorReturn.indicatorReturn.id;
    const reviewed = await hub.query(print(ReviewIndicatorReturnDocument), { id, decision: 'ACCEPT' }, secretariat);
    expect(reviewed.data!.reviewIndicatorReturn.ok).toBe(true);
    const report = await hub.query(print(EnteredIndicatorsDocument), { year: 2023 }, ANALYST);
    expect(report.errors).toBeUndefined();
    const parenting = report.data!.indicatorReport.enteredIndicators.find((i: { id: string }) => i.id === input.indicatorId);
    expect(parenting).toMatchObject({ numerator: 20_924, denominator: 44_949, value: 46.55, met: true, returned: true });
    expect(parenting.provenanceText).toMatch(/^reported by EDUCATION on /);
  });

  it('sets a case’s SDM risk level with the reason kept in its history', async () => {
    const response = await hub.query(
      'mutation ($caseId: ID!) { setCaseRiskLevel(caseId: $caseId, level: HIGH, reason: "再通報") { ok case { riskLevel riskHistory { level previousLevel } } } }',
      { caseId: gid('Case', caseIds[0]!) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.setCaseRiskLevel).toEqual({ ok: true, case: { riskLevel: 'HIGH', riskHistory: [{ level: 'HIGH', previousLevel: 'MODERATE' }] } });
  });

  it('schedules a case conference, which opens the family to the invited unit, and records its outcome', async () => {
    const HEALTH = { unit: 'HEALTH' as const, sub: 'w-health-prod' };
    const scheduled = await hub.query(
      'mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { ok meeting { id status } } }',
      { input: { kind: 'CASE_CONFERENCE', title: '個案研討', startsAt: new Date(Date.now() - 60_000).toISOString(), place: '家庭中心', agenda: { familyIds: [gid('Family', familyId)] }, invite: { units: ['HEALTH'] } } },
    );
    expect(scheduled.errors).toBeUndefined();
    expect(scheduled.data!.scheduleMeeting.meeting.status).toBe('SCHEDULED');
    const seen = await hub.query('query ($id: ID!) { family(id: $id) { members { person { name } } } }', { id: gid('Family', familyId) }, HEALTH);
    expect(seen.data!.family.members[0].person.name).toBe('王0之0');
    const held = await hub.query(
      'mutation ($id: ID!) { recordMeetingOutcome(meetingId: $id, outcome: { chair: "主任", minutes: "共案分工", decisions: ["衛生局追蹤"], actionItems: [{ ownerUnit: HEALTH, description: "追蹤就醫", dueOn: "2027-12-31", decision: 1 }] }) { ok meeting { status actionItems { id } } } }',
      { id: scheduled.data!.scheduleMeeting.meeting.id },
    );
    expect(held.errors).toBeUndefined();
    const itemId = held.data!.recordMeetingOutcome.meeting.actionItems[0].id;
    const done = await hub.query('mutation ($id: ID!) { updateActionItem(id: $id, status: DONE) { ok actionItem { status } } }', { id: itemId }, HEALTH);
    expect(done.data!.updateActionItem).toEqual({ ok: true, actionItem: { status: 'DONE' } });
    const report = await hub.query('{ indicatorReport(year: 2023) { meetingIndicators { id value } } }', {}, ANALYST);
    expect(report.errors).toBeUndefined();
  });

  it('answers the worklists', async () => {
    for (const [caller, query] of [
      [{ unit: 'PROTECTION' as const, sub: 'w-protection-prod' }, '{ intakeQueue { totalCount edges { node { id hoursLeft dueWithin4Hours } } } }'],
      [SOCIAL_WORKER, '{ myCases { totalCount entries { case { id } nextContactDue } } }'],
      [LABOR, '{ referralsAwaitingMe { totalCount edges { node { id unread } } } }'],
      [SOCIAL_WORKER, '{ upcomingReleases(days: 90) { totalCount entries { releaseOn } } }'],
      [{ unit: 'PROTECTION' as const, sub: 'w-protection-prod' }, '{ reReportsAwaitingNetworkMeeting { totalCount } }'],
    ] as const) {
      const response = await hub.query(query, {}, caller);
      expect([query, response.errors]).toEqual([query, undefined]);
    }
  });

  it('closes a case with its reason', async () => {
    const response = await hub.query(
      'mutation ($caseId: ID!) { closeCase(caseId: $caseId, reason: "服務目標達成", closedOn: "2024-06-30") { ok case { status closedOn closeReason } } }',
      { caseId: gid('Case', caseIds[0]!) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.closeCase).toEqual({ ok: true, case: { status: 'CLOSED', closedOn: '2024-06-30', closeReason: '服務目標達成' } });
  });

  it('runs a campaign, the staffing table and a campaign’s days', async () => {
    const secretariat = { unit: 'SOCIAL' as const, sub: 'w-secretariat-prod-2', roles: ['SUPERVISOR' as const], purpose: null };
    const created = await hub.query(
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ok campaign { id } } }',
      { input: { name: '春節關懷專案', fromDate: '2024-01-10', toDate: '2024-02-16', deadline: '2024-02-23', items: [{ key: 'VISITS', label: '訪視人次' }], units: ['LABOR'] } },
      secretariat,
    );
    expect(created.errors).toBeUndefined();
    const campaignId = created.data!.createCampaign.campaign.id;
    const returned = await hub.query('mutation ($id: ID!) { submitCampaignReturn(campaignId: $id, figures: [{ key: "VISITS", value: 4 }]) { ok } }', { id: campaignId }, { ...LABOR, purpose: null });
    expect(returned.data!.submitCampaignReturn.ok).toBe(true);
    const followUp = await hub.query('{ campaigns { outstandingUnits totals { key value } } }', {}, secretariat);
    expect(followUp.data!.campaigns[0]).toEqual({ outstandingUnits: [], totals: [{ key: 'VISITS', value: 4 }] });
    const staffing = await hub.query('{ staffingTable(year: 2023) { total { approved hired } } }', {}, ANALYST);
    expect(staffing.errors).toBeUndefined();
    const days = await hub.query(print(CampaignDaysDocument), { fromDate: '2024-01-10', toDate: '2024-02-16' }, ANALYST);
    expect(days.errors).toBeUndefined();
    const offered = (field: string) => (days.data!.dayRangeIndicators[field] as { id: string; offered: boolean }[]).filter((v) => v.offered).map((v) => v.id);
    // The campaign's own days: the six contact kinds, the triage rate and the ten counts of cases in service.
    expect(offered('values')).toHaveLength(17);
    // Each connector's events and the meetings; over the campaign's days also the needs-assessment rate and the cross-agency
    // indicators (their cohorts sealed and opened under the production key).
    expect(offered('welfareIndicators')).toEqual(['DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS', 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE']);
    expect(offered('educationIndicators')).toEqual(['SCHOOL_REFERRALS_OPENED']);
    expect(offered('laborIndicators')).toEqual(['VOCATIONAL_REHABILITATION_EMPLOYMENT']);
    expect(offered('meetingIndicators')).toHaveLength(6);
    expect(offered('crossAgencyIndicators')).toEqual(['VULNERABLE_FAMILIES_WITH_DROPOUT']);
    expect(offered('welfareCrossAgencyIndicators')).toEqual(['RELEASE_TRANSITION_FAMILIES_ON_WELFARE']);
    // A range that is no campaign offers none of them.
    const other = await hub.query(print(CampaignDaysDocument), { fromDate: '2024-01-10', toDate: '2024-02-17' }, ANALYST);
    expect(other.errors).toBeUndefined();
    for (const field of ['crossAgencyIndicators', 'welfareCrossAgencyIndicators']) expect((other.data!.dayRangeIndicators[field] as { offered: boolean }[]).every((v) => !v.offered)).toBe(true);
    expect(offered('enteredIndicators')).toEqual([]);
    expect(days.data!.dayRangeIndicators.enteredIndicators.length).toBeGreaterThan(0);
    // An NGO gets nothing of it, in production as elsewhere.
    const ngo = await hub.query(print(CampaignDaysDocument), { fromDate: '2024-01-10', toDate: '2024-02-16' }, { unit: 'NGO', sub: 'w-ngo-prod-days', org: 1, purpose: null });
    expect(ngo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('withdraws a referral not answered yet', async () => {
    const sent = await hub.query(print(CreateReferralDocument), { input: { personId: gid('Person', personIds[2]!), toUnit: 'EDUCATION', reason: '中輟輔導' } });
    const id = sent.data!.createReferral.referral.id;
    const withdrawn = await hub.query('mutation ($id: ID!) { withdrawReferral(id: $id, reason: "已由學校處理") { ok referral { status } } }', { id });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawReferral).toEqual({ ok: true, referral: { status: 'CLOSED' } });
  });

  it('runs the case actions: lead worker, an NGO assignment offered, accepted and handed back, a contact note, a referral to an organisation, a transfer', async () => {
    const [family] = await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 });
    const caseId = gid('Case', family!.caseIds[0]!);
    const worker = await prisma().worker.create({ data: { id: 'w-social-prod-lead', name: '林社工', unitCode: 'SOCIAL' } });
    const org = await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: [] } });
    const ngo = { unit: 'NGO' as const, sub: 'w-ngo-prod', org: org.id };
    const ask = async (query: string, variables: Record<string, unknown>, caller?: Parameters<TestHub['query']>[2]) => {
      const response = await hub.query(query, variables, caller);
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    expect((await ask('mutation ($c: ID!, $w: ID!) { assignLeadWorker(caseId: $c, workerId: $w) { ok case { leadWorker { id } } } }', { c: caseId, w: worker.id })).assignLeadWorker)
      .toEqual({ ok: true, case: { leadWorker: { id: worker.id } } });
    const offered = (await ask('mutation ($c: ID!, $o: ID!) { createAssignment(caseId: $c, organizationId: $o) { ok assignment { id status } } }', { c: caseId, o: gid('Organization', org.id) })).createAssignment;
    expect(offered).toMatchObject({ ok: true, assignment: { status: 'OFFERED' } });
    expect((await ask('mutation ($id: ID!) { acceptAssignment(id: $id) { ok assignment { status } } }', { id: offered.assignment.id }, ngo)).acceptAssignment).toEqual({ ok: true, assignment: { status: 'ACCEPTED' } });
    expect((await ask('query ($id: ID!) { case(id: $id) { id } }', { id: caseId }, ngo)).case).toEqual({ id: caseId });
    const contact = await ask('mutation ($input: RecordServiceContactInput!) { recordServiceContact(input: $input) { ok serviceContact { note durationMinutes } } }', {
      input: { caseId, kind: 'VISIT', contactedOn: '2024-05-02', note: '家訪，案家狀況穩定', durationMinutes: 50 },
    });
    expect(contact.recordServiceContact).toEqual({ ok: true, serviceContact: { note: '家訪，案家狀況穩定', durationMinutes: 50 } });
    expect((await ask('mutation ($id: ID!) { handBackAssignment(id: $id, reason: "服務量已滿") { ok assignment { status } } }', { id: offered.assignment.id }, ngo)).handBackAssignment)
      .toEqual({ ok: true, assignment: { status: 'HANDED_BACK' } });
    expect((await ask('query ($id: ID!) { case(id: $id) { id } }', { id: caseId }, ngo)).case).toBeNull();
    const referred = await ask('mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ok referral { toOrganization { name } } } }', {
      input: { personId: gid('Person', family!.personIds[1]!), toUnit: 'NGO', toOrganizationId: gid('Organization', org.id), reason: '課後照顧' },
    });
    expect(referred.createReferral).toEqual({ ok: true, referral: { toOrganization: { name: '家扶基金會' } } });
    expect((await ask('mutation ($c: ID!) { transferCase(caseId: $c, toUnit: HEALTH, reason: "轉由心衛中心主責") { ok } }', { c: caseId })).transferCase).toEqual({ ok: true });
  });

  it('tells the receiving unit of a referral (inbox, feed, marked read) and takes only https webhooks', async () => {
    const inbox = await hub.query('{ notifications { totalCount notifications { id kind record { type } } } }', {}, LABOR);
    expect(inbox.errors).toBeUndefined();
    // The referral it received; then, serving the family since it accepted, SOCIAL's referral to EDUCATION.
    expect(inbox.data!.notifications.notifications.map((n: { kind: string }) => n.kind)).toEqual(['REFERRAL_SENT', 'REFERRAL_RECEIVED']);
    const feed = await hub.query('{ changesSince { cursor changes { kind } } }', {}, LABOR);
    expect(feed.data!.changesSince.changes).toEqual([{ kind: 'REFERRAL_RECEIVED' }, { kind: 'REFERRAL_SENT' }]);
    const marked = await hub.query('mutation ($upTo: ID) { markNotificationsRead(upTo: $upTo) { ok result { marked unreadCount } } }', { upTo: inbox.data!.notifications.notifications[0].id }, LABOR);
    expect(marked.data!.markNotificationsRead).toEqual({ ok: true, result: { marked: 2, unreadCount: 0 } });
    const register = 'mutation ($url: String!) { registerWebhook(url: $url) { ok inputErrors { field reason } registration { secret } } }';
    const supervisor = { ...LABOR, roles: ['SUPERVISOR' as const] };
    const local = await hub.query(register, { url: 'http://127.0.0.1:8080/hook' }, supervisor);
    expect(local.data!.registerWebhook.inputErrors).toEqual([{ field: 'url', reason: 'must use https (plain http only to localhost in development and test)' }]);
    const remote = await hub.query(register, { url: 'https://hooks.labor.example.org/safety-net' }, supervisor);
    expect(remote.data!.registerWebhook.ok).toBe(true);
  });

  it("shows syncStatus to the unit owning a connector, through the gateway and at the core subgraph, and refuses an NGO", async () => {
    await prisma().$executeRaw`INSERT INTO sync.attempt (connector, trigger, attempt, started_at, finished_at, outcome, read, inserted)
      VALUES ('household-registration', 'cli', 1, now() - interval '2 seconds', now(), 'succeeded', 12, 12)`;
    const status = '{ syncStatus { connector stale lastRun { trigger outcome read inserted error } } }';
    const civil: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-sync-prod', purpose: null };
    const ngo: Caller = { unit: 'NGO', sub: 'w-ngo-sync-prod', org: 1 };
    const core = await startCoreSubgraph(hub);
    try {
      for (const ask of [(caller: Caller) => hub.query(status, {}, caller), (caller: Caller) => askSubgraph(core, hub, caller, status)]) {
        const owner = await ask(civil);
        expect(owner.errors).toBeUndefined();
        expect(owner.data!.syncStatus).toEqual([
          { connector: 'household-registration', stale: expect.any(Boolean), lastRun: { trigger: 'cli', outcome: 'succeeded', read: 12, inserted: 12, error: null } },
        ]);
        const refused = await ask(ngo);
        expect(refused.data?.syncStatus ?? null).toBeNull();
        expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    } finally {
      await core.stop();
    }
  });
});
