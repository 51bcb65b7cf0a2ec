// Labor referrals over the agency's HTTP API: paging and an updated-since
// cursor, retries with backoff through a busy server, a clear error when the
// API is down, and the referrals in the family view under the labor policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { prisma } from '../../src/db/prisma.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { freePort } from '../../test/support/free-port.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { startLaborAgencyApi } from './agency-api.ts';
import { laborReferrals } from './index.ts';
import { mapLaborItem, type LaborApiItem } from './mapping.ts';
import { HttpLaborSource, UpstreamUnavailableError } from './source.ts';
import { syncLabor } from './sync.ts';

const item = (overrides: Partial<LaborApiItem> = {}): LaborApiItem => ({
  case_no: 'L000000001', idn: 'A123456789', cname: '王大明', birthday: '68/05/04', service_type: 'VR', disability_flag: 'Y',
  referred_date: '112/03/01', outcome: '03', placed_date: '112/04/15', modified_at: '2024-02-01T00:00:00.000Z', ...overrides,
});

describe('labor mapping', () => {
  it('reads an API item', () => {
    expect(mapLaborItem(item())).toMatchObject({ ok: true, referral: { kind: 'VOCATIONAL_REHABILITATION', mentalDisability: true, outcome: 'PLACED' } });
  });
  it.each<[Partial<LaborApiItem>, string]>([
    [{ service_type: 'XX' }, 'service_type: unknown service type "XX"'],
    [{ outcome: '99' }, 'outcome: unknown outcome code "99"'],
    [{ placed_date: null }, 'placed_date: a placed referral needs its placement date'],
    [{ birthday: '112/13/01', idn: null }, 'birthday: "112/13/01" is not a date in the calendar'],
  ])('refuses bad item %# with its reason', (overrides, reason) => {
    expect(mapLaborItem(item(overrides))).toEqual({ ok: false, sourceKey: 'L000000001', reason });
  });
});

describe('labor sync over HTTP', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.003, seed: 4 });
    await laborReferrals.generateDemoSource(hub.db.url);
  });
  afterAll(() => hub.stop());

  it('pages through the API, retrying a busy server, and reconciles every item', async () => {
    const api = await startLaborAgencyApi(hub.db.url, { failures: 2 });
    try {
      const counts = await syncLabor(new HttpLaborSource(api.url, { pageSize: 7, backoffMs: 10 }));
      const sql = new pg.Client({ connectionString: hub.db.url });
      await sql.connect();
      const { rows } = await sql.query('SELECT count(*)::int AS n FROM agency_labor.referral_item');
      await sql.end();
      expect(counts.read).toBe(rows[0].n);
      expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
      expect(await prisma().laborReferral.count()).toBe(counts.inserted);
      expect(await syncLabor(new HttpLaborSource(api.url, { pageSize: 7 }))).toMatchObject({ read: 0 });
    } finally {
      await api.stop();
    }
  });

  it('takes in an item a reviewer linked at the next sync, without the agency sending it again', async () => {
    // A youth registered at intake without an ID; the labor office's item then carries an ID the hub does not know.
    const registered = await hub.query(
      'mutation ($input: RegisterFamilyInput!) { registerFamily(input: $input) { ok persons { id } } }',
      { input: { district: 'XITUN', reason: '通報個案', members: [{ name: '勞小明', birthDate: '2005-05-05', sex: 'MALE', relationship: 'HEAD' }] } },
      { unit: 'PROTECTION', sub: 'w-labor-test-screener' },
    );
    const personId = registered.data!.registerFamily.persons[0].id as string;
    const caseNo = 'L999000001';
    const sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    const api = await startLaborAgencyApi(hub.db.url);
    try {
      // Everything the agency has is taken in first, so the next read holds only the new item.
      await syncLabor(new HttpLaborSource(api.url, { pageSize: 50 }));
      const modifiedAt = new Date().toISOString();
      await sql.query(`INSERT INTO agency_labor.referral_item (case_no, modified_at, item) VALUES ($1, $2::timestamptz, $3)`, [
        caseNo,
        modifiedAt,
        item({ case_no: caseNo, idn: makeNationalId('B', '1', 3_900_001), cname: '勞小明', birthday: '94/05/05', service_type: 'EMP', disability_flag: 'N', modified_at: modifiedAt }),
      ]);
      expect(await syncLabor(new HttpLaborSource(api.url, { pageSize: 7 }))).toMatchObject({ read: 1, quarantined: 1 });
      const resolved = await hub.query(
        'mutation ($person: ID) { resolveIdentity(connector: "labor-referrals", sourceKey: "L999000001", decision: LINK, person: $person, reason: "同一人，身分證補登") { ok } }',
        { person: personId },
        { unit: 'LABOR', sub: 'w-labor-reviewer' },
      );
      expect(resolved.data).toEqual({ resolveIdentity: { ok: true } });
      // The agency sends nothing new: the reviewed item is taken in from quarantine.
      expect(await syncLabor(new HttpLaborSource(api.url, { pageSize: 7 }))).toMatchObject({ read: 1, inserted: 1, quarantined: 0 });
      expect((await sql.query('SELECT person_id FROM labor.referral WHERE case_number = $1', [caseNo])).rows).toEqual([{ person_id: Number(Buffer.from(personId, 'base64').toString().split(':')[1]) }]);
      expect(await syncLabor(new HttpLaborSource(api.url, { pageSize: 7 }))).toMatchObject({ read: 0 });
    } finally {
      await api.stop();
      await sql.end();
    }
  });

  it('fails with a clear error when the API is down, changing nothing', async () => {
    const before = await prisma().syncCursor.findUnique({ where: { connector: 'labor-referrals' } });
    const port = await freePort();
    const down = new HttpLaborSource(`http://127.0.0.1:${port}`, { attempts: 3, backoffMs: 5, timeoutMs: 500 });
    await expect(syncLabor(down)).rejects.toThrow(UpstreamUnavailableError);
    await expect(syncLabor(down)).rejects.toThrow(new RegExp(`^The labor referrals API at http://127.0.0.1:${port} is unavailable \\(.+\\) after 3 attempts$`));
    expect(await prisma().syncCursor.findUnique({ where: { connector: 'labor-referrals' } })).toEqual(before);
  });

  it('shows referrals to the Labor Affairs Bureau and to units serving the family, not to others', async () => {
    const referral = await prisma().laborReferral.findFirstOrThrow({ orderBy: { caseNumber: 'asc' } });
    const query = `query ($id: ID!) { person(id: $id) { laborReferrals { caseNumber kind outcome } } }`;
    const id = gid('Person', referral.personId);
    const labor = await hub.query(query, { id }, { unit: 'LABOR', sub: 'w-labor' });
    expect(labor.data!.person.laborReferrals).toContainEqual({ caseNumber: referral.caseNumber, kind: referral.kind, outcome: referral.outcome });
    const police = await hub.query(query, { id }, { unit: 'POLICE', sub: 'w-police' });
    expect(police.data!.person.laborReferrals).toBeNull();
    expect(police.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
