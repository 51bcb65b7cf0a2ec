// Mutations: invalid input is refused naming the field and the reason with
// nothing written, illegal transitions are rejected, valid changes land.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { Caller } from '../support/test-auth.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import { startTestHub, SOCIAL_WORKER, type TestHub } from '../support/test-hub.ts';

const LABOR_WORKER: Caller = { unit: 'LABOR', sub: 'w-labor-test' };
const PROTECTION_WORKER: Caller = { unit: 'PROTECTION', sub: 'w-protection-test' };

const PAYLOAD = 'ok error { code message } inputErrors { field reason }';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const CREATE_REFERRAL = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ${PAYLOAD} referral { id status fromUnit { code } toUnit { code } requestedBy } } }`;
const ACCEPT = `mutation ($id: ID!) { acceptReferral(id: $id) { ${PAYLOAD} referral { status respondedBy respondedAt } } }`;
const DECLINE = `mutation ($id: ID!, $reason: String!) { declineReferral(id: $id, reason: $reason) { ${PAYLOAD} referral { status declineReason } } }`;
const CLOSE = `mutation ($id: ID!, $note: String) { closeReferral(id: $id, note: $note) { ${PAYLOAD} referral { status closedBy closingNote } } }`;
const RECORD_CONTACT = `mutation ($input: RecordServiceContactInput!) { recordServiceContact(input: $input) { ${PAYLOAD} serviceContact { kind contactedOn unit { code } workerId } } }`;
const CREATE_INTAKE = `mutation ($input: CreateIntakeInput!) { createIntake(input: $input) { ${PAYLOAD} intake { id reReport triagedAt family { id } } } }`;
const TRIAGE = `mutation ($input: TriageIntakeInput!) { triageIntake(input: $input) { ${PAYLOAD} intake { triagedAt dispatchedAt triagedWithin24Hours dispatchedToUnit { code } case { kind status ownerUnit { code } } } } }`;

describe('mutations', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  let quietFamily: BuiltFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    quietFamily = (await buildFamilies(1, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 }))[0]!;
  });
  afterAll(() => hub.stop());

  const counts = async () => ({
    referrals: await prisma().referral.count(),
    contacts: await prisma().serviceContact.count(),
    intakes: await prisma().intake.count(),
    cases: await prisma().case.count(),
  });

  describe('createReferral', () => {
    it('refuses invalid input naming every field, and writes nothing', async () => {
      const before = await counts();
      const response = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Family', family.familyId), toUnit: 'SOCIAL', reason: '   ' },
      });
      expect(response.data!.createReferral).toEqual({
        ok: false,
        error: {
          code: 'BAD_USER_INPUT',
          message: 'personId: is not a Person ID; toUnit: must be another unit than the sending unit; reason: must not be empty',
        },
        inputErrors: [
          { field: 'personId', reason: 'is not a Person ID' },
          { field: 'toUnit', reason: 'must be another unit than the sending unit' },
          { field: 'reason', reason: 'must not be empty' },
        ],
        referral: null,
      });
      expect(await counts()).toEqual(before);
    });

    it('answers NOT_FOUND for a person that does not exist', async () => {
      const response = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', 999_999), toUnit: 'LABOR', reason: '就業' },
      });
      expect(response.data!.createReferral.error).toEqual({ code: 'NOT_FOUND', message: 'personId: no such person' });
    });

    it('refuses a family the person does not belong to', async () => {
      const response = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', family.personIds[0]!), familyId: gid('Family', quietFamily.familyId), toUnit: 'LABOR', reason: '就業' },
      });
      expect(response.data!.createReferral.inputErrors).toEqual([
        { field: 'familyId', reason: 'the person is not a member of this family' },
      ]);
    });

    it('refuses an unknown unit code before anything runs', async () => {
      const response = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', family.personIds[0]!), toUnit: 'MARS', reason: '就業' },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(/toUnit/);
    });
  });

  describe('referral life cycle', () => {
    let referralId: string;

    it('creates a PENDING referral from the caller’s unit', async () => {
      const response = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', family.personIds[1]!), toUnit: 'LABOR', reason: '  父親失業，需要就業服務  ' },
      });
      const payload = response.data!.createReferral;
      expect(payload).toMatchObject({
        ok: true,
        error: null,
        inputErrors: [],
        referral: { status: 'PENDING', fromUnit: { code: 'SOCIAL' }, toUnit: { code: 'LABOR' }, requestedBy: SOCIAL_WORKER.sub },
      });
      referralId = payload.referral.id;
      const stored = await prisma().referral.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(stored.reason).toBe('父親失業，需要就業服務');
      expect(stored.familyId).toBe(family.familyId);
    });

    it('lets only the receiving unit accept', async () => {
      const response = await hub.query(ACCEPT, { id: referralId }, SOCIAL_WORKER);
      expect(response.data!.acceptReferral.error).toEqual({
        code: 'FORBIDDEN',
        message: 'id: only the receiving unit LABOR may accept this referral',
      });
      expect((await prisma().referral.findFirstOrThrow({ orderBy: { id: 'desc' } })).status).toBe('PENDING');
    });

    it('requires a decline reason', async () => {
      const response = await hub.query(DECLINE, { id: referralId, reason: '' }, LABOR_WORKER);
      expect(response.data!.declineReferral.inputErrors).toEqual([{ field: 'reason', reason: 'must not be empty' }]);
    });

    it('accepts once, and refuses to accept or decline again', async () => {
      const accepted = await hub.query(ACCEPT, { id: referralId }, LABOR_WORKER);
      expect(accepted.data!.acceptReferral).toMatchObject({ ok: true, referral: { status: 'ACCEPTED', respondedBy: LABOR_WORKER.sub } });
      const again = await hub.query(ACCEPT, { id: referralId }, LABOR_WORKER);
      expect(again.data!.acceptReferral.error).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'id: a ACCEPTED referral cannot be accepted; only PENDING referrals can',
      });
      const decline = await hub.query(DECLINE, { id: referralId, reason: '不符資格' }, LABOR_WORKER);
      expect(decline.data!.declineReferral.ok).toBe(false);
    });

    it('closes an accepted referral, by either unit, once', async () => {
      const closed = await hub.query(CLOSE, { id: referralId, note: '已媒合工作' }, SOCIAL_WORKER);
      expect(closed.data!.closeReferral).toMatchObject({ ok: true, referral: { status: 'CLOSED', closedBy: SOCIAL_WORKER.sub, closingNote: '已媒合工作' } });
      const again = await hub.query(CLOSE, { id: referralId }, SOCIAL_WORKER);
      expect(again.data!.closeReferral.error.code).toBe('BAD_USER_INPUT');
    });

    it('declines a pending referral with its reason, then closes it', async () => {
      const created = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', family.personIds[2]!), toUnit: 'LABOR', reason: '職業重建' },
      });
      const id = created.data!.createReferral.referral.id;
      const declined = await hub.query(DECLINE, { id, reason: '已由其他方案服務' }, LABOR_WORKER);
      expect(declined.data!.declineReferral).toMatchObject({ ok: true, referral: { status: 'DECLINED', declineReason: '已由其他方案服務' } });
      // A unit that neither sent nor received the referral is told nothing about it.
      const closedByOutsider = await hub.query(CLOSE, { id }, PROTECTION_WORKER);
      expect(closedByOutsider.data!.closeReferral.error).toEqual({ code: 'NOT_FOUND', message: 'id: no such referral' });
      const closed = await hub.query(CLOSE, { id }, LABOR_WORKER);
      expect(closed.data!.closeReferral.referral.status).toBe('CLOSED');
    });

    it('refuses a pending referral being closed without an answer', async () => {
      const created = await hub.query(CREATE_REFERRAL, {
        input: { personId: gid('Person', family.personIds[0]!), toUnit: 'HEALTH', reason: '情緒困擾' },
      });
      const closed = await hub.query(CLOSE, { id: created.data!.createReferral.referral.id }, SOCIAL_WORKER);
      expect(closed.data!.closeReferral.error.message).toBe(
        'id: a PENDING referral cannot be closed; only ACCEPTED or DECLINED referrals can',
      );
    });
  });

  describe('recordServiceContact', () => {
    it('refuses a future date and a malformed case ID, writing nothing', async () => {
      const before = await counts();
      const response = await hub.query(RECORD_CONTACT, {
        input: { caseId: 'nonsense', kind: 'VISIT', contactedOn: '2999-01-01' },
      });
      expect(response.data!.recordServiceContact.inputErrors).toEqual([
        { field: 'caseId', reason: 'is not a Case ID' },
        { field: 'contactedOn', reason: 'must not be in the future' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('refuses a date that is not in the calendar', async () => {
      const response = await hub.query(RECORD_CONTACT, {
        input: { caseId: gid('Case', family.caseIds[0]!), kind: 'VISIT', contactedOn: '2023-02-30' },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(/contactedOn/);
    });

    it('refuses a contact before the case was opened', async () => {
      const response = await hub.query(RECORD_CONTACT, {
        input: { caseId: gid('Case', family.caseIds[0]!), kind: 'VISIT', contactedOn: '2020-01-01' },
      });
      expect(response.data!.recordServiceContact.inputErrors).toEqual([
        { field: 'contactedOn', reason: 'must not be before the case was opened' },
      ]);
    });

    it('records a contact for the caller’s unit and worker', async () => {
      const response = await hub.query(RECORD_CONTACT, {
        input: { caseId: gid('Case', family.caseIds[0]!), kind: 'ACCOMPANIMENT', contactedOn: '2023-04-02' },
      });
      expect(response.data!.recordServiceContact).toMatchObject({
        ok: true,
        serviceContact: { kind: 'ACCOMPANIMENT', contactedOn: '2023-04-02', unit: { code: 'SOCIAL' }, workerId: SOCIAL_WORKER.sub },
      });
    });

    it('refuses contacts on a closed case', async () => {
      const closedCase = await prisma().case.create({
        data: {
          kind: 'SUICIDE', status: 'CLOSED', familyId: family.familyId, ownerUnitCode: 'HEALTH', districtCode: 'XITUN',
          openedOn: day('2022-01-01'), closedOn: day('2022-06-01'),
        },
      });
      const input = { caseId: gid('Case', closedCase.id), kind: 'PHONE', contactedOn: '2023-01-01' };
      const byOwner = await hub.query(RECORD_CONTACT, { input }, { unit: 'HEALTH', sub: 'w-health-owner' });
      expect(byOwner.data!.recordServiceContact.inputErrors).toEqual([
        { field: 'caseId', reason: 'the case is closed; contacts can only be recorded on open cases' },
      ]);
      // Another unit learns nothing about the case, not even that it is closed.
      const byOther = await hub.query(RECORD_CONTACT, { input });
      expect(byOther.data!.recordServiceContact.inputErrors).toEqual([{ field: 'caseId', reason: 'no such case' }]);
    });
  });

  describe('intake and triage', () => {
    it('requires a family or a person', async () => {
      const response = await hub.query(CREATE_INTAKE, { input: { kind: 'CHILD_PROTECTION' } }, PROTECTION_WORKER);
      expect(response.data!.createIntake.inputErrors).toEqual([{ field: 'familyId', reason: 'familyId or subjectPersonId is required' }]);
    });

    // Re-reports are protective reports on a family with a protective case in service: test/graph/re-report.test.ts.
    it('flags no re-report on a family served only by a vulnerable-family case, nor on a family without cases', async () => {
      const byFamily = await hub.query(CREATE_INTAKE, { input: { kind: 'CHILD_PROTECTION', familyId: gid('Family', family.familyId) } }, PROTECTION_WORKER);
      expect(byFamily.data!.createIntake).toMatchObject({ ok: true, intake: { reReport: false, triagedAt: null } });
      const byPerson = await hub.query(CREATE_INTAKE, { input: { kind: 'ADULT_PROTECTION', subjectPersonId: gid('Person', quietFamily.personIds[0]!) } }, PROTECTION_WORKER);
      expect(byPerson.data!.createIntake).toMatchObject({ ok: true, intake: { reReport: false, family: { id: gid('Family', quietFamily.familyId) } } });
    });

    it('triages once, opening a case for the dispatched unit', async () => {
      // A stated time: the same worker's identical report moments later would be taken as this one sent again.
      const created = await hub.query(CREATE_INTAKE, { input: { kind: 'CHILD_PROTECTION', familyId: gid('Family', quietFamily.familyId), receivedAt: hoursAgo(1) } }, PROTECTION_WORKER);
      const intakeId = created.data!.createIntake.intake.id;
      const both = await hub.query(TRIAGE, { input: { intakeId, dispatchTo: 'PROTECTION', openCase: true, caseId: gid('Case', family.caseIds[0]!) } }, PROTECTION_WORKER);
      expect(both.data!.triageIntake.inputErrors).toEqual([{ field: 'caseId', reason: 'give either caseId or openCase, not both' }]);

      const before = await counts();
      const triaged = await hub.query(TRIAGE, { input: { intakeId, dispatchTo: 'PROTECTION', openCase: true } }, PROTECTION_WORKER);
      expect(triaged.data!.triageIntake).toMatchObject({
        ok: true,
        intake: { triagedWithin24Hours: true, dispatchedToUnit: { code: 'PROTECTION' }, case: { kind: 'CHILD_PROTECTION', status: 'OPEN', ownerUnit: { code: 'PROTECTION' } } },
      });
      expect((await counts()).cases).toBe(before.cases + 1);

      const again = await hub.query(TRIAGE, { input: { intakeId, dispatchTo: 'SOCIAL' } }, PROTECTION_WORKER);
      expect(again.data!.triageIntake.inputErrors).toEqual([{ field: 'intakeId', reason: 'the report was already triaged' }]);
    });

    it('refuses to join a case of another family', async () => {
      const created = await hub.query(CREATE_INTAKE, { input: { kind: 'CHILD_PROTECTION', familyId: gid('Family', quietFamily.familyId), receivedAt: hoursAgo(2) } }, PROTECTION_WORKER);
      const response = await hub.query(TRIAGE, {
        input: { intakeId: created.data!.createIntake.intake.id, dispatchTo: 'SOCIAL', caseId: gid('Case', family.caseIds[0]!) },
      }, PROTECTION_WORKER);
      expect(response.data!.triageIntake.inputErrors).toEqual([{ field: 'caseId', reason: "belongs to another family than the report's" }]);
    });
  });

  it('refuses every request without a valid token with HTTP 401 and no data', async () => {
    const response = await hub.post({ query: ACCEPT, variables: { id: gid('Referral', 1) } }, {});
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
