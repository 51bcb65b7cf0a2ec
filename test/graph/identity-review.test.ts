// The identity review workflow end to end: a household row carrying a
// mother's ID on her son's row is held by the sync; the civil affairs office
// (which owns household data) lists it with its candidates and links it to the
// son; the decision is audited, the next sync takes the record in, and a
// re-export of the same row stays linked. Every other unit, role and path
// (NGO, ANALYST, a subgraph called directly, another unit's record, a bad or
// foreign person ID) is refused or answers as if the record did not exist.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { AGENCY_SCHEMA, generateHouseholdSource } from '../../connectors/household-registration/demo.ts';
import { PgHouseholdSource } from '../../connectors/household-registration/source.ts';
import { syncHouseholdRegistration } from '../../connectors/household-registration/sync.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { onStatement } from '../../src/db/prisma.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { STORED_RECORDS } from '../../connectors/stored-records.ts';

const CIVIL: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-reviewer' };
const CIVIL_SUPERVISOR: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-supervisor', roles: ['SUPERVISOR'] };
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social' };
const CIVIL_ANALYST: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-analyst', roles: ['ANALYST'] };
const CIVIL_AUDITOR: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-auditor', roles: ['AUDITOR'] };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo', org: 1 };

const REVIEWS = `query Reviews($connector: String) { identityReviews(connector: $connector) {
  connector sourceKey outcome reason record { nationalId name birthDate householdNumber } candidates { person { id } score notes } } }`;
const RESOLVE = `mutation Resolve($connector: String!, $sourceKey: String!, $decision: IdentityDecisionKind!, $person: ID, $reason: String!) {
  resolveIdentity(connector: $connector, sourceKey: $sourceKey, decision: $decision, person: $person, reason: $reason) {
    ok error { code message } inputErrors { field reason } resolution { decisions { decision sourceKey person { id } } } } }`;
const CONNECTOR = 'household-registration';

const personId = (id: number) => encodeGlobalID('Person', id);
const roc = (date: Date) => `${date.getUTCFullYear() - 1911}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${String(date.getUTCDate()).padStart(2, '0')}`;

