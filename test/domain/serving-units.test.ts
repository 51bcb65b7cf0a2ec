import { describe, expect, it } from '@jest/globals';
import { composeServingUnits } from '../../src/domain/serving-units.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('composeServingUnits', () => {
  const members = new Map([
    [1, [10, 11]],
    [2, [20, 11]], // person 11 belongs to two families (shared custody)
  ]);

  it('lists cases, assignments and referrals touching the family or any current member, oldest first', () => {
    const result = composeServingUnits(
      [1, 2],
      members,
      [
        { id: 100, familyId: 1, subjectPersonId: 10, ownerUnitCode: 'SOCIAL', openedOn: d('2023-02-01') },
        { id: 101, familyId: 9, subjectPersonId: 11, ownerUnitCode: 'HEALTH', openedOn: d('2023-01-05') },
      ],
      [{ id: 500, caseId: 100, organizationId: 7, startDate: d('2023-03-01') }],
      [
        { id: 900, familyId: 2, personId: 20, toUnitCode: 'LABOR', status: 'PENDING', requestedAt: d('2023-04-01'), respondedAt: null },
        { id: 901, familyId: 1, personId: 10, toUnitCode: 'EDUCATION', status: 'ACCEPTED', requestedAt: d('2023-01-01'), respondedAt: d('2023-05-01') },
      ],
    );
    expect(result.get(1)!.map((e) => [e.involvement, e.unitCode, e.since.toISOString().slice(0, 10)])).toEqual([
      ['CASE', 'HEALTH', '2023-01-05'],
      ['CASE', 'SOCIAL', '2023-02-01'],
      ['ASSIGNMENT', 'NGO', '2023-03-01'],
      ['REFERRAL', 'EDUCATION', '2023-05-01'],
    ]);
    expect(result.get(2)!.map((e) => [e.involvement, e.unitCode])).toEqual([
      ['CASE', 'HEALTH'],
      ['REFERRAL', 'LABOR'],
    ]);
  });

  it('returns an empty list for a family nobody serves', () => {
    expect(composeServingUnits([3], new Map([[3, [30]]]), [], [], []).get(3)).toEqual([]);
  });
});
