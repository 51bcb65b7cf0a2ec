// syncStatus as each unit and role, through the gateway and through the core
// subgraph directly: the owning unit sees its own connectors, an ADMIN every
// connector, another unit an empty list; NGO, ANALYST and AUDITOR are refused.
// What it shows carries no personal data.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectors } from '../../connectors/registry.ts';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import type { HubServer } from '../../src/server/app.ts';
import { runRecordedSync } from '../../src/ops/sync-attempt.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const STATUS = `{ syncStatus { connector everyMinutes nextRunAt stale quarantined lastSucceededAt
  lastRun { trigger attempt outcome startedAt finishedAt durationMs read inserted updated stored quarantined cursor error } } }`;

const CIVIL: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' };
const ALL = connectors.map((c) => c.name).sort();

describe('syncStatus', () => {
  let hub: TestHub;
  let core: HubServer;
  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 21 });
    const household = connectors.find((c) => c.name === 'household-registration')!;
    await household.generateDemoSource(hub.db.url);
    // A real sync: the household source quarantines some records (unreadable birth dates).
    const result = await runRecordedSync(household, hub.db.url, { trigger: 'cli' });
    expect(result.outcome).toBe('succeeded');
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const names = (data: { syncStatus: { connector: string }[] } | undefined) => data!.syncStatus.map((s) => s.connector).sort();

  it("gives the owning unit its connector's last run, counts, cursor and quarantine", async () => {
    const response = await hub.query(STATUS, {}, CIVIL);
    expect(response.errors).toBeUndefined();
    const [status] = response.data!.syncStatus;
    const quarantined = await prisma().quarantinedRecord.count({ where: { connector: 'household-registration' } });
    expect(quarantined).toBeGreaterThan(0);
    expect(status).toMatchObject({
      connector: 'household-registration',
      everyMinutes: 15,
      nextRunAt: null, // no job queue runs in this test
      stale: false,
      quarantined,
      lastSucceededAt: expect.any(String),
      lastRun: { trigger: 'cli', attempt: 1, outcome: 'succeeded', error: null, durationMs: expect.any(Number) },
    });
    expect(status.lastRun.read).toBeGreaterThan(0);
    const [row] = await prisma().$queryRaw<{ merged: number }[]>`SELECT merged FROM sync.attempt WHERE connector = 'household-registration'`;
    expect(status.lastRun.stored).toBe(status.lastRun.inserted + status.lastRun.updated + row!.merged);
    expect(status.lastRun.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    // Nothing of a person: no name, national id or household number from the source.
    const persons = await prisma().person.findMany({ select: { name: true, nationalId: true }, take: 50 });
    const text = JSON.stringify(response.data);
    for (const p of persons) {
      expect(text).not.toContain(p.name);
      if (p.nationalId) expect(text).not.toContain(p.nationalId);
    }
    expect(text).not.toMatch(/H\d{8}/);
  });

  it('shows a failed run with its error and marks a connector never synced as stale', async () => {
    await prisma().$executeRaw`INSERT INTO sync.attempt (connector, trigger, attempt, started_at, finished_at, outcome, error)
      VALUES ('welfare-subsidies', 'schedule', 2, now() - interval '3 seconds', now(), 'failed', 'The welfare drop folder cannot be read')`;
    const response = await hub.query(STATUS, {}, { unit: 'SOCIAL', sub: 'w-social', roles: ['SUPERVISOR'] });
    expect(response.data!.syncStatus).toEqual([
      expect.objectContaining({ connector: 'welfare-subsidies', stale: true, lastSucceededAt: null, lastRun: expect.objectContaining({ outcome: 'failed', attempt: 2, error: 'The welfare drop folder cannot be read', durationMs: expect.any(Number) }) }),
    ]);
  });

  it('gives an ADMIN every connector, and a unit owning none an empty list', async () => {
    const admin = await hub.query(STATUS, {}, { unit: 'SOCIAL', sub: 'w-admin', roles: ['ADMIN'] });
    expect(admin.errors).toBeUndefined();
    expect(names(admin.data as never)).toEqual(ALL);
    const health = await hub.query(STATUS, {}, { unit: 'HEALTH', sub: 'w-health' });
    expect(health.errors).toBeUndefined();
    expect(health.data!.syncStatus).toEqual([]);
  });

  it('needs no purpose of use: it holds no person', async () => {
    const response = await hub.query(STATUS, {}, { ...CIVIL, purpose: null });
    expect(response.errors).toBeUndefined();
    expect(names(response.data as never)).toEqual(['household-registration']);
  });

  it.each([
    ['an NGO', { unit: 'NGO', sub: 'w-ngo', org: 1 } as Caller],
    ['an ANALYST', { unit: 'CIVIL_AFFAIRS', sub: 'w-analyst', roles: ['ANALYST'] } as Caller],
    ['an AUDITOR', { unit: 'CIVIL_AFFAIRS', sub: 'w-auditor', roles: ['AUDITOR'] } as Caller],
  ])('refuses %s through the gateway', async (_who, caller) => {
    const response = await hub.query(STATUS, {}, caller);
    expect(response.data?.syncStatus ?? null).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('holds at the core subgraph itself: the owner and an ADMIN read it, an ANALYST and an NGO are refused', async () => {
    const owner = await askSubgraph(core, hub, CIVIL, STATUS);
    expect(owner.errors).toBeUndefined();
    expect(names(owner.data as never)).toEqual(['household-registration']);
    const admin = await askSubgraph(core, hub, { unit: 'EDUCATION', sub: 'w-admin', roles: ['ADMIN'] }, STATUS);
    expect(names(admin.data as never)).toEqual(ALL);
    const other = await askSubgraph(core, hub, { unit: 'POLICE', sub: 'w-police' }, STATUS);
    expect(other.data!.syncStatus).toEqual([]);
    for (const caller of [{ unit: 'CIVIL_AFFAIRS', sub: 'w-analyst', roles: ['ANALYST'] }, { unit: 'NGO', sub: 'w-ngo', org: 1 }, { unit: 'CIVIL_AFFAIRS', sub: 'w-auditor', roles: ['AUDITOR'] }] as Caller[]) {
      const refused = await askSubgraph(core, hub, caller, STATUS);
      expect(refused.data?.syncStatus ?? null).toBeNull();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});