describe('identity review', () => {
  let hub: TestHub;
  let core: HubServer;
  let sql: pg.Client;
  let source: PgHouseholdSource;
  let planted: { motherId: number; motherNationalId: string; sonId: number; sonName: string; sonBirth: Date; household: string };
  /** The planted row is in another household (a grandparent's): a row keyed like the mother's own would be her record, edited. */
  const PLANTED_HOUSEHOLD = 'H88888888';
  const heldKey = () => `${PLANTED_HOUSEHOLD}:${planted.motherNationalId}`;

  const sync = () => syncHouseholdRegistration(source);
  /** Writes a member row into the agency's table, as the household office's system would (other columns copied from the family's). */
  const plantRow = (household: string, nationalId: string | null, name: string, birth: Date) =>
    sql.query(
      `INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
       SELECT $1, $2, $3, $4, rel_cd, '臺中市北屯區某路 1 號', town_cd, reg_roc, now() FROM ${AGENCY_SCHEMA}.h_member WHERE hh_no = $5 LIMIT 1`,
      [household, nationalId, name, roc(birth), planted.household],
    );
  const resolve = (variables: Record<string, unknown>, caller: Caller = CIVIL) =>
    hub.query(RESOLVE, { connector: CONNECTOR, sourceKey: heldKey(), reason: '戶所查核：身分證號誤植為母親', ...variables }, caller);

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === 'core')!, auth: hub.auth.settings, port: 0, log: () => undefined });
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 5 });
    await generateHouseholdSource(hub.db.url);
    source = new PgHouseholdSource(hub.db.url);
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    await sync();
    const { rows } = await sql.query(`
      SELECT mother.id AS mother_id, mother.national_id AS mother_national_id, son.id AS son_id, son.name AS son_name, son.birth_date AS son_birth, f.id AS family_id
      FROM core.family f
      JOIN core.family_membership cm ON cm.family_id = f.id AND cm.relationship = 'CHILD' AND cm.end_date IS NULL
      JOIN core.person son ON son.id = cm.person_id
      JOIN core.family_membership mm ON mm.family_id = f.id AND mm.relationship IN ('HEAD', 'SPOUSE') AND mm.end_date IS NULL
      JOIN core.person mother ON mother.id = mm.person_id AND mother.sex = 'FEMALE' AND mother.national_id IS NOT NULL
      ORDER BY f.id LIMIT 1`);
    const row = rows[0] as { mother_id: number; mother_national_id: string; son_id: number; son_name: string; son_birth: Date; family_id: number };
    planted = { motherId: row.mother_id, motherNationalId: row.mother_national_id, sonId: row.son_id, sonName: row.son_name, sonBirth: row.son_birth, household: `H${String(row.family_id).padStart(8, '0')}` };
    // The son's row typed with his mother's ID.
    await plantRow(PLANTED_HOUSEHOLD, planted.motherNationalId, planted.sonName, planted.sonBirth);
    expect(await sync()).toMatchObject({ read: 1, quarantined: 1 });
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await source.close();
    await core.stop();
    await hub.stop();
  });

  describe('identityReviews', () => {
    it('lists the held record to the unit owning the connector, with the son and the ID holder as candidates', async () => {
      const response = await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL);
      expect(response.errors).toBeUndefined();
      const held = response.data!.identityReviews.find((r: { sourceKey: string }) => r.sourceKey === heldKey());
      expect(held).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/^national ID belongs to another person/), record: { nationalId: planted.motherNationalId, householdNumber: PLANTED_HOUSEHOLD } });
      const candidates = held.candidates.map((c: { person: { id: string } }) => c.person.id);
      expect(candidates).toEqual(expect.arrayContaining([personId(planted.sonId), personId(planted.motherId)]));
    });

    it('lists held records and their candidates in a bounded number of statements, not one per candidate', async () => {
      // More held records, each with candidates: homonyms of real persons planted in other households.
      const { rows } = await sql.query('SELECT name, birth_date FROM core.person WHERE national_id IS NOT NULL ORDER BY id LIMIT 6');
      for (const [i, r] of rows.entries()) await plantRow(`H4440000${i}`, null, r.name, r.birth_date);
      await sync();
      const statements: string[] = [];
      const stop = onStatement((sql) => statements.push(sql));
      const response = await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL);
      stop();
      const candidates = response.data!.identityReviews.flatMap((r: { candidates: unknown[] }) => r.candidates).length;
      expect(candidates).toBeGreaterThanOrEqual(6);
      // The reviews, their candidates' persons, need-to-know for the candidates; then the request's audit entry (group commit).
      expect(statements.length).toBeLessThanOrEqual(7);
    });

    it('lists nothing to a unit that does not own household data, and answers the same for a connector it names', async () => {
      expect((await hub.query(REVIEWS, {}, SOCIAL)).data).toEqual({ identityReviews: [] });
      expect((await hub.query(REVIEWS, { connector: CONNECTOR }, SOCIAL)).data).toEqual({ identityReviews: [] });
      expect((await hub.query(REVIEWS, { connector: 'no-such-connector' }, CIVIL)).data).toEqual({ identityReviews: [] });
    });

    it.each([
      ['an NGO', NGO],
      ['an ANALYST of the owning unit', CIVIL_ANALYST],
      ['an AUDITOR of the owning unit', CIVIL_AUDITOR],
    ])('refuses %s', async (_label, caller) => {
      const response = await hub.query(REVIEWS, { connector: CONNECTOR }, caller as Caller);
      expect(response.data?.identityReviews ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('asks a caseworker without a purpose for one', async () => {
      const response = await hub.query(REVIEWS, { connector: CONNECTOR }, { ...CIVIL, purpose: null });
      expect(response.data?.identityReviews ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an ANALYST calling the core subgraph directly', async () => {
      const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers(CIVIL_ANALYST)) }, body: JSON.stringify({ query: REVIEWS }) });
      const body = (await response.json()) as { data?: { identityReviews?: unknown } | null; errors?: { extensions?: { code?: string } }[] };
      expect(body.data?.identityReviews ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('resolveIdentity refusals change nothing', () => {
    const decisionsNow = async () => (await sql.query('SELECT count(*)::int AS n FROM sync.identity_decision')).rows[0].n as number;

    it.each([
      ['another unit: as if the record did not exist', () => resolve({ decision: 'LINK', person: personId(planted.sonId) }, SOCIAL), 'NOT_FOUND'],
      ['an unknown source key', () => resolve({ decision: 'LINK', person: personId(planted.sonId), sourceKey: 'H99999999:A123456789' }), 'NOT_FOUND'],
      ['a malformed person ID', () => resolve({ decision: 'LINK', person: 'not-an-id' }), 'BAD_USER_INPUT'],
      ['a Family ID for the person', () => resolve({ decision: 'LINK', person: encodeGlobalID('Family', 1) }), 'BAD_USER_INPUT'],
      ['a person who is not a candidate', () => resolve({ decision: 'LINK', person: personId(planted.sonId + 100_000) }), 'BAD_USER_INPUT'],
      ['LINK without a person', () => resolve({ decision: 'LINK' }), 'BAD_USER_INPUT'],
      ['a blank reason', () => resolve({ decision: 'LINK', person: personId(planted.sonId), reason: '  ' }), 'BAD_USER_INPUT'],
    ] as const)('%s', async (_label, call, code) => {
      const before = await decisionsNow();
      const response = await call();
      expect(response.errors).toBeUndefined();
      expect(response.data!.resolveIdentity).toMatchObject({ ok: false, error: { code }, resolution: null });
      expect(await decisionsNow()).toBe(before);
    });

    it.each([
      ['an NGO', NGO],
      ['an ANALYST', CIVIL_ANALYST],
      ['an AUDITOR', CIVIL_AUDITOR],
    ])('is forbidden to %s', async (_label, caller) => {
      const before = await decisionsNow();
      const response = await resolve({ decision: 'LINK', person: personId(planted.sonId) }, caller);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await decisionsNow()).toBe(before);
    });

    it('is forbidden to an ANALYST calling the core subgraph directly', async () => {
      const before = await decisionsNow();
      const body = JSON.stringify({ query: RESOLVE, variables: { connector: CONNECTOR, sourceKey: heldKey(), decision: 'LINK', person: personId(planted.sonId), reason: 'x' } });
      const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers(CIVIL_ANALYST)) }, body });
      const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await decisionsNow()).toBe(before);
    });
  });

  describe('a decision', () => {
    it('links the record to the son with an audit entry naming him and the records, and the next sync takes it in', async () => {
      const response = await resolve({ decision: 'LINK', person: personId(planted.sonId) }, CIVIL_SUPERVISOR);
      expect(response.data!.resolveIdentity).toMatchObject({ ok: true, resolution: { decisions: [{ decision: 'LINK', sourceKey: heldKey(), person: { id: personId(planted.sonId) } }] } });
      const { rows: audit } = await sql.query(`SELECT kind, person_ids, records FROM audit.entry WHERE sub = $1 AND kind = 'WRITE' ORDER BY id DESC LIMIT 1`, [CIVIL_SUPERVISOR.sub]);
      expect(audit[0]).toMatchObject({ kind: 'WRITE', person_ids: [planted.sonId] });
      expect(audit[0].records).toEqual(expect.arrayContaining([expect.stringMatching(/^QuarantinedRecord:\d+$/), expect.stringMatching(/^IdentityDecision:\d+$/)]));

      const counts = await sync();
      expect(counts.quarantined).toBe(0);
      expect(counts.read).toBe(1);
      const { rows: stored } = await sql.query('SELECT person_id FROM household.registration WHERE source_key = $1', [heldKey()]);
      expect(stored).toEqual([{ person_id: planted.sonId }]);
      expect((await sql.query('SELECT count(*)::int AS n FROM sync.quarantine WHERE source_key = $1', [heldKey()])).rows[0].n).toBe(0);
      expect((await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL)).data!.identityReviews.map((r: { sourceKey: string }) => r.sourceKey)).not.toContain(heldKey());
    });

    it('sticks when the agency re-exports the same row', async () => {
      await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET upd_ts = now() WHERE hh_no = $1 AND id_no = $2`, [PLANTED_HOUSEHOLD, planted.motherNationalId]);
      expect(await sync()).toMatchObject({ read: 1, quarantined: 0 });
      expect((await sql.query('SELECT person_id FROM household.registration WHERE source_key = $1', [heldKey()])).rows).toEqual([{ person_id: planted.sonId }]);
    });

    it('registers a NEW_PERSON from a record without an ID that nobody in the index resembles, then links it at the next sync', async () => {
      // A member row with no ID (an undocumented newcomer): the registry sync never creates a person from it by itself.
      await plantRow(planted.household, null, '新住民測試', new Date('1995-03-03T00:00:00Z'));
      expect(await sync()).toMatchObject({ read: 1, quarantined: 1 });
      const key = `${planted.household}:新住民測試/${roc(new Date('1995-03-03T00:00:00Z'))}`;
      const held = (await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL)).data!.identityReviews.find((r: { sourceKey: string }) => r.sourceKey === key);
      expect(held).toMatchObject({ outcome: 'NEW_PERSON', candidates: [] });

      const response = await hub.query(RESOLVE, { connector: CONNECTOR, sourceKey: key, decision: 'NEW_PERSON', reason: '新遷入' }, CIVIL);
      expect(response.data!.resolveIdentity).toMatchObject({ ok: true });
      const { rows: created } = await sql.query(`SELECT id, sex, national_id FROM core.person WHERE name = '新住民測試'`);
      expect(created).toEqual([{ id: expect.any(Number), sex: 'UNKNOWN', national_id: null }]);
      expect(await sync()).toMatchObject({ read: 1, quarantined: 0 });
      expect((await sql.query('SELECT person_id FROM household.registration WHERE source_key = $1', [key])).rows).toEqual([{ person_id: created[0].id }]);
      // A second decision about a record no longer held answers as not found.
      const again = await hub.query(RESOLVE, { connector: CONNECTOR, sourceKey: key, decision: 'NEW_PERSON', reason: '重複' }, CIVIL);
      expect(again.data!.resolveIdentity).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('grows the index from the registry: a birth in a known household joins its family, a move into the city makes a new family', async () => {
      const baby = makeNationalId('B', '2', 7_000_123);
      const mover = makeNationalId('B', '1', 7_000_124);
      await plantRow(planted.household, baby, '王新生', new Date('2024-11-01T00:00:00Z'));
      await plantRow('H66600001', mover, '移入者', new Date('1980-01-01T00:00:00Z'));
      expect(await sync()).toMatchObject({ read: 2, quarantined: 0, inserted: 2 });
      const { rows } = await sql.query(`SELECT p.national_id, p.sex, m.family_id FROM core.person p JOIN core.family_membership m ON m.person_id = p.id
        WHERE p.national_id = ANY($1::text[]) ORDER BY p.national_id`, [[baby, mover]]);
      const familyOfSon = (await sql.query('SELECT family_id FROM core.family_membership WHERE person_id = $1 AND end_date IS NULL', [planted.sonId])).rows[0].family_id;
      expect(rows.find((r) => r.national_id === baby)).toEqual({ national_id: baby, sex: 'FEMALE', family_id: familyOfSon });
      expect(rows.find((r) => r.national_id === mover)!.family_id).not.toBe(familyOfSon);
      // The same rows again change nothing and create no one.
      await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET upd_ts = now() WHERE id_no = ANY($1::text[])`, [[baby, mover]]);
      const persons = (await sql.query('SELECT count(*)::int AS n FROM core.person')).rows[0].n;
      expect(await sync()).toMatchObject({ read: 2, inserted: 0, quarantined: 0 });
      expect((await sql.query('SELECT count(*)::int AS n FROM core.person')).rows[0].n).toBe(persons);
    });

    it('REJECTs every candidate: none is suggested or linked again when the row comes back', async () => {
      // A row that names the son but carries his mother's ID, in a third household: held again.
      await sql.query(`INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
        SELECT 'H77777777', $1, $2, $3, rel_cd, '臺中市某處', town_cd, reg_roc, now() FROM ${AGENCY_SCHEMA}.h_member WHERE hh_no = $4 LIMIT 1`,
      [planted.motherNationalId, planted.sonName, roc(planted.sonBirth), planted.household]);
      expect(await sync()).toMatchObject({ read: 1, quarantined: 1 });
      const key = `H77777777:${planted.motherNationalId}`;
      const response = await hub.query(RESOLVE, { connector: CONNECTOR, sourceKey: key, decision: 'REJECT', reason: '查無此人' }, CIVIL);
      expect(response.data!.resolveIdentity.ok).toBe(true);
      const rejected = response.data!.resolveIdentity.resolution.decisions.map((d: { person: { id: string } }) => d.person.id);
      expect(rejected).toEqual(expect.arrayContaining([personId(planted.sonId), personId(planted.motherId)]));

      await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET upd_ts = now() WHERE hh_no = 'H77777777'`);
      expect(await sync()).toMatchObject({ read: 1, quarantined: 1 });
      const back = (await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL)).data!.identityReviews.find((r: { sourceKey: string }) => r.sourceKey === key);
      const suggested = (back?.candidates ?? []).map((c: { person: { id: string } }) => c.person.id);
      expect(suggested).not.toContain(personId(planted.sonId));
      expect(suggested).not.toContain(personId(planted.motherId));
    });
  });

  describe('unlinkRecord', () => {
    const UNLINK = `mutation Unlink($connector: String!, $sourceKey: String!, $reason: String!) { unlinkRecord(connector: $connector, sourceKey: $sourceKey, reason: $reason) {
      ok error { code } inputErrors { field } rejection { decision person { id } } } }`;
    let stored: { sourceKey: string; personId: number; household: string; nationalId: string };
    const unlink = (variables: Record<string, unknown>, caller: Caller = CIVIL) => hub.query(UNLINK, { connector: CONNECTOR, sourceKey: stored.sourceKey, reason: '戶所查核：誤連結', ...variables }, caller);
    const storedRows = async () => (await sql.query('SELECT person_id FROM household.registration WHERE source_key = $1', [stored.sourceKey])).rows;

    beforeAll(async () => {
      const { rows } = await sql.query(`SELECT r.source_key, r.person_id, r.household_number FROM household.registration r
        JOIN core.person p ON p.id = r.person_id WHERE p.national_id IS NOT NULL AND r.source_key LIKE 'H%' ORDER BY r.person_id DESC LIMIT 1`);
      stored = { sourceKey: rows[0].source_key, personId: rows[0].person_id, household: rows[0].household_number, nationalId: rows[0].source_key.split(':')[1] };
    });

    it('lists every table of every connector that stores linked records', async () => {
      const { rows } = await sql.query(`SELECT table_schema || '.' || table_name AS t FROM information_schema.columns
        WHERE column_name = 'person_id' AND table_schema IN ('household', 'welfare', 'labor', 'education', 'probation') ORDER BY 1`);
      expect(rows.map((r) => r.t)).toEqual(Object.values(STORED_RECORDS).flat().map((s) => s.table).sort());
    });

    it.each([
      ['another unit: as if the record did not exist', () => unlink({}, SOCIAL), 'NOT_FOUND'],
      ['an unknown source key', () => unlink({ sourceKey: 'H00000000:A000000000' }), 'NOT_FOUND'],
      ['an unknown connector', () => unlink({ connector: 'no-such-connector' }), 'NOT_FOUND'],
      ['a blank reason', () => unlink({ reason: ' ' }), 'BAD_USER_INPUT'],
    ] as const)('refuses %s, changing nothing', async (_label, call, code) => {
      const response = await call();
      expect(response.data!.unlinkRecord).toMatchObject({ ok: false, error: { code }, rejection: null });
      expect(await storedRows()).toEqual([{ person_id: stored.personId }]);
    });

    it.each([['an NGO', NGO], ['an ANALYST', CIVIL_ANALYST], ['an AUDITOR', CIVIL_AUDITOR]])('is forbidden to %s', async (_label, caller) => {
      const response = await unlink({}, caller);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await storedRows()).toEqual([{ person_id: stored.personId }]);
    });

    it('is forbidden to an ANALYST calling the core subgraph directly', async () => {
      const body = JSON.stringify({ query: UNLINK, variables: { connector: CONNECTOR, sourceKey: stored.sourceKey, reason: 'x' } });
      const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers(CIVIL_ANALYST)) }, body });
      const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await storedRows()).toEqual([{ person_id: stored.personId }]);
    });

    it('takes the record off its person with an audit entry; a re-export is held for review, never joined to them again', async () => {
      const response = await unlink({});
      expect(response.data!.unlinkRecord).toMatchObject({ ok: true, rejection: { decision: 'REJECT', person: { id: personId(stored.personId) } } });
      expect(await storedRows()).toEqual([]);
      const { rows: audit } = await sql.query(`SELECT person_ids, records FROM audit.entry WHERE sub = $1 AND kind = 'WRITE' ORDER BY id DESC LIMIT 1`, [CIVIL.sub]);
      expect(audit[0].person_ids).toEqual([stored.personId]);
      expect(audit[0].records).toEqual(expect.arrayContaining([expect.stringMatching(/^IdentityDecision:\d+$/), expect.stringMatching(/^QuarantinedRecord:\d+$/)]));
      expect((await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL)).data!.identityReviews.map((r: { sourceKey: string }) => r.sourceKey)).toContain(stored.sourceKey);

      await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET upd_ts = now() WHERE hh_no = $1 AND translate(id_no, '０１２３４５６７８９', '0123456789') = $2`, [stored.household, stored.nationalId]);
      const counts = await sync();
      expect(counts.quarantined).toBeGreaterThanOrEqual(1);
      expect(await storedRows()).toEqual([]);
      const held = (await hub.query(REVIEWS, { connector: CONNECTOR }, CIVIL)).data!.identityReviews.find((r: { sourceKey: string }) => r.sourceKey === stored.sourceKey);
      expect(held.reason).toMatch(/a reviewer decided this record is not the person holding its national ID/);
      expect(held.candidates.map((c: { person: { id: string } }) => c.person.id)).not.toContain(personId(stored.personId));
    });
  });
});
