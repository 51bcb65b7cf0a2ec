// Registration at the front door, and the flow it exists for: an intake
// screener searches a national ID, finds no one, registers the child and the
// family, records the intake; the household registry's sync later brings the
// same child with an ID and proposes the merge for review instead of creating
// a duplicate; the reviewer links it and the child takes the ID. Around it:
// the duplicate check, bad input, and every unit and role that may not register.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { AGENCY_SCHEMA, generateHouseholdSource } from '../../connectors/household-registration/demo.ts';
import { PgHouseholdSource } from '../../connectors/household-registration/source.ts';
import { syncHouseholdRegistration } from '../../connectors/household-registration/sync.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SCREENER: Caller = { unit: 'PROTECTION', sub: 'w-screener' };
const CIVIL: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-registrar' };
const REGISTER = `mutation Register($input: RegisterFamilyInput!) { registerFamily(input: $input) {
  ok error { code message } inputErrors { field reason } family { id } duplicates { member candidate { person { id } score notes } } } }`;
const SEARCH = 'query ($by: PersonSearchInput!) { searchPersons(by: $by) { persons { id } } }';
const INTAKE = 'mutation ($input: CreateIntakeInput!) { createIntake(input: $input) { ok intake { id } } }';
const REVIEWS = '{ identityReviews(connector: "household-registration") { sourceKey outcome reason candidates { person { id } } } }';
const RESOLVE = `mutation ($key: String!, $person: ID) { resolveIdentity(connector: "household-registration", sourceKey: $key, decision: LINK, person: $person, reason: "出生登記，同一人") { ok } }`;

const mother = { name: '阮氏秋', birthDate: '1992-04-04', sex: 'FEMALE', nationalId: makeNationalId('B', '9', 3_300_001), relationship: 'HEAD' };
const child = { name: '阮小寶', birthDate: '2024-10-10', sex: 'MALE', relationship: 'CHILD' };
const family = (members: object[], extra: object = {}) => ({ district: 'XITUN', address: '臺中市西屯區新住民路 8 號', reason: '通報個案，查無戶籍資料', members, ...extra });

