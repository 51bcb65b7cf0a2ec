// Every write commits together with its audit entry, which names the persons
// and records it touched; when the entry cannot be written, the write is
// undone too. A refused write leaves no WRITE entry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { prisma } from '../../src/db/prisma.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-writer' };
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-writer' };
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-writer' };
const PAYLOAD = 'ok error { code message }';

describe('writes and their audit entries', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  let sql: pg.Client;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await hub.stop();
  });

  const writeEntries = async () => (await sql.query(`SELECT * FROM audit.entry WHERE kind = 'WRITE' ORDER BY id`)).rows;
  const lastWrite = async () => (await writeEntries()).at(-1);

  it('names the persons and records of each write', async () => {
    const person = family.personIds[1]!;
    const created = await hub.query(
      `mutation Refer($input: CreateReferralInput!) { createReferral(input: $input) { ${PAYLOAD} referral { id } } }`,
      { input: { personId: gid('Person', person), toUnit: 'LABOR', reason: '就業服務' } },
      SOCIAL,
    );
    const referral = await prisma().referral.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(created.data!.createReferral.referral.id).toBe(gid('Referral', referral.id));
    expect(await lastWrite()).toMatchObject({
      kind: 'WRITE', operation: 'Refer', sub: SOCIAL.sub, unit: 'SOCIAL',
      person_ids: [person], records: [`Referral:${referral.id}`, `Family:${family.familyId}`],
    });

    await hub.query(`mutation Accept($id: ID!) { acceptReferral(id: $id) { ${PAYLOAD} } }`, { id: gid('Referral', referral.id) }, LABOR);
    expect(await lastWrite()).toMatchObject({ operation: 'Accept', unit: 'LABOR', person_ids: [person], records: [`Referral:${referral.id}`] });

    const caseId = family.caseIds[0]!;
    const contact = await hub.query(
      `mutation Contact($input: RecordServiceContactInput!) { recordServiceContact(input: $input) { ${PAYLOAD} } }`,
      { input: { caseId: gid('Case', caseId), kind: 'PHONE', contactedOn: '2024-01-10' } },
      SOCIAL,
    );
    expect(contact.data!.recordServiceContact.ok).toBe(true);
    const stored = await prisma().serviceContact.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const subject = (await prisma().case.findUniqueOrThrow({ where: { id: caseId } })).subjectPersonId;
    expect(await lastWrite()).toMatchObject({ operation: 'Contact', person_ids: [subject], records: [`ServiceContact:${stored.id}`, `Case:${caseId}`] });

    await hub.query(
      `mutation Report($input: CreateIntakeInput!) { createIntake(input: $input) { ${PAYLOAD} } }`,
      { input: { kind: 'CHILD_PROTECTION', familyId: gid('Family', family.familyId) } },
      PROTECTION,
    );
    const intake = await prisma().intake.findFirstOrThrow({ orderBy: { id: 'desc' } });
    // A report about the whole family touches every current member.
    expect(await lastWrite()).toMatchObject({ operation: 'Report', records: [`Intake:${intake.id}`] });
    expect([...(await lastWrite()).person_ids].sort()).toEqual([...family.personIds].sort());
  });

  it('shows the write to an auditor reading the trail of the person', async () => {
    const person = family.personIds[1]!;
    const trail = await hub.query(
      'query ($id: ID!) { auditTrail(personId: $id) { kind operation sub unit } }',
      { id: gid('Person', person) },
      { unit: 'SOCIAL', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' },
    );
    expect(trail.data!.auditTrail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'WRITE', operation: 'Refer', sub: SOCIAL.sub, unit: 'SOCIAL' }),
        expect.objectContaining({ kind: 'WRITE', operation: 'Accept', sub: LABOR.sub, unit: 'LABOR' }),
      ]),
    );
  });

  it('flags break-glass: the grant and every read under it', async () => {
    const [stranger] = await buildFamilies(1, { members: 1, openCases: 0, contactsPerCase: 0, referrals: 0 });
    const police: Caller = { unit: 'POLICE', sub: 'w-police-emergency' };
    const granted = await hub.query(
      `mutation Emergency($input: RequestEmergencyAccessInput!) { requestEmergencyAccess(input: $input) { ${PAYLOAD} emergencyAccess { id } } }`,
      { input: { familyId: gid('Family', stranger!.familyId), reason: '疑似兒虐，需立即確認家庭成員' } },
      police,
    );
    expect(granted.data!.requestEmergencyAccess.ok).toBe(true);
    expect(await lastWrite()).toMatchObject({ operation: 'Emergency', break_glass: true, person_ids: stranger!.personIds });
    await hub.query('query LookNow($id: ID!) { family(id: $id) { members { person { name } } } }', { id: gid('Family', stranger!.familyId) }, police);
    const read = (await sql.query(`SELECT * FROM audit.entry WHERE operation = 'LookNow'`)).rows;
    expect(read.map((e) => [e.kind, e.break_glass])).toEqual([['READ', true]]);
    // An ordinary read by a unit serving its own family is not flagged.
    await hub.query('query LookServed($id: ID!) { family(id: $id) { members { person { name } } } }', { id: gid('Family', family.familyId) }, SOCIAL);
    const ordinary = (await sql.query(`SELECT * FROM audit.entry WHERE operation = 'LookServed'`)).rows;
    expect(ordinary.map((e) => e.break_glass)).toEqual([false]);
  });

  it('records a refused write as REFUSED, not as a WRITE', async () => {
    const before = (await writeEntries()).length;
    const response = await hub.query(
      `mutation Contact($input: RecordServiceContactInput!) { recordServiceContact(input: $input) { ${PAYLOAD} } }`,
      { input: { caseId: gid('Case', family.caseIds[0]!), kind: 'PHONE', contactedOn: '2024-01-10' } },
      LABOR,
    );
    expect(response.data!.recordServiceContact.error.code).toBe('NOT_FOUND');
    expect((await writeEntries()).length).toBe(before);
    const refused = (await sql.query(`SELECT * FROM audit.entry ORDER BY id DESC LIMIT 1`)).rows[0];
    expect(refused).toMatchObject({ kind: 'REFUSED', operation: 'Contact', sub: LABOR.sub });
  });

  it('undoes the write when its audit entry cannot be written', async () => {
    // A fault planted in the audit trail itself: its inserts fail for this one operation.
    await sql.query(`CREATE FUNCTION audit.fail_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.operation = 'DoomedRefer' THEN RAISE EXCEPTION 'audit storage failed'; END IF; RETURN NEW; END $$`);
    await sql.query('CREATE TRIGGER fail_for_test BEFORE INSERT ON audit.entry FOR EACH ROW EXECUTE FUNCTION audit.fail_for_test()');
    try {
      const referralsBefore = await prisma().referral.count();
      const response = await hub.query(
        `mutation DoomedRefer($input: CreateReferralInput!) { createReferral(input: $input) { ${PAYLOAD} } }`,
        { input: { personId: gid('Person', family.personIds[2]!), toUnit: 'HEALTH', reason: '心理衛生' } },
        SOCIAL,
      );
      expect(response.data?.createReferral ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response)).not.toMatch(/audit storage failed/);
      expect(await prisma().referral.count()).toBe(referralsBefore);
    } finally {
      await sql.query('DROP TRIGGER fail_for_test ON audit.entry');
      await sql.query('DROP FUNCTION audit.fail_for_test()');
    }
  });
});
