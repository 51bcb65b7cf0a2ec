// Registration events (births, moves, marriages, divorces, deaths): synced
// with their own cursor, counts reconcile, planted agency quirks end where
// they belong, a second run changes nothing, a corrected row leaves
// quarantine, and the family view shows the events through the gateway.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { formatRocDate, parseRocDate } from '../kit/roc-date.ts';
import { AGENCY_SCHEMA, generateHouseholdSource } from './demo.ts';
import { householdRegistration } from './index.ts';
import { mapEvent } from './mapping.ts';
import { PgHouseholdSource, type AgencyEventRow } from './source.ts';
import { CONNECTOR, EVENTS_CURSOR, syncHouseholdEvents, syncHouseholdRegistration } from './sync.ts';

const day = (date: Date) => date.toISOString().slice(0, 10);

describe('household registration event mapping', () => {
  const row = (overrides: Partial<AgencyEventRow> = {}): AgencyEventRow => ({
    row_id: 1, evt_no: 'RG1100000042', evt_cd: '11', id_no: 'A123456789', nm: '王小明', birth_roc: '1120305', hh_no: 'H00000001',
    evt_roc: '112/03/05', town_cd: '6600600', upd_ts: new Date('2024-02-01T00:00:00Z'), upd_ts_exact: '2024-02-01 00:00:00+00', ...overrides,
  });

  it('reads the agency row into an event keyed by its registration number', () => {
    expect(mapEvent(row({ id_no: 'Ａ１２３４５６７８９', evt_cd: ' 21 ', evt_roc: '１１２／０４／０１' }))).toEqual({
      ok: true,
      event: {
        sourceKey: 'event:RG1100000042', kind: 'MOVE_IN', occurredOn: new Date('2023-04-01T00:00:00Z'), householdNumber: 'H00000001',
        districtCode: 'XITUN', nationalId: 'A123456789', name: '王小明', birthDate: new Date('2023-03-05T00:00:00Z'),
        sourceUpdatedAt: new Date('2024-02-01T00:00:00Z'),
      },
    });
  });

  it.each<[Partial<AgencyEventRow>, string]>([
    [{ evt_cd: '99' }, 'evt_cd: unknown event code "99"'],
    [{ evt_roc: '112/02/30' }, 'evt_roc: "112/02/30" is not a date in the calendar'],
    [{ evt_roc: '' }, 'evt_roc: date is empty'],
    [{ evt_roc: '111/12/31' }, 'evt_roc: "111/12/31" is before the person\'s birth date'],
    [{ birth_roc: '2023-03-05' }, 'birth_roc: "2023-03-05" is not an ROC date (e.g. 112/03/05)'],
    [{ town_cd: '123' }, 'town_cd: unknown district code "123"'],
    [{ evt_no: ' ' }, 'evt_no: registration number is missing'],
  ])('refuses bad row %# with its reason', (overrides, reason) => {
    expect(mapEvent(row(overrides))).toEqual({ ok: false, sourceKey: expect.stringMatching(/^event:/), reason });
  });
});

