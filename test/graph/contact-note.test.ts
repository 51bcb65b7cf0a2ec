// A service contact's note and duration (issue 15, case actions). The note is
// read only by the unit that recorded the contact (for an NGO, its
// organisation: NGOs share one unit code); other units serving the family
// see that the contact happened, its kind, date and length, and get the note
// denied. Tried with the recording unit, another serving unit, two NGOs on the
// same case, bad input, and ANALYST at the core subgraph called directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const RECORD = `mutation RecordContact($input: RecordServiceContactInput!) { recordServiceContact(input: $input) {
  ok error { code message } inputErrors { field reason } serviceContact { id kind note durationMinutes } } }`;
const CONTACTS = `query Contacts($id: ID!) { case(id: $id) { contacts { unit { code } note durationMinutes } } }`;
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-note' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-note' };
const NOTE = '案母表示近期失業，經濟壓力大，已連結急難救助';

describe('service contact notes', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let socialCase: string;
  let ngoA: Caller;
  let ngoB: Caller;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    // Case 0 is SOCIAL's, case 1 HEALTH's: both serve the family.
    family = (await buildFamilies(1, { members: 2, openCases: 2, contactsPerCase: 0, referrals: 0 }))[0]!;
    socialCase = gid('Case', family.caseIds[0]!);
    const orgs = await prisma().organization.createManyAndReturn({ data: [{ name: '家扶基金會', contractRegions: [], districtCodes: [] }, { name: '世展會', contractRegions: [], districtCodes: [] }] });
    await prisma().assignment.createMany({ data: orgs.map((o) => ({ caseId: family.caseIds[0]!, organizationId: o.id, startDate: new Date('2023-02-01'), status: 'ACCEPTED' as const })) });
    ngoA = { unit: 'NGO', sub: 'w-ngo-a-note', org: orgs[0]!.id };
    ngoB = { unit: 'NGO', sub: 'w-ngo-b-note', org: orgs[1]!.id };
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const record = (caller: Caller, input: Record<string, unknown> = {}) =>
    hub.query(RECORD, { input: { caseId: socialCase, kind: 'VISIT', contactedOn: '2024-03-01', note: NOTE, durationMinutes: 45, ...input } }, caller);

  it('refuses notes and durations out of bounds, naming the field, and writes nothing', async () => {
    const errors = async (input: Record<string, unknown>) => (await record(SOCIAL, input)).data!.recordServiceContact.inputErrors;
    expect(await errors({ note: 'x'.repeat(4001), durationMinutes: 0 })).toEqual([
      { field: 'note', reason: 'must be at most 4000 characters (got 4001)' },
      { field: 'durationMinutes', reason: 'must be between 1 and 1440 minutes' },
    ]);
    expect(await errors({ durationMinutes: 1441 })).toEqual([{ field: 'durationMinutes', reason: 'must be between 1 and 1440 minutes' }]);
    expect(await errors({ durationMinutes: -5 })).toEqual([{ field: 'durationMinutes', reason: 'must be between 1 and 1440 minutes' }]);
    expect(await errors({ note: '錄音\u0000' })).toEqual([{ field: 'note', reason: 'must not contain control characters' }]);
    expect((await record(SOCIAL, { durationMinutes: 2.5 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await prisma().serviceContact.count({ where: { caseId: family.caseIds[0]! } })).toBe(0);
    // ANALYST at the core subgraph directly: refused at the door.
    const direct = await askSubgraph(core, hub, { unit: 'SOCIAL', sub: 'w-analyst-note', roles: ['ANALYST'] }, RECORD, {
      input: { caseId: socialCase, kind: 'VISIT', contactedOn: '2024-03-01', note: NOTE },
    });
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records the note and duration; only the recording unit reads the note, other serving units get it denied', async () => {
    const recorded = (await record(SOCIAL)).data!.recordServiceContact;
    expect(recorded).toMatchObject({ ok: true, serviceContact: { kind: 'VISIT', note: NOTE, durationMinutes: 45 } });
    // A contact without note or duration stays as before.
    expect((await record(SOCIAL, { note: null, durationMinutes: null, kind: 'PHONE' })).data!.recordServiceContact.serviceContact).toMatchObject({ note: null, durationMinutes: null });

    const own = await hub.query(CONTACTS, { id: socialCase }, SOCIAL);
    expect(own.errors).toBeUndefined();
    // Newest first: the phone call, then the visit.
    expect(own.data!.case.contacts).toEqual([
      { unit: { code: 'SOCIAL' }, note: null, durationMinutes: null },
      { unit: { code: 'SOCIAL' }, note: NOTE, durationMinutes: 45 },
    ]);

    // HEALTH serves the family (its own open case): it sees both contacts and their length, not what was said.
    const other = await hub.query(CONTACTS, { id: socialCase }, HEALTH);
    expect(other.data!.case.contacts).toEqual([
      { unit: { code: 'SOCIAL' }, note: null, durationMinutes: null },
      { unit: { code: 'SOCIAL' }, note: null, durationMinutes: 45 },
    ]);
    expect(other.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['FORBIDDEN', 'case.contacts.0.note'],
      ['FORBIDDEN', 'case.contacts.1.note'],
    ]);
    // The value never left the subgraph.
    expect(JSON.stringify(other)).not.toContain(NOTE);
  });

  it('tells two NGOs on the same case apart: each reads its own notes only', async () => {
    const a = (await record(ngoA, { note: '甲會家訪紀錄', kind: 'ACCOMPANIMENT' })).data!.recordServiceContact;
    expect(a).toMatchObject({ ok: true, serviceContact: { note: '甲會家訪紀錄' } });
    const row = await prisma().serviceContact.findFirstOrThrow({ where: { note: '甲會家訪紀錄' } });
    expect([row.unitCode, row.organizationId]).toEqual(['NGO', ngoA.org]);

    const notesOf = async (caller: Caller) => {
      const response = await hub.query(CONTACTS, { id: socialCase }, caller);
      const contacts = response.data!.case.contacts as { unit: { code: string }; note: string | null }[];
      return contacts.filter((c) => c.unit.code === 'NGO').map((c) => c.note);
    };
    expect(await notesOf(ngoA)).toEqual(['甲會家訪紀錄']);
    expect(await notesOf(ngoB)).toEqual([null]);
    expect(await notesOf(SOCIAL)).toEqual([null]);
  });
});
