// Dropout episodes and enrolments from the Education Bureau's registers:
// mapping, sync with reconciled counts, quarantine, and both in the view under
// the education policy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import pg from 'pg';
import { educationDropouts } from './index.ts';
import { mapDropoutRow, mapEnrolmentRow, type DropoutRow, type EnrolmentRow } from './mapping.ts';
import { CONNECTOR } from './sync.ts';

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

const enrolment = (overrides: Partial<EnrolmentRow> = {}): EnrolmentRow => ({
  row_id: 1, stu_idno: 'A123456789', stu_name: '王小明', stu_birth: '100/05/04', sch_code: '192004', grade: 'J1', enrol_date: '112/08/30',
  leave_date: null, upd_ts: new Date('2024-04-01T00:00:00Z'), upd_ts_exact: '2024-04-01 00:00:00+00', ...overrides,
});

describe('enrolment register mapping', () => {
  it('reads a register row, full-width ID and grade code included', () => {
    expect(mapEnrolmentRow(enrolment({ stu_idno: 'Ａ１２３４５６７８９', leave_date: '113/01/31' }))).toEqual({
      ok: true,
      enrolment: {
        sourceKey: 'enrol:192004:A123456789:112/08/30', nationalId: 'A123456789', name: '王小明', birthDate: new Date('2011-05-04T00:00:00Z'), dataQuality: [],
        schoolCode: '192004', grade: 7, enrolledOn: new Date('2023-08-30T00:00:00Z'), leftOn: new Date('2024-01-31T00:00:00Z'),
        sourceUpdatedAt: new Date('2024-04-01T00:00:00Z'),
      },
    });
  });
  it.each([['E1', 1], ['E6', 6], ['J3', 9], ['s3', 12]])('reads grade code %s as grade %d', (code, grade) => {
    expect(mapEnrolmentRow(enrolment({ grade: code }))).toMatchObject({ ok: true, enrolment: { grade } });
  });
  it('keys a child without an ID by name and birth date', () => {
    expect(mapEnrolmentRow(enrolment({ stu_idno: null }))).toMatchObject({ ok: true, enrolment: { sourceKey: 'enrol:192004:王小明/100/05/04:112/08/30', nationalId: null } });
  });
  it.each<[Partial<EnrolmentRow>, string]>([
    [{ sch_code: '19200' }, 'sch_code: "19200" is not a six-digit school code'],
    [{ grade: 'K1' }, 'grade: "K1" is not a known grade code (E1–E6, J1–J3, S1–S3)'],
    [{ grade: 'J4' }, 'grade: "J4" is not a known grade code (E1–E6, J1–J3, S1–S3)'],
    [{ enrol_date: '112/02/30' }, 'enrol_date: "112/02/30" is not a date in the calendar'],
    [{ stu_birth: '', stu_idno: null }, 'stu_birth: date is empty'],
    [{ leave_date: '112/06/30' }, 'leave_date: leaving the school before enrolling (enrol_date)'],
    [{ enrol_date: '99/08/30' }, 'enrol_date: enrolment before the student was born (stu_birth)'],
  ])('refuses bad row %# with its reason', (overrides, reason) => {
    expect(mapEnrolmentRow(enrolment(overrides))).toEqual({ ok: false, sourceKey: expect.any(String), reason });
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

  it('takes in enrolments: stored, merged or quarantined with the column named', async () => {
    const client = new pg.Client({ connectionString: hub.db.url });
    await client.connect();
    const register = await client.query<EnrolmentRow>('SELECT * FROM agency_education.enrol_register ORDER BY row_id');
    await client.end();
    const runs = await prisma().syncRun.findMany({ where: { connector: CONNECTOR, source: { contains: 'enrol_register' } }, orderBy: { id: 'asc' } });
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ read: register.rows.length });
    expect(runs[0]!.merged).toBeGreaterThan(0);
    expect(runs[0]!.inserted + runs[0]!.updated + runs[0]!.unchanged + runs[0]!.merged + runs[0]!.quarantined).toBe(runs[0]!.read);
    expect(runs[1]).toMatchObject({ read: 0 });

    const stored = await prisma().educationEnrolment.count();
    expect(stored).toBe(runs[0]!.inserted);
    const quarantined = await prisma().quarantinedRecord.findMany({ where: { connector: CONNECTOR, sourceKey: { startsWith: 'enrol:' } } });
    expect(quarantined.length).toBe(runs[0]!.quarantined);
    const reasons = quarantined.map((q) => q.reason);
    expect(reasons).toContainEqual(expect.stringMatching(/^grade: "K\d" is not a known grade code/));
    expect(reasons).toContainEqual(expect.stringMatching(/^enrol_date: "\d+\/02\/30" is not a date in the calendar/));

    // The full-width ID and the child without one are linked like any other row.
    const fullWidth = register.rows.find((r) => r.stu_idno && /[Ａ-Ｚ]/.test(r.stu_idno))!;
    const noId = register.rows.find((r) => r.stu_idno === null && !quarantined.some((q) => q.sourceKey.includes(`${r.stu_name}/`)))!;
    for (const r of [fullWidth, noId]) {
      const mapped = mapEnrolmentRow(r);
      if (!mapped.ok) throw new Error(mapped.reason);
      expect(await prisma().educationEnrolment.findUnique({ where: { sourceKey: mapped.enrolment.sourceKey } })).not.toBeNull();
    }
  });

  it("shows the showcase family's enrolments, newest first, to the Education Bureau and not to NGOs", async () => {
    const children = await prisma().familyMembership.findMany({
      where: { familyId: 1, endDate: null, person: { birthDate: { gt: new Date('2005-09-01'), lte: new Date('2017-09-01') } } },
      select: { personId: true },
    });
    expect(children.length).toBeGreaterThan(0);
    const query = `query ($id: ID!) { person(id: $id) { enrolments { schoolCode grade gradeLabelZh enrolledOn leftOn status source syncedAt } } }`;
    const org = await prisma().organization.findFirstOrThrow();
    for (const { personId } of children) {
      const education = await hub.query(query, { id: gid('Person', personId) }, { unit: 'EDUCATION', sub: 'w-edu' });
      expect(education.errors).toBeUndefined();
      const enrolments = education.data!.person.enrolments as { enrolledOn: string; status: string; source: string; syncedAt: string }[];
      expect(enrolments.length).toBeGreaterThan(0);
      expect(enrolments[0]).toMatchObject({ status: 'ENROLLED', source: 'Education Bureau enrolment register (學籍)', syncedAt: expect.any(String) });
      expect(enrolments.map((e) => e.enrolledOn)).toEqual(enrolments.map((e) => e.enrolledOn).sort().reverse());
      const ngo = await hub.query(query, { id: gid('Person', personId) }, { unit: 'NGO', sub: 'w-ngo', org: org.id });
      expect(ngo.data?.person?.enrolments ?? null).toBeNull();
    }
  });
});