describe('household registration event sync', () => {
  let db: TestDatabase;
  let source: PgHouseholdSource;
  let sql: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCity(db.url, { scale: 0.001, seed: 11 });
    await generateHouseholdSource(db.url);
    connectPrisma(db.url);
    source = new PgHouseholdSource(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await syncHouseholdRegistration(source);
  });
  afterAll(async () => {
    await sql.end();
    await source.close();
    await disconnectPrisma();
    await db.drop();
  });

  it('stores, merges or quarantines every event row, with its own cursor', async () => {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM ${AGENCY_SCHEMA}.h_event`);
    const persons = await prisma().person.count();
    expect(rows[0].n).toBeGreaterThan(20);
    expect(rows[0].n).toBeLessThan(persons * 0.1);
    const counts = await syncHouseholdEvents(source, { batchSize: 50 });
    expect(counts.read).toBe(rows[0].n);
    expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
    expect(counts.quarantined).toBeGreaterThan(0);
    expect(counts.merged + counts.updated + counts.unchanged).toBeGreaterThan(0);
    expect(await prisma().householdEvent.count()).toBe(counts.inserted);
    const cursors = await prisma().syncCursor.findMany({ select: { connector: true }, orderBy: { connector: 'asc' } });
    expect(cursors.map((c) => c.connector)).toEqual([CONNECTOR, EVENTS_CURSOR]);
  });

  it('stores every kind with the date the offices registered', async () => {
    const kinds = await prisma().householdEvent.groupBy({ by: ['kind'], _count: true });
    expect(kinds.map((k) => k.kind).sort()).toEqual(['BIRTH', 'DEATH', 'DIVORCE', 'MARRIAGE', 'MOVE_IN', 'MOVE_OUT']);
    // Births fall on the child's birth date in 2023; marriages on the day the couple's family formed.
    const births = await sql.query(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE e.occurred_on = p.birth_date AND extract(year FROM p.birth_date) = 2023)::int AS ok
      FROM household.event e JOIN core.person p ON p.id = e.person_id WHERE e.kind = 'BIRTH'`);
    expect(births.rows[0].n).toBeGreaterThan(0);
    expect(births.rows[0].ok).toBe(births.rows[0].n);
    const showcase = await sql.query(`
      SELECT m.relationship::text AS relationship, e.kind::text AS kind, e.occurred_on, e.household_number, e.district_code,
             (SELECT s.start_date FROM core.family_membership s WHERE s.family_id = 1 AND s.relationship = 'SPOUSE') AS formed,
             m.start_date
      FROM household.event e JOIN core.family_membership m ON m.person_id = e.person_id AND m.family_id = 1
      ORDER BY m.relationship, e.kind`);
    expect(showcase.rows.map((r) => [r.relationship, r.kind])).toEqual([['HEAD', 'MARRIAGE'], ['SPOUSE', 'MARRIAGE'], ['PARENT', 'MOVE_IN']]);
    for (const r of showcase.rows) {
      expect([r.household_number, r.district_code]).toEqual(['H00000001', 'XITUN']);
      expect(day(r.occurred_on)).toBe(day(r.kind === 'MARRIAGE' ? r.formed : r.start_date));
    }
  });

  it('quarantines the planted bad rows with a reason naming the agency field', async () => {
    const { rows } = await sql.query<{ reason: string; raw: { evt_cd: string } }>(
      "SELECT reason, raw FROM sync.quarantine WHERE connector = $1 AND source_key LIKE 'event:%' ORDER BY id",
      [CONNECTOR],
    );
    const reasons = rows.map((r) => r.reason);
    expect(reasons).toContain('evt_cd: unknown event code "99"');
    expect(reasons.some((r) => /^evt_roc: "\d+\/02\/30" is not a date in the calendar$/.test(r))).toBe(true);
    expect(reasons.every((r) => /^(evt_cd|evt_roc): |person|identity/.test(r))).toBe(true);
    expect(rows.find((r) => r.reason.startsWith('evt_cd'))!.raw).toMatchObject({ evt_cd: '99', evt_no: expect.stringMatching(/^RG/) });
  });

  it('takes in full-width IDs, merges repeated rows and applies late corrections', async () => {
    const fullWidth = await sql.query(`
      SELECT count(*)::int AS n FROM ${AGENCY_SCHEMA}.h_event h JOIN household.event e ON e.source_key = 'event:' || h.evt_no
      WHERE h.id_no ~ '[０-９]'`);
    expect(fullWidth.rows[0].n).toBeGreaterThan(0);
    // Every registration number written more than once ends with the latest row's date, and out of quarantine when that row is good.
    const { rows } = await sql.query<{ evt_no: string; evt_roc: string; evt_cd: string; versions: number }>(`
      SELECT DISTINCT ON (evt_no) evt_no, evt_roc, evt_cd, count(*) OVER (PARTITION BY evt_no)::int AS versions
      FROM ${AGENCY_SCHEMA}.h_event ORDER BY evt_no, upd_ts DESC, row_id DESC`);
    const rewritten = rows.filter((r) => r.versions > 1);
    expect(rewritten.length).toBeGreaterThan(0);
    const stored = new Map((await prisma().householdEvent.findMany()).map((e) => [e.sourceKey, e]));
    const quarantined = new Set((await prisma().quarantinedRecord.findMany({ where: { connector: CONNECTOR } })).map((q) => q.sourceKey));
    let corrected = 0;
    for (const r of rewritten) {
      const latest = parseRocDate(r.evt_roc);
      const event = stored.get(`event:${r.evt_no}`);
      if (latest.ok && r.evt_cd !== '99' && event) {
        expect(day(event.occurredOn)).toBe(day(latest.date));
        expect(quarantined.has(`event:${r.evt_no}`)).toBe(false);
        corrected++;
      }
    }
    expect(corrected).toBeGreaterThan(0);
    // At least one correction replaced an impossible date: its quarantine cleared.
    const healed = await sql.query(`
      SELECT count(DISTINCT h.evt_no)::int AS n FROM ${AGENCY_SCHEMA}.h_event h
      WHERE h.evt_roc LIKE '%/02/30' AND EXISTS (SELECT 1 FROM household.event e WHERE e.source_key = 'event:' || h.evt_no)`);
    expect(healed.rows[0].n).toBeGreaterThan(0);
  });

  it('changes nothing on a second run', async () => {
    const hash = 'SELECT md5(string_agg(source_key || person_id || kind || occurred_on || synced_at, \',\' ORDER BY source_key)) AS h FROM household.event';
    const before = await sql.query(hash);
    const quarantineBefore = await prisma().quarantinedRecord.count();
    expect(await syncHouseholdEvents(source)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    expect((await sql.query(hash)).rows).toEqual(before.rows);
    expect(await prisma().quarantinedRecord.count()).toBe(quarantineBefore);
  });

  it('takes in an event corrected at the source and clears its quarantine', async () => {
    const { rows } = await sql.query(`
      SELECT q.id AS quarantine_id, h.row_id, h.evt_no FROM sync.quarantine q
      JOIN ${AGENCY_SCHEMA}.h_event h ON h.row_id = (q.raw->>'row_id')::int
      WHERE q.connector = $1 AND q.reason LIKE 'evt_roc:%' ORDER BY q.id LIMIT 1`, [CONNECTOR]);
    expect(rows).toHaveLength(1);
    const { quarantine_id: quarantineId, row_id: rowId, evt_no: evtNo } = rows[0] as { quarantine_id: number; row_id: number; evt_no: string };
    // Today is after any birth, so the corrected date passes every check.
    const today = new Date(`${day(new Date())}T00:00:00Z`);
    const fixed = formatRocDate(today);
    await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_event SET evt_roc = $2, upd_ts = now() WHERE row_id = $1`, [rowId, fixed]);
    expect(await syncHouseholdEvents(source)).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    expect(await prisma().quarantinedRecord.findUnique({ where: { id: quarantineId } })).toBeNull();
    const event = await prisma().householdEvent.findUnique({ where: { sourceKey: `event:${evtNo}` } });
    expect(day(event!.occurredOn)).toBe(day(today));
  });
});

describe('household registration events in the family view', () => {
  let hub: TestHub;
  const VIEW = `query ($id: ID!) { family(id: $id) { members { relationship person { householdEvents { kind kindLabelEn kindLabelZh occurredOn householdNumber district syncedAt source } } } } }`;

  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 5 });
    await householdRegistration.generateDemoSource(hub.db.url);
    const counts = await householdRegistration.sync(hub.db.url);
    expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
  });
  afterAll(() => hub.stop());

  it('returns the showcase family’s events, newest first, to a unit serving the family', async () => {
    const response = await hub.query(VIEW, { id: gid('Family', 1) });
    expect(response.errors).toBeUndefined();
    const members = response.data!.family.members as { relationship: string; person: { householdEvents: Record<string, unknown>[] } }[];
    const byRelationship = Object.fromEntries(members.map((m) => [m.relationship, m.person.householdEvents]));
    expect(byRelationship.HEAD).toEqual([
      {
        kind: 'MARRIAGE', kindLabelEn: 'Marriage', kindLabelZh: '結婚', occurredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        householdNumber: 'H00000001', district: 'XITUN', syncedAt: expect.any(String), source: expect.stringMatching(/Household registration offices/),
      },
    ]);
    expect(byRelationship.PARENT).toMatchObject([{ kind: 'MOVE_IN', kindLabelZh: '遷入' }]);
    expect(byRelationship.CHILD).toEqual([]);
  });

  it('lists a person’s events newest first', async () => {
    const client = new pg.Client({ connectionString: hub.db.url });
    await client.connect();
    const person = await client.query<{ person_id: number }>(
      'SELECT person_id FROM household.event GROUP BY person_id HAVING count(*) > 1 ORDER BY person_id LIMIT 1');
    await client.end();
    expect(person.rows).toHaveLength(1);
    const response = await hub.query(
      'query ($id: ID!) { person(id: $id) { householdEvents { occurredOn } } }',
      { id: gid('Person', person.rows[0]!.person_id) },
      { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' },
    );
    expect(response.errors).toBeUndefined();
    const dates = (response.data!.person.householdEvents as { occurredOn: string }[]).map((e) => e.occurredOn);
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('gives household registration offices the events and denies NGOs and units not serving the family', async () => {
    const civil = await hub.query(VIEW, { id: gid('Family', 1) }, { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' });
    expect(civil.errors).toBeUndefined();
    for (const caller of [{ unit: 'POLICE', sub: 'w-police' }, { unit: 'NGO', sub: 'w-ngo-0001', org: 1 }] as const) {
      const denied = await hub.query(VIEW, { id: gid('Family', 1) }, caller);
      const members = (denied.data?.family?.members ?? []) as { person: { householdEvents: unknown } }[];
      expect(members.every((m) => m.person.householdEvents === null)).toBe(true);
      expect((denied.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'NOT_FOUND')).toBe(true);
    }
    const police = await hub.query(VIEW, { id: gid('Family', 1) }, { unit: 'POLICE', sub: 'w-police' });
    expect((police.errors ?? []).filter((e) => e.path?.slice(-1)[0] === 'householdEvents' && e.extensions?.code === 'FORBIDDEN').length)
      .toBe(police.data!.family.members.length);
  });
});
