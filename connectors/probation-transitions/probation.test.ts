// Transitions from the prosecutors' register: mapping, sync with reconciled
// counts, and the transitions in the view under the justice policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { probationTransitions } from './index.ts';
import { mapTransitionRow, type TransitionRow } from './mapping.ts';

const row = (overrides: Partial<TransitionRow> = {}): TransitionRow => ({
  row_id: 1, case_id: '112偵000001', idno: 'A123456789', pname: '王大明', birth_roc: '68/05/04', type_cd: 'P', start_roc: '112/01/02',
  release_roc: '112/02/01', meeting_roc: '112/01/20', invited: 'SOCIAL;HEALTH、LABOR', upd_ts: new Date('2024-04-01T00:00:00Z'),
  upd_ts_exact: '2024-04-01 00:00:00+00', ...overrides,
});

describe('transition register mapping', () => {
  it('reads a register row with the invited units in any separator', () => {
    expect(mapTransitionRow(row())).toMatchObject({ ok: true, transition: { kind: 'PRISON_RELEASE', invitedUnits: ['SOCIAL', 'HEALTH', 'LABOR'] } });
  });
  it.each<[Partial<TransitionRow>, string]>([
    [{ type_cd: 'Q' }, 'type_cd: unknown transition type "Q"'],
    [{ invited: 'SOCIAL;MARS' }, 'invited: unknown unit "MARS"'],
    [{ meeting_roc: '112/02/30' }, 'meeting_roc: "112/02/30" is not a date in the calendar'],
    [{ case_id: ' ' }, 'case_id: case number is missing'],
  ])('refuses bad row %# with its reason', (overrides, reason) => {
    expect(mapTransitionRow(row(overrides))).toEqual({ ok: false, sourceKey: expect.any(String), reason });
  });
});

describe('transition sync and view', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.003, seed: 6 });
    await probationTransitions.generateDemoSource(hub.db.url);
  });
  afterAll(() => hub.stop());

  it('reconciles every register row, and a second run changes nothing', async () => {
    const counts = await probationTransitions.sync(hub.db.url);
    expect(counts.read).toBeGreaterThan(0);
    expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
    expect(await probationTransitions.sync(hub.db.url)).toMatchObject({ read: 0 });
  });

  it('shows transitions to the prosecutors, not to units outside the family', async () => {
    // Not the showcase family (lowest ids), which the education bureau serves.
    const transition = await prisma().probationTransition.findFirstOrThrow({ orderBy: { personId: 'desc' } });
    const query = `query ($id: ID!) { person(id: $id) { probationTransitions { kind invitedUnits } } }`;
    const justice = await hub.query(query, { id: gid('Person', transition.personId) }, { unit: 'JUSTICE', sub: 'w-justice' });
    expect(justice.data!.person.probationTransitions).toContainEqual({ kind: transition.kind, invitedUnits: transition.invitedUnits });
    const education = await hub.query(query, { id: gid('Person', transition.personId) }, { unit: 'EDUCATION', sub: 'w-edu' });
    expect(education.data!.person.probationTransitions).toBeNull();
  });

  it('says where each record comes from and when the hub last synced it, and flags it stale past the daily cadence', async () => {
    const transition = await prisma().probationTransition.findFirstOrThrow();
    const query = `query ($id: ID!) { person(id: $id) { probationTransitions { syncedAt source sourceCheckedAt stale } } }`;
    const ask = async () =>
      (await hub.query(query, { id: gid('Person', transition.personId) }, { unit: 'JUSTICE', sub: 'w-justice' })).data!.person.probationTransitions[0];
    const lastRun = await prisma().syncRun.findFirstOrThrow({ where: { connector: 'probation-transitions' }, orderBy: { finishedAt: 'desc' } });
    expect(await ask()).toEqual({
      syncedAt: transition.syncedAt.toISOString(),
      source: expect.stringMatching(/Prosecutors Office/),
      sourceCheckedAt: lastRun.finishedAt!.toISOString(),
      stale: false,
    });
    // The record did not change, but no sync has completed for two days: its data may be out of date.
    await prisma().syncRun.updateMany({ where: { connector: 'probation-transitions' }, data: { finishedAt: new Date(Date.now() - 2 * 86_400_000) } });
    expect(await ask()).toMatchObject({ stale: true });
    await prisma().syncRun.updateMany({ where: { connector: 'probation-transitions' }, data: { finishedAt: null } });
    expect(await ask()).toMatchObject({ sourceCheckedAt: null, stale: true });
  });
});
