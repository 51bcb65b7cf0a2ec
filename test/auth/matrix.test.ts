// The authorization matrix: every unit and role × the sensitive core fields,
// on a family every unit serves and on one nobody serves, checked against the
// hand-written expectations in expectations/core-sensitive-fields.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { UnitCode } from '../../src/domain/codes.ts';
import { buildFamilies, day, ensureWorker, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';
import { EXPECTATIONS, SENSITIVE_FIELDS, type FieldOutcomes, type Outcome } from './expectations/core-sensitive-fields.ts';

const STORED = { name: '王大明', birthDate: '1979-05-04', address: '臺中市西屯區測試路{n}號' };
const MASKED = { name: '王○明', birthDate: '1979', address: '臺中市西屯區' };
const NATIONAL_IDS = { served: ['A123456789', 'A12****789'], unserved: ['B223456782', 'B22****782'] } as const;

/** Units whose referral about the served family is still pending: they only decide on it. */
const PENDING_FOR = ['CIVIL_AFFAIRS', 'INDIGENOUS'];

const VIEW = `query ($id: ID!) { family(id: $id) {
  address cases { kind } referrals { reason } servingUnits { unit { code } } intakes { kind }
  members { person { name nationalId birthDate address } } } }`;

function callerFor(label: string, org: number): Caller {
  const [unit, role] = label.split(' ') as [UnitCode, string];
  const roles = role === 'supervisor' ? ['SUPERVISOR' as const] : role === 'analyst' ? ['ANALYST' as const] : role === 'auditor' ? ['AUDITOR' as const] : ['CASEWORKER' as const];
  return { unit, sub: `w-${label.replace(/\W+/g, '-')}`, roles, ...(unit === 'NGO' ? { org } : {}) };
}

describe('authorization matrix', () => {
  let hub: TestHub;
  let served: BuiltFamily;
  let unserved: BuiltFamily;
  let org: number;

  beforeAll(async () => {
    hub = await startTestHub();
    [served, unserved] = (await buildFamilies(2, { members: 1, openCases: 0, contactsPerCase: 0, referrals: 0 })) as [BuiltFamily, BuiltFamily];
    for (const [family, which] of [[served, 'served'], [unserved, 'unserved']] as const) {
      await prisma().person.update({
        where: { id: family.personIds[0]! },
        data: { name: STORED.name, nationalId: NATIONAL_IDS[which][0], birthDate: day(STORED.birthDate) },
      });
    }
    // Every unit is related to `served`: open cases of four units, accepted referrals to three more,
    // pending referrals (to decide on) to two, an NGO assignment.
    const worker = await ensureWorker('SOCIAL');
    const cases = await prisma().case.createManyAndReturn({
      data: (['SOCIAL', 'PROTECTION', 'HEALTH', 'POLICE'] as const).map((unit, i) => ({
        kind: (['VULNERABLE_FAMILY', 'CHILD_PROTECTION', 'MENTAL_HEALTH', 'AT_RISK_YOUTH'] as const)[i]!,
        status: 'OPEN' as const, familyId: served.familyId, subjectPersonId: served.personIds[0]!, ownerUnitCode: unit, districtCode: 'XITUN', openedOn: day('2023-02-01'),
      })),
    });
    await prisma().referral.createMany({
      data: ['EDUCATION', 'LABOR', 'JUSTICE', 'CIVIL_AFFAIRS', 'INDIGENOUS'].map((toUnitCode) => ({
        familyId: served.familyId, personId: served.personIds[0]!, fromUnitCode: 'SOCIAL', toUnitCode, reason: '網絡合作', requestedBy: worker,
        status: PENDING_FOR.includes(toUnitCode) ? ('PENDING' as const) : ('ACCEPTED' as const), sentWhileServing: true,
      })),
    });
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: ['三屯'], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: cases[0]!.id, organizationId: org, startDate: day('2023-02-01') } });
  });
  afterAll(() => hub.stop());

  function outcomeOf(field: string, value: unknown, errors: { path?: (string | number)[]; extensions?: Record<string, unknown> }[], familyId: number, which: 'served' | 'unserved'): Outcome | 'unexpected' {
    const denied = errors.some((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.[e.path.length - 1] === field.split('.')[1]);
    if (denied && value === null) return 'denied';
    const key = field.split('.')[1]!;
    if (Array.isArray(value)) return 'plain';
    if (key === 'nationalId') return value === NATIONAL_IDS[which][0] ? 'plain' : value === NATIONAL_IDS[which][1] ? 'masked' : 'unexpected';
    if (key in STORED) {
      const stored = STORED[key as keyof typeof STORED].replace('{n}', String(familyId));
      if (value === stored) return 'plain';
      if (value === MASKED[key as keyof typeof MASKED]) return 'masked';
    }
    return 'unexpected';
  }

  for (const [label, expectation] of Object.entries(EXPECTATIONS)) {
    for (const which of ['served', 'unserved'] as const) {
      it(`${label} on the family ${which === 'served' ? 'every unit serves' : 'nobody serves'}`, async () => {
        const family = which === 'served' ? served : unserved;
        const response = await hub.query(VIEW, { id: gid('Family', family.familyId) }, callerFor(label, org));
        const expected = expectation[which];
        if (expected === 'hidden') {
          expect(response).toEqual({ data: { family: null } });
          return;
        }
        if (expected === 'root-denied') {
          expect(response.data?.family).toBeNull();
          expect(response.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['family', 'FORBIDDEN']]);
          return;
        }
        const familyData = response.data!.family;
        const person = familyData.members[0].person;
        const actual = Object.fromEntries(
          SENSITIVE_FIELDS.map((field) => {
            const [owner, name] = field.split('.') as ['person' | 'family', string];
            const value = (owner === 'person' ? person : familyData)[name];
            return [field, outcomeOf(field, value, response.errors ?? [], family.familyId, which)];
          }),
        );
        expect(actual as FieldOutcomes).toEqual(expected);
      });
    }
  }
});
