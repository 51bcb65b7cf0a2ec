import { describe, expect, it } from '@jest/globals';
import { mapMember } from './mapping.ts';
import type { AgencyMemberRow } from './source.ts';

const row = (overrides: Partial<AgencyMemberRow> = {}): AgencyMemberRow => ({
  row_id: 1, hh_no: 'H00000001', id_no: 'A123456789', nm: '王大明', birth_roc: '0680504', rel_cd: '01',
  addr: '臺中市西屯區福星路１２號', town_cd: '6600600', reg_roc: '100/01/02', upd_ts: new Date('2024-01-01T00:00:00Z'), upd_ts_exact: '2024-01-01 00:00:00+00', ...overrides,
});

describe('household registration mapping', () => {
  it('reads the agency row into a registration', () => {
    expect(mapMember(row())).toEqual({
      ok: true,
      member: {
        sourceKey: 'H00000001:A123456789', householdNumber: 'H00000001', nationalId: 'A123456789', name: '王大明',
        birthDate: new Date('1979-05-04T00:00:00Z'), dataQuality: [], relationship: 'HEAD', address: '臺中市西屯區福星路12號', districtCode: 'XITUN',
        registeredOn: new Date('2011-01-02T00:00:00Z'), sourceUpdatedAt: new Date('2024-01-01T00:00:00Z'),
      },
    });
  });

  it('cleans full-width IDs and names', () => {
    const result = mapMember(row({ id_no: 'ａ１２３４５６７８９', nm: '王　大明' }));
    expect(result.ok && [result.member.nationalId, result.member.name]).toEqual(['A123456789', '王大明']);
  });

  it.each<[Partial<AgencyMemberRow>, string]>([
    [{ birth_roc: '112/02/30', id_no: null }, 'birth_roc: "112/02/30" is not a date in the calendar'],
    [{ birth_roc: '112/02/30', id_no: 'A123456788' }, 'birth_roc: "112/02/30" is not a date in the calendar'],
    [{ rel_cd: '99' }, 'rel_cd: unknown relationship code "99"'],
    [{ town_cd: '1234567' }, 'town_cd: unknown district code "1234567"'],
    [{ hh_no: ' ' }, 'hh_no: household number is missing'],
    [{ reg_roc: 'soon' }, 'reg_roc: "soon" is not an ROC date (e.g. 112/03/05)'],
  ])('refuses bad row %# with its reason', (overrides, reason) => {
    expect(mapMember(row(overrides))).toEqual({ ok: false, sourceKey: expect.any(String), reason });
  });

  it('stores a row whose only broken field is the birth date when a valid ID can link it, with a data-quality note', () => {
    expect(mapMember(row({ birth_roc: '112/02/30' }))).toMatchObject({
      ok: true,
      member: { birthDate: null, dataQuality: ['birth_roc: "112/02/30" is not a date in the calendar (linked by national ID and name)'] },
    });
  });
});
