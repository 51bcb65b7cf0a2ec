// createIntake's re-report flag (再通報): a protective report about a family
// with a protective case in service on the Taipei day it was received. Each
// case is made in the database as it would stand, the report goes through
// the hub, and at the end every stored flag is re-derived with the tests'
// own SQL.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { CaseKind } from '../../src/generated/prisma/enums.ts';
import { buildFamilies, day, gid } from '../support/fixtures.ts';
import { flagMismatches } from '../support/re-derived-re-reports.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const PROTECTION_WORKER: Caller = { unit: 'PROTECTION', sub: 'w-protection-rereport' };
const CREATE_INTAKE = `mutation ($input: CreateIntakeInput!) { createIntake(input: $input) { ok error { code message } intake { id reReport } } }`;
const TRIAGE = `mutation ($input: TriageIntakeInput!) { triageIntake(input: $input) { ok error { code message } intake { case { id openedOn } } } }`;

describe('re-reports at intake', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  /** A family of two with the given cases (ISO dates), no others. */
  const familyWith = async (cases: { kind: CaseKind; openedOn: string; closedOn?: string }[]) => {
    const [family] = await buildFamilies(1, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 });
    for (const c of cases) {
      await prisma().case.create({
        data: {
          kind: c.kind, status: c.closedOn ? 'CLOSED' : 'OPEN', familyId: family!.familyId, ownerUnitCode: 'PROTECTION', districtCode: 'XITUN',
          openedOn: day(c.openedOn), closedOn: c.closedOn ? day(c.closedOn) : null,
        },
      });
    }
    return family!;
  };

  /** Records a report through the hub and answers its re-report flag. */
  const report = async (kind: CaseKind, about: { familyId?: number; personId?: number }, receivedAt?: string): Promise<boolean> => {
    const input = {
      kind,
      ...(about.familyId !== undefined ? { familyId: gid('Family', about.familyId) } : {}),
      ...(about.personId !== undefined ? { subjectPersonId: gid('Person', about.personId) } : {}),
      ...(receivedAt !== undefined ? { receivedAt } : {}),
    };
    const response = await hub.query(CREATE_INTAKE, { input }, PROTECTION_WORKER);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createIntake.ok).toBe(true);
    return response.data!.createIntake.intake.reReport;
  };

  it('is no re-report when the family is served only by a case of another kind', async () => {
    // The rule before: any open case of the family made this one a re-report.
    const [family] = await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 });
    expect(await prisma().case.findMany({ where: { familyId: family!.familyId }, select: { kind: true, status: true } })).toEqual([{ kind: 'VULNERABLE_FAMILY', status: 'OPEN' }]);
    expect(await report('CHILD_PROTECTION', { familyId: family!.familyId }, '2023-05-05T03:00:00.000Z')).toBe(false);
    expect(await report('CHILD_PROTECTION', { familyId: family!.familyId })).toBe(false);
  });

  it('is a re-report when a protective case of the family is in service that day, of any protective kind', async () => {
    const family = await familyWith([{ kind: 'CHILD_PROTECTION', openedOn: '2023-03-01' }]);
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-05-05T03:00:00.000Z')).toBe(true);
    expect(await report('ADULT_PROTECTION', { familyId: family.familyId }, '2023-05-05T03:00:00.000Z')).toBe(true);
    expect(await report('SEXUAL_ASSAULT', { familyId: family.familyId })).toBe(true);
    // A report naming only the person is about the family they belong to.
    expect(await report('CHILD_PROTECTION', { personId: family.personIds[1]! }, '2023-05-05T03:00:00.000Z')).toBe(true);
  });

  it('is never a re-report when the report is not protective', async () => {
    const family = await familyWith([{ kind: 'CHILD_PROTECTION', openedOn: '2023-03-01' }]);
    expect(await report('MENTAL_HEALTH', { familyId: family.familyId }, '2023-05-05T03:00:00.000Z')).toBe(false);
    expect(await report('VULNERABLE_FAMILY', { familyId: family.familyId }, '2023-05-05T03:00:00.000Z')).toBe(false);
  });

  it('counts a case from the day after it opened to the day it closed', async () => {
    const family = await familyWith([{ kind: 'ADULT_PROTECTION', openedOn: '2023-03-01', closedOn: '2023-04-30' }]);
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-02-27T03:00:00.000Z')).toBe(false); // before it opened
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-03-01T03:00:00.000Z')).toBe(false); // the day it opened
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-03-02T03:00:00.000Z')).toBe(true);
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-04-30T03:00:00.000Z')).toBe(true); // the day it closed
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId }, '2023-05-01T03:00:00.000Z')).toBe(false); // closed before that day
    expect(await report('CHILD_PROTECTION', { familyId: family.familyId })).toBe(false); // today, long after
  });

  it('dates the report by the Taipei calendar, not UTC', async () => {
    const opened = await familyWith([{ kind: 'CHILD_PROTECTION', openedOn: '2023-05-04' }]);
    // 2023-05-04 23:59 in Taipei: the day the case opened.
    expect(await report('CHILD_PROTECTION', { familyId: opened.familyId }, '2023-05-04T15:59:00.000Z')).toBe(false);
    // 2023-05-05 01:00 in Taipei, though still 2023-05-04 in UTC: the day after.
    expect(await report('CHILD_PROTECTION', { familyId: opened.familyId }, '2023-05-04T17:00:00.000Z')).toBe(true);
    const closed = await familyWith([{ kind: 'CHILD_PROTECTION', openedOn: '2023-01-04', closedOn: '2023-05-04' }]);
    expect(await report('CHILD_PROTECTION', { familyId: closed.familyId }, '2023-05-04T15:59:00.000Z')).toBe(true);
    expect(await report('CHILD_PROTECTION', { familyId: closed.familyId }, '2023-05-04T17:00:00.000Z')).toBe(false);
  });

  it('does not make the report that opened a case a re-report of it, before or after triage', async () => {
    const family = await familyWith([]);
    const created = await hub.query(CREATE_INTAKE, { input: { kind: 'CHILD_PROTECTION', familyId: gid('Family', family.familyId) } }, PROTECTION_WORKER);
    expect(created.data!.createIntake.intake.reReport).toBe(false);
    const triaged = await hub.query(TRIAGE, { input: { intakeId: created.data!.createIntake.intake.id, dispatchTo: 'PROTECTION', openCase: true } }, PROTECTION_WORKER);
    expect(triaged.data!.triageIntake.ok).toBe(true);
    // The case opens on today's Taipei date, the calendar the rule reads.
    const taipeiToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei' }).format(new Date());
    expect(triaged.data!.triageIntake.intake.case.openedOn).toBe(taipeiToday);
    // Another report on the day the case opened is not yet one during its service.
    expect(await report('ADULT_PROTECTION', { familyId: family.familyId })).toBe(false);
  });

  it('stores flags that the records re-derive, for every report made here', async () => {
    expect(await prisma().intake.count()).toBeGreaterThan(0);
    expect(await flagMismatches()).toEqual([]);
  });
});
