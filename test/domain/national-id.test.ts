import { describe, expect, it } from '@jest/globals';
import { makeNationalId, validateNationalId } from '../../src/domain/national-id.ts';

describe('validateNationalId', () => {
  it.each([
    ['A123456789', 'NATIONAL', 'MALE'],
    ['B223456782', 'NATIONAL', 'FEMALE'],
    ['A800000014', 'RESIDENT_NEW', 'MALE'],
    ['AC01234567', 'RESIDENT_OLD', 'MALE'],
    ['ａ１２３４５６７８９', 'NATIONAL', 'MALE'],
    [' a123456789 ', 'NATIONAL', 'MALE'],
  ])('accepts %s as %s %s', (raw, kind, sex) => {
    expect(validateNationalId(raw)).toMatchObject({ ok: true, kind, sex });
  });

  it.each([
    ['A123456788', 'check digit does not match'],
    ['A12345678', 'must be 10 characters (got 9)'],
    ['1123456789', 'must start with a letter A–Z'],
    ['A323456789', 'second character must be 1 or 2 (national ID), 8 or 9 (resident certificate) or A–D (old resident certificate)'],
    ['A1234567X9', 'the last 8 characters must be digits'],
  ])('refuses %s: %s', (raw, reason) => {
    expect(validateNationalId(raw)).toEqual({ ok: false, reason });
  });

  it('accepts every number makeNationalId builds, of every kind', () => {
    for (const [letter, second] of [['B', '1'], ['L', '2'], ['B', '8'], ['L', '9'], ['B', 'A'], ['L', 'D']] as const) {
      for (const serial of [0, 1, 4_242_424, 9_999_999]) {
        const id = makeNationalId(letter, second, serial);
        expect({ id, ok: validateNationalId(id).ok }).toEqual({ id, ok: true });
      }
    }
  });
});
