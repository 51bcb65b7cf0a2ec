// registerPerson: a newborn or a relative added to a family the caller's unit
// serves, with the duplicate check of registerFamily. Around it: a family the
// unit does not serve, one outside a district-bound token, a bad id, bad
// input, and every unit and role that may not register.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-register' };
const REGISTER = `mutation RegisterPerson($input: RegisterPersonInput!) { registerPerson(input: $input) {
  ok error { code message } inputErrors { field reason } family { id } persons { id name } duplicates { member candidate { person { id } score } } } }`;
const MEMBERS = 'query ($id: ID!) { family(id: $id) { members { person { id name } } } }';
const newborn = { name: '林小安', birthDate: '2026-11-20', sex: 'FEMALE', relationship: 'CHILD' };

describe('registerPerson', () => {
  let hub: TestHub;
  let core: HubServer;
  let sql: pg.Client;
  /** A family with an open SOCIAL case, and its district. */
  let served: { id: number; district: string };
  /** A family no unit but PROTECTION serves. */
  let notServed: number;
  const personCount = async () => (await sql.query('SELECT count(*)::int AS n FROM core.person')).rows[0].n as number;
  const input = (extra: object = {}) => ({ family: gid('Family', served.id), member: newborn, reason: '出生，家訪時得知', ...extra });

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === 'core')!, auth: hub.auth.settings, port: 0, log: () => undefined });
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 11 });
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    const servedRows = await sql.query(`SELECT f.id, f.district_code FROM core.family f WHERE EXISTS (SELECT 1 FROM core."case" c WHERE c.family_id = f.id AND c.status = 'OPEN' AND c.owner_unit_code = 'SOCIAL') ORDER BY f.id LIMIT 1`);
    served = { id: servedRows.rows[0].id, district: servedRows.rows[0].district_code };
    const other = await sql.query(`SELECT f.id FROM core.family f WHERE NOT EXISTS (SELECT 1 FROM core."case" c WHERE c.family_id = f.id AND c.owner_unit_code = 'SOCIAL')
      AND NOT EXISTS (SELECT 1 FROM core.referral r WHERE r.family_id = f.id AND 'SOCIAL' IN (r.to_unit_code::text, r.from_unit_code::text)) ORDER BY f.id LIMIT 1`);
    notServed = other.rows[0].id;
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await core.stop();
    await hub.stop();
  });

  it('adds a newborn without an ID to a family the unit serves, in one audited write', async () => {
    const before = await personCount();
    const response = await hub.query(REGISTER, { input: input() }, SOCIAL);
    expect(response.errors).toBeUndefined();
    const result = response.data!.registerPerson;
    expect(result).toMatchObject({ ok: true, error: null, inputErrors: [], family: { id: gid('Family', served.id) }, persons: [{ name: newborn.name }], duplicates: [] });
    expect(await personCount()).toBe(before + 1);
    const personId = Number(Buffer.from(result.persons[0].id, 'base64').toString().split(':')[1]);
    const { rows } = await sql.query('SELECT p.national_id, p.district_code, m.relationship::text, m.end_date FROM core.person p JOIN core.family_membership m ON m.person_id = p.id WHERE p.id = $1', [personId]);
    expect(rows).toEqual([{ national_id: null, district_code: served.district, relationship: 'CHILD', end_date: null }]);
    const view = await hub.query(MEMBERS, { id: gid('Family', served.id) }, SOCIAL);
    expect(view.data!.family.members.map((m: { person: { id: string } }) => m.person.id)).toContain(result.persons[0].id);
    const { rows: audit } = await sql.query(`SELECT operation, person_ids, records FROM audit.entry WHERE sub = $1 AND kind = 'WRITE' ORDER BY id DESC LIMIT 1`, [SOCIAL.sub]);
    expect(audit).toEqual([{ operation: 'RegisterPerson', person_ids: [personId], records: [`Family:${served.id}`, `Person:${personId}`] }]);
  });

  it('refuses the same newborn twice, showing the first registration', async () => {
    const before = await personCount();
    const again = await hub.query(REGISTER, { input: input() }, SOCIAL);
    expect(again.data!.registerPerson).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, inputErrors: [{ field: 'member', reason: expect.stringMatching(/already in the master index|resembles/) }], family: null, persons: [] });
    expect(again.data!.registerPerson.duplicates.length).toBeGreaterThan(0);
    expect(await personCount()).toBe(before);
  });

  it('refuses a national ID another person holds', async () => {
    const { rows } = await sql.query('SELECT national_id FROM core.person WHERE national_id IS NOT NULL ORDER BY id LIMIT 1');
    const response = await hub.query(REGISTER, { input: input({ member: { ...newborn, name: '完全不同', nationalId: rows[0].national_id } }) }, SOCIAL);
    expect(response.data!.registerPerson.inputErrors).toEqual([{ field: 'member.nationalId', reason: 'is held by another person of the master index' }]);
  });

  it.each([
    ['a family the unit does not serve', () => ({ family: gid('Family', notServed) }), SOCIAL],
    ['a family that does not exist', () => ({ family: gid('Family', 999_999_999) }), SOCIAL],
    ['a served family outside a district-bound token', () => ({}), { ...SOCIAL, sub: 'w-social-district', districts: ['HEPING'] }],
  ] as const)('answers %s as NOT_FOUND, registering nothing', async (label, extra, caller) => {
    if (label.includes('district-bound')) expect(served.district).not.toBe('HEPING');
    const before = await personCount();
    const response = await hub.query(REGISTER, { input: input({ ...extra(), member: { ...newborn, name: '不存在' } }) }, caller as Caller);
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerPerson).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' }, inputErrors: [{ field: 'family' }], family: null, persons: [], duplicates: [] });
    expect(await personCount()).toBe(before);
  });

  it.each([
    ['a family ID that is not one', { family: 'not-an-id' }, 'family'],
    ['a person ID as the family', { family: gid('Person', 1) }, 'family'],
    ['a birth date in the future', { member: { ...newborn, birthDate: '2999-01-01' } }, 'member.birthDate'],
    ['a national ID that fails its check digit', { member: { ...newborn, nationalId: 'A123456788' } }, 'member.nationalId'],
    ['an empty name', { member: { ...newborn, name: '  ' } }, 'member.name'],
    ['a blank reason', { reason: ' ' }, 'reason'],
  ])('refuses %s as BAD_USER_INPUT naming the field, registering nothing', async (_label, extra, field) => {
    const before = await personCount();
    const response = await hub.query(REGISTER, { input: input(extra) }, SOCIAL);
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerPerson).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, family: null });
    expect(response.data!.registerPerson.inputErrors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await personCount()).toBe(before);
  });

  it.each([
    ['LABOR', { unit: 'LABOR', sub: 'w-labor-regp' }],
    ['EDUCATION', { unit: 'EDUCATION', sub: 'w-edu-regp' }],
    ['an NGO', { unit: 'NGO', sub: 'w-ngo-regp', org: 1 }],
    ['an ANALYST', { unit: 'SOCIAL', sub: 'w-analyst-regp', roles: ['ANALYST'] }],
    ['an AUDITOR', { unit: 'SOCIAL', sub: 'w-auditor-regp', roles: ['AUDITOR'] }],
  ] as const)('is forbidden to %s, registering nothing', async (_label, caller) => {
    const before = await personCount();
    const response = await hub.query(REGISTER, { input: input({ member: { ...newborn, name: '禁止' } }) }, caller as Caller);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data?.registerPerson ?? null).toBeNull();
    expect(await personCount()).toBe(before);
  });

  it('is forbidden to an ANALYST calling the core subgraph directly', async () => {
    const before = await personCount();
    const body = JSON.stringify({ query: REGISTER, variables: { input: input({ member: { ...newborn, name: '直連' } }) } });
    const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers({ unit: 'SOCIAL', sub: 'w-analyst-direct-p', roles: ['ANALYST'] })) }, body });
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await personCount()).toBe(before);
  });

  it('lets PROTECTION register into a family it serves, and not into one only SOCIAL serves', async () => {
    const { rows } = await sql.query(`SELECT family_id FROM core."case" WHERE status = 'OPEN' AND owner_unit_code = 'PROTECTION' AND family_id IS NOT NULL ORDER BY id LIMIT 1`);
    const protection: Caller = { unit: 'PROTECTION', sub: 'w-protection-regp' };
    const own = await hub.query(REGISTER, { input: input({ family: gid('Family', rows[0].family_id), member: { ...newborn, name: '保護測試', nationalId: makeNationalId('B', '2', 5_500_001) } }) }, protection);
    expect(own.data!.registerPerson).toMatchObject({ ok: true, persons: [{ name: '保護測試' }] });
    const { rows: protectionCases } = await sql.query(`SELECT 1 FROM core."case" WHERE family_id = $1 AND owner_unit_code = 'PROTECTION'`, [served.id]);
    expect(protectionCases).toEqual([]);
    const others = await hub.query(REGISTER, { input: input({ member: { ...newborn, name: '保護測試二' } }) }, protection);
    expect(others.data!.registerPerson).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
