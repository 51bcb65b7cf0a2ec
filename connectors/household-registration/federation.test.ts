// The joined view: household registration reaches the family view through
// the gateway, under the connector's own policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { householdRegistration } from './index.ts';

const VIEW = `query ($id: ID!) { family(id: $id) { members { relationship person { name householdRegistration { householdNumber relationship district registeredOn syncedAt source stale } } } } }`;

describe('household registration in the family view', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 5 });
    await householdRegistration.generateDemoSource(hub.db.url);
    await householdRegistration.sync(hub.db.url);
  });
  afterAll(() => hub.stop());

  it('joins each member with their registration for a unit serving the family', async () => {
    const response = await hub.query(VIEW, { id: gid('Family', 1) });
    expect(response.errors).toBeUndefined();
    const members = response.data!.family.members as { relationship: string; person: { householdRegistration: Record<string, unknown> | null } }[];
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) {
      expect(member.person.householdRegistration).toMatchObject({
        householdNumber: 'H00000001',
        relationship: member.relationship,
        district: 'XITUN',
        syncedAt: expect.any(String),
        source: expect.stringMatching(/Household registration offices/),
        stale: false,
      });
    }
  });

  it('flags the registration stale when no sync has completed within the daily cadence', async () => {
    const { prisma } = await import('../../src/db/prisma.ts');
    await prisma().syncRun.updateMany({ where: { connector: 'household-registration' }, data: { finishedAt: new Date(Date.now() - 3 * 86_400_000) } });
    const response = await hub.query(VIEW, { id: gid('Family', 1) });
    expect(response.data!.family.members[0].person.householdRegistration.stale).toBe(true);
  });

  it('gives household registration offices the registration, and denies a unit not serving the family', async () => {
    const civil = await hub.query(VIEW, { id: gid('Family', 1) }, { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' });
    expect(civil.data!.family.members[0].person.householdRegistration.householdNumber).toBe('H00000001');
    const police = await hub.query(VIEW, { id: gid('Family', 1) }, { unit: 'POLICE', sub: 'w-police' });
    const paths = (police.errors ?? []).map((e) => [e.path?.slice(-1)[0], e.extensions?.code]);
    expect(paths.length).toBe(police.data!.family.members.length);
    expect(new Set(paths.map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify(['householdRegistration', 'FORBIDDEN'])]));
  });

  it('lists quarantined records to the unit owning the data, and to no one else', async () => {
    const query = '{ quarantinedRecords(connector: "household-registration") { connector sourceKey reason raw } }';
    const civil = await hub.query(query, {}, { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' });
    const records = civil.data!.quarantinedRecords as { connector: string; reason: string; raw: string }[];
    expect(records.length).toBeGreaterThan(0);
    const member = records.find((r) => r.reason.startsWith('birth_roc: '));
    expect(member).toMatchObject({ connector: 'household-registration', reason: expect.stringMatching(/^birth_roc: /) });
    expect(JSON.parse(member!.raw)).toHaveProperty('hh_no');
    const event = records.find((r) => r.reason.startsWith('evt_cd: '));
    expect(event).toMatchObject({ connector: 'household-registration', sourceKey: expect.stringMatching(/^event:RG/), reason: 'evt_cd: unknown event code "99"' });
    expect((await hub.query(query)).data!.quarantinedRecords).toEqual([]);
  });
});
