// The audit trail: every person-level read and every write is recorded
// before the response leaves, the chain exposes tampering, and a request
// whose entry cannot be written returns nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { prisma } from '../../src/db/prisma.ts';
import { onSubgraphFetch } from '../../src/gateway/fetch-listeners.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-7' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-3', purpose: 'CASE_CONFERENCE' };
const AUDITOR: Caller = { unit: 'SOCIAL', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' };

describe('audit trail', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  let sql: pg.Client;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    await prisma().person.update({ where: { id: family.personIds[0]! }, data: { nationalId: 'A123456789' } });
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await hub.stop();
  });

  const entries = async () => (await sql.query('SELECT * FROM audit.entry ORDER BY id')).rows;

  it('records who read which person, why, and which sensitive fields came back, masked or denied', async () => {
    await hub.query('query ReferenceOnly { districts { code } }', {}, SOCIAL);
    expect(await entries()).toEqual([]);
    const id = gid('Person', family.personIds[0]!);
    await hub.query('query Look($id: ID!) { person(id: $id) { name nationalId } }', { id }, SOCIAL);
    await hub.query('query Look($id: ID!) { person(id: $id) { name nationalId } }', { id }, HEALTH);
    const [social, health] = await entries();
    expect(social).toMatchObject({
      sub: 'w-social-7', unit: 'SOCIAL', purpose: 'CASE_WORK', operation: 'Look', kind: 'READ',
      person_ids: [family.personIds[0]], returned_fields: ['Person.name'], masked_fields: ['Person.nationalId'], denied_fields: [],
    });
    expect(health).toMatchObject({
      sub: 'w-health-3', unit: 'HEALTH', purpose: 'CASE_CONFERENCE', masked_fields: ['Person.name'], denied_fields: ['Person.nationalId'],
    });
    expect(health.prev_hash).toBe(social.hash);
  });

  it('writes one entry per client request, whatever the number of subgraph fetches, naming every subject of the answer', async () => {
    const [apart] = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 })) as [BuiltFamily];
    const before = (await entries()).length;
    const fetches: string[] = [];
    const stop = onSubgraphFetch((name) => fetches.push(name));
    try {
      const response = await hub.query(
        `query FamilyAcrossAgencies($id: ID!) { family(id: $id) { members { person { name householdRegistration { householdNumber } welfareStatuses { __typename } laborReferrals { __typename } } } } }`,
        { id: gid('Family', apart.familyId) },
        SOCIAL,
      );
      expect(response.errors).toBeUndefined();
    } finally {
      stop();
    }
    expect(new Set(fetches).size).toBeGreaterThanOrEqual(3);
    const added = (await entries()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ operation: 'FamilyAcrossAgencies', kind: 'READ', sub: 'w-social-7' });
    expect([...added[0].person_ids].sort()).toEqual([...apart.personIds].sort());
    expect(added[0].returned_fields).toEqual(expect.arrayContaining(['Person.name']));
  });

  it('records every write', async () => {
    await hub.query(
      `mutation Refer($input: CreateReferralInput!) { createReferral(input: $input) { ok } }`,
      { input: { personId: gid('Person', family.personIds[1]!), toUnit: 'LABOR', reason: '就業' } },
      SOCIAL,
    );
    expect((await entries()).at(-1)).toMatchObject({ kind: 'WRITE', operation: 'Refer', unit: 'SOCIAL' });
  });

  it('answers auditors, and only auditors declaring AUDIT, with who looked at a person and when', async () => {
    const query = `query ($id: ID!) { auditTrail(personId: $id) { sub unit purpose operation kind maskedFields deniedFields } auditTrailCsv(personId: $id) }`;
    const id = gid('Person', family.personIds[0]!);
    const response = await hub.query(query, { id }, AUDITOR);
    expect(response.data!.auditTrail).toEqual([
      { sub: 'w-social-7', unit: 'SOCIAL', purpose: 'CASE_WORK', operation: 'Look', kind: 'READ', maskedFields: ['Person.nationalId'], deniedFields: [] },
      { sub: 'w-health-3', unit: 'HEALTH', purpose: 'CASE_CONFERENCE', operation: 'Look', kind: 'READ', maskedFields: ['Person.name'], deniedFields: ['Person.nationalId'] },
    ]);
    const csv = (response.data!.auditTrailCsv as string).trim().split('\n');
    expect(csv[0]).toBe('at,sub,unit,org,purpose,operation,kind,returnedFields,maskedFields,deniedFields,records,breakGlass,hash');
    expect(csv).toHaveLength(3);
    const caseworker = await hub.query(query, { id }, SOCIAL);
    expect(caseworker.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const wrongPurpose = await hub.query(query, { id }, { ...AUDITOR, purpose: 'CASE_WORK' });
    expect(wrongPurpose.errors?.[0]?.message).toBe('x-purpose-of-use: reading the audit trail needs the purpose AUDIT');
  });

  it('shows auditors the records of a write as global IDs, and its break-glass flag, also in the CSV export', async () => {
    const referral = await prisma().referral.findFirstOrThrow({ where: { personId: family.personIds[1]! }, orderBy: { id: 'desc' } });
    const query = `query ($id: ID!) { auditTrail(personId: $id) { kind operation records breakGlass } auditTrailCsv(personId: $id) }`;
    const response = await hub.query(query, { id: gid('Person', family.personIds[1]!) }, AUDITOR);
    const records = [gid('Referral', referral.id), gid('Family', family.familyId)];
    expect(response.data!.auditTrail).toContainEqual({ kind: 'WRITE', operation: 'Refer', records, breakGlass: false });
    const line = (response.data!.auditTrailCsv as string).split('\n').find((l) => l.includes(',Refer,WRITE,'));
    expect(line).toContain(`,${records.join(' ')},false,`);
  });

  it('is append-only', async () => {
    await expect(sql.query("UPDATE audit.entry SET sub = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM audit.entry')).rejects.toThrow(/append-only/);
  });

  it('exposes an edited, a deleted and an inserted entry', async () => {
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ ok: true });
    const [first, second] = await entries();
    const tamper = async (statement: string, params: unknown[] = []) => {
      await sql.query('ALTER TABLE audit.entry DISABLE TRIGGER entry_append_only');
      await sql.query(statement, params);
      await sql.query('ALTER TABLE audit.entry ENABLE TRIGGER entry_append_only');
    };
    await tamper("UPDATE audit.entry SET purpose = 'AUDIT' WHERE id = $1", [second.id]);
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ ok: false, entryId: String(second.id), problem: expect.stringMatching(/edited/) });
    await tamper("UPDATE audit.entry SET purpose = 'CASE_CONFERENCE' WHERE id = $1", [second.id]);
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ ok: true });

    await tamper('DELETE FROM audit.entry WHERE id = $1', [first.id]);
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ ok: false, entryId: String(second.id), problem: expect.stringMatching(/entries before it were deleted/) });
    await tamper(
      `INSERT INTO audit.entry SELECT * FROM json_populate_record(NULL::audit.entry, $1::json)`,
      [JSON.stringify(first)],
    );
    const forged = { ...first, id: Number(first.id) + 100000, sub: 'forger' };
    await tamper(`INSERT INTO audit.entry SELECT * FROM json_populate_record(NULL::audit.entry, $1::json)`, [JSON.stringify(forged)]);
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ ok: false, entryId: String(forged.id) });
  });

  it('fails closed: a request whose entry cannot be written returns no data', async () => {
    await sql.query('ALTER TABLE audit.entry ADD CONSTRAINT refuse_all CHECK (false) NOT VALID');
    try {
      const response = await hub.query('query ($id: ID!) { person(id: $id) { name } }', { id: gid('Person', family.personIds[0]!) }, SOCIAL);
      expect(response.data?.person ?? null).toBeNull();
      expect(JSON.stringify(response)).not.toMatch(/王/);
      expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await sql.query('ALTER TABLE audit.entry DROP CONSTRAINT refuse_all');
    }
  });
});
