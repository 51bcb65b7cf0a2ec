// Dropout episodes from the Education Bureau's register: mapping, sync with
// reconciled counts, and the episodes in the view under the education policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { educationDropouts } from './index.ts';
import { mapDropoutRow, type DropoutRow } from './mapping.ts';

const row = (overrides: Partial<DropoutRow> = {}): DropoutRow => ({
  row_id: 1, stu_idno: 'A123456789', stu_name: '王小明', stu_birth: '97/05/04', sch_code: '190123', drop_date: '112/03/01',
  back_date: '112/05/01', refer_flag: 'Y', open_flag: 'Y', upd_ts: new Date('2024-03-01T00:00:00Z'), upd_ts_exact: '2024-03-01 00:00:00+00', ...overrides,
});

describe('dropout register mapping', () => {
  it('reads a register row', () => {
    expect(mapDropoutRow(row())).toMatchObject({ ok: true, episode: { schoolCode: '190123', referredToCounselling: true, caseOpened: true } });
  });
  it.each<[Partial<DropoutRow>, string]>([
    [{ sch_code: 'X1' }, 'sch_code: "X1" is not a six-digit school code'],
    [{ back_date: '112/01/01' }, 'back_date: return to school before the dropout started'],
    [{ refer_flag: 'N' }, 'open_flag: a case cannot be opened without a school referral (refer_flag)'],
    [{ drop_date: '112/13/01' }, 'drop_date: "112/13/01" is not a date in the calendar'],
  ])('refuses bad row %# with its reason', (overrides, reason) => {
    expect(mapDropoutRow(row(overrides))).toEqual({ ok: false, sourceKey: expect.any(String), reason });
  });
});

describe('dropout sync and view', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.003, seed: 8 });
    await educationDropouts.generateDemoSource(hub.db.url);
  });
  afterAll(() => hub.stop());

  it('reconciles every register row, and a second run changes nothing', async () => {
    const counts = await educationDropouts.sync(hub.db.url);
    expect(counts.read).toBeGreaterThan(0);
    expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
    expect(await educationDropouts.sync(hub.db.url)).toMatchObject({ read: 0 });
  });

  it('shows episodes to the Education Bureau, not to units outside the family', async () => {
    const episode = await prisma().dropoutEpisode.findFirstOrThrow();
    const query = `query ($id: ID!) { person(id: $id) { dropoutEpisodes { schoolCode caseOpened } } }`;
    const education = await hub.query(query, { id: gid('Person', episode.personId) }, { unit: 'EDUCATION', sub: 'w-edu' });
    expect(education.data!.person.dropoutEpisodes).toContainEqual({ schoolCode: episode.schoolCode, caseOpened: episode.caseOpened });
    const labor = await hub.query(query, { id: gid('Person', episode.personId) }, { unit: 'JUSTICE', sub: 'w-justice' });
    expect(labor.data!.person.dropoutEpisodes).toBeNull();
  });
});