describe('registration', () => {
  let hub: TestHub;
  let core: HubServer;
  let sql: pg.Client;
  let source: PgHouseholdSource;
  const personCount = async () => (await sql.query('SELECT count(*)::int AS n FROM core.person')).rows[0].n as number;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === 'core')!, auth: hub.auth.settings, port: 0, log: () => undefined });
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 9 });
    await generateHouseholdSource(hub.db.url);
    source = new PgHouseholdSource(hub.db.url);
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    await syncHouseholdRegistration(source);
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await source.close();
    await core.stop();
    await hub.stop();
  });

  it('the intake flow: search finds no one, register, record the intake; the later registry record is merged by review, not duplicated', async () => {
    const childId = makeNationalId('B', '1', 3_300_002);
    expect((await hub.query(SEARCH, { by: { nationalId: mother.nationalId } }, SCREENER)).data).toEqual({ searchPersons: { persons: [] } });

    const registered = await hub.query(REGISTER, { input: family([mother, child]) }, SCREENER);
    expect(registered.data!.registerFamily).toMatchObject({ ok: true, error: null, inputErrors: [], duplicates: [] });
    const familyId = registered.data!.registerFamily.family.id as string;
    const { rows: members } = await sql.query(`SELECT p.id, p.name, p.national_id FROM core.person p JOIN core.family_membership m ON m.person_id = p.id
      WHERE m.family_id = $1 ORDER BY p.id`, [Number(Buffer.from(familyId, 'base64').toString().split(':')[1])]);
    expect(members.map((m) => [m.name, m.national_id])).toEqual([[mother.name, mother.nationalId], [child.name, null]]);
    const { rows: audit } = await sql.query(`SELECT kind, person_ids, records FROM audit.entry WHERE sub = $1 AND kind = 'WRITE' ORDER BY id DESC LIMIT 1`, [SCREENER.sub]);
    expect(audit[0]).toEqual({ kind: 'WRITE', person_ids: members.map((m) => m.id), records: [`Family:${Buffer.from(familyId, 'base64').toString().split(':')[1]}`] });

    const intake = await hub.query(INTAKE, { input: { kind: 'CHILD_PROTECTION', familyId, subjectPersonId: gid('Person', members[1].id) } }, SCREENER);
    expect(intake.data!.createIntake.ok).toBe(true);

    // Weeks later the birth is registered: the household registry's row carries the child's new ID.
    const before = await personCount();
    await sql.query(`INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
      SELECT 'H55500001', $1, $2, '113/10/10', rel_cd, '臺中市西屯區新住民路 8 號', town_cd, reg_roc, now() FROM ${AGENCY_SCHEMA}.h_member LIMIT 1`, [childId, child.name]);
    expect(await syncHouseholdRegistration(source)).toMatchObject({ read: 1, quarantined: 1, inserted: 0 });
    expect(await personCount()).toBe(before);
    const held = (await hub.query(REVIEWS, {}, CIVIL)).data!.identityReviews.find((r: { sourceKey: string }) => r.sourceKey === `H55500001:${childId}`);
    expect(held).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/^national ID unknown to the hub/), candidates: [{ person: { id: gid('Person', members[1].id) } }] });

    expect((await hub.query(RESOLVE, { key: `H55500001:${childId}`, person: gid('Person', members[1].id) }, CIVIL)).data).toEqual({ resolveIdentity: { ok: true } });
    expect((await sql.query('SELECT national_id FROM core.person WHERE id = $1', [members[1].id])).rows).toEqual([{ national_id: childId }]);
    expect(await syncHouseholdRegistration(source)).toMatchObject({ read: 1, quarantined: 0 });
    expect((await sql.query('SELECT person_id FROM household.registration WHERE source_key = $1', [`H55500001:${childId}`])).rows).toEqual([{ person_id: members[1].id }]);
    expect(await personCount()).toBe(before);
  });

  describe('the duplicate check', () => {
    it('refuses a member the index already holds, naming the person', async () => {
      const { rows } = await sql.query('SELECT id, name, national_id, birth_date, sex FROM core.person WHERE national_id IS NOT NULL ORDER BY id LIMIT 1');
      const existing = rows[0] as { id: number; name: string; national_id: string; birth_date: Date; sex: string };
      const before = await personCount();
      const response = await hub.query(REGISTER, { input: family([{ name: existing.name, birthDate: existing.birth_date.toISOString().slice(0, 10), sex: existing.sex, nationalId: existing.national_id, relationship: 'HEAD' }]) }, SCREENER);
      expect(response.data!.registerFamily).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, inputErrors: [{ field: 'members[0]', reason: expect.stringMatching(/already in the master index/) }], family: null });
      expect(response.data!.registerFamily.duplicates[0].candidate.person.id).toBe(gid('Person', existing.id));
      expect(await personCount()).toBe(before);
    });

    it('refuses a national ID held by someone else', async () => {
      const { rows } = await sql.query('SELECT national_id FROM core.person WHERE national_id IS NOT NULL ORDER BY id LIMIT 1');
      const response = await hub.query(REGISTER, { input: family([{ ...child, name: '完全不同', nationalId: rows[0].national_id }]) }, SCREENER);
      expect(response.data!.registerFamily.inputErrors).toEqual([{ field: 'members[0].nationalId', reason: 'is held by another person of the master index' }]);
    });

    it('refuses registering the same child without an ID twice, showing the first registration', async () => {
      const lookalike = { name: '黃小杰', birthDate: '2019-01-01', sex: 'MALE', relationship: 'CHILD' };
      // Register one, then try a second with the same name and birth date and no ID.
      expect((await hub.query(REGISTER, { input: family([lookalike]) }, SCREENER)).data!.registerFamily.ok).toBe(true);
      const before = await personCount();
      const again = await hub.query(REGISTER, { input: family([lookalike]) }, SCREENER);
      expect(again.data!.registerFamily).toMatchObject({ ok: false, inputErrors: [{ field: 'members[0]', reason: expect.stringMatching(/already in the master index|resembles/) }] });
      expect(again.data!.registerFamily.duplicates.length).toBeGreaterThan(0);
      expect(await personCount()).toBe(before);
    });

    it('registers a homonym when the caller confirms, after seeing the candidates', async () => {
      const twinName = { name: '陳雅婷', birthDate: '2015-05-05', sex: 'FEMALE', relationship: 'CHILD' };
      expect((await hub.query(REGISTER, { input: family([twinName], { address: '臺中市西屯區甲路 1 號' }) }, SCREENER)).data!.registerFamily.ok).toBe(true);
      const refusedAttempt = await hub.query(REGISTER, { input: family([twinName], { address: '臺中市西屯區乙路 2 號' }) }, SCREENER);
      expect(refusedAttempt.data!.registerFamily.ok).toBe(false);
      const confirmed = await hub.query(REGISTER, { input: family([twinName], { address: '臺中市西屯區乙路 2 號', confirmNoDuplicate: true }) }, SCREENER);
      expect(confirmed.data!.registerFamily).toMatchObject({ ok: true, duplicates: [] });
    });
  });

  it.each([
    ['an unknown district', family([child], { district: 'ATLANTIS' }), 'district'],
    ['a district outside a district-bound token', family([child], { district: 'SOUTH' }), 'district'],
    ['no members', family([]), 'members'],
    ['a birth date in the future', family([{ ...child, birthDate: '2999-01-01' }]), 'members[0].birthDate'],
    ['a national ID that fails its check digit', family([{ ...child, nationalId: 'A123456788' }]), 'members[0].nationalId'],
    ['a NUL byte in a name', family([{ ...child, name: '阮\u0000小寶' }]), 'members[0].name'],
    ['the same ID for two members', family([{ ...mother, nationalId: makeNationalId('B', '2', 4_400_001) }, { ...child, nationalId: makeNationalId('B', '2', 4_400_001) }]), 'members[1].nationalId'],
    ['a blank reason', family([child], { reason: ' ' }), 'reason'],
  ])('refuses %s as BAD_USER_INPUT naming the field, registering nothing', async (label, input, field) => {
    const before = await personCount();
    const caller = label.includes('district-bound') ? { ...SCREENER, districts: ['XITUN' as const] } : SCREENER;
    const response = await hub.query(REGISTER, { input }, caller);
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerFamily).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, family: null });
    expect(response.data!.registerFamily.inputErrors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await personCount()).toBe(before);
  });

  it.each([
    ['LABOR', { unit: 'LABOR', sub: 'w-labor-reg' }],
    ['an NGO', { unit: 'NGO', sub: 'w-ngo-reg', org: 1 }],
    ['an ANALYST', { unit: 'PROTECTION', sub: 'w-analyst-reg', roles: ['ANALYST'] }],
    ['an AUDITOR', { unit: 'PROTECTION', sub: 'w-auditor-reg', roles: ['AUDITOR'] }],
  ] as const)('is forbidden to %s, registering nothing', async (_label, caller) => {
    const before = await personCount();
    const response = await hub.query(REGISTER, { input: family([child]) }, caller as Caller);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await personCount()).toBe(before);
  });

  it('is forbidden to an ANALYST calling the core subgraph directly', async () => {
    const before = await personCount();
    const body = JSON.stringify({ query: REGISTER, variables: { input: family([child]) } });
    const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers({ unit: 'PROTECTION', sub: 'w-analyst-direct', roles: ['ANALYST'] })) }, body });
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await personCount()).toBe(before);
  });
});
