// Labor referrals over the agency's HTTP API: paging and an updated-since
// cursor, retries with backoff through a busy server, a clear error when the
// API is down, and the referrals in the family view under the labor policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { prisma } from '../../src/db/prisma.ts';
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
