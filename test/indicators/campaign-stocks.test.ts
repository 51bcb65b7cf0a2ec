// Cases in service over a campaign's days are published only after the
// hub's attack, run again with every campaign of the year, pins nothing
// (src/indicators/campaign-stocks.ts). Pure: hand-made tables of two places,
// the solver, no database.
import { describe, expect, it } from '@jest/globals';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import { auditedCampaignFigures, campaignRelations, countKey, countsCasesInService, type CampaignDays } from '../../src/indicators/campaign-stocks.ts';
import { attackKey } from '../../src/indicators/disclosure-audit.ts';
import type { YearTables } from '../../src/indicators/disclosure-repair.ts';
import { periodKey, periodsOfYear } from '../../src/indicators/year-cube.ts';

const SUICIDE = indicatorById('CASES_SUICIDE')!;
const K = 5;
const day = (text: string) => new Date(`${text}T00:00:00Z`);

/**
 * A year of two places: A holds `a` cases open all year, shown in every
 * period; B holds `b` cases open in January only, hidden, as is every city
 * cell — so the year alone leaves B's cells free (the city is unknown).
 */
function year(a: number, b: number): YearTables {
  const periods = new Map(
    periodsOfYear(2023).map((p) => {
      const inB = p.fromMonth === 1 ? b : 0;
      return [periodKey(p), {
        total: { key: 'total', numerator: a + inB, denominator: null, suppressed: true },
        districts: [
          { key: 'A', numerator: a, denominator: null, suppressed: false },
          { key: 'B', numerator: inB, denominator: null, suppressed: true },
        ],
      }];
    }),
  );
  return new Map([[SUICIDE.id, periods]]);
}

describe('cases in service over campaigns', () => {
  const lunarNewYear: CampaignDays = { id: 1, from: day('2023-01-10'), to: day('2023-01-20') };

  it('are the case-work counts of what lasts', () => {
    expect(countsCasesInService(SUICIDE)).toBe(true);
    expect(countsCasesInService(indicatorById('VULNERABLE_FAMILY_SERVICES')!)).toBe(true);
    expect(countsCasesInService(indicatorById('VULNERABLE_FAMILY_CONTACTS_PHONE')!)).toBe(false);
    expect(countsCasesInService(indicatorById('INTAKE_TRIAGED_WITHIN_24H')!)).toBe(false);
  });

  it('hide a campaign whose city figure, with the shown cells around it, proves a hidden place non-empty', async () => {
    // The campaign lies in January: A holds at most its January (20) of it, so a city figure of 22 puts 2 in B.
    const counts = new Map([[countKey(SUICIDE.id, 1, 'A'), 20], [countKey(SUICIDE.id, 1, 'B'), 2]]);
    expect(await auditedCampaignFigures(SUICIDE, 2023, year(20, 2), [lunarNewYear], counts, K)).toEqual(new Map([[1, null]]));
  });

  it('show it when it tells nothing: the same figure with nobody in B, and a figure below k never', async () => {
    const nobody = new Map([[countKey(SUICIDE.id, 1, 'A'), 20]]);
    expect(await auditedCampaignFigures(SUICIDE, 2023, year(20, 0), [lunarNewYear], nobody, K)).toEqual(new Map([[1, 20]]));
    const few = new Map([[countKey(SUICIDE.id, 1, 'A'), 3]]);
    expect(await auditedCampaignFigures(SUICIDE, 2023, year(3, 0), [lunarNewYear], few, K)).toEqual(new Map([[1, null]]));
  });

  it('relate a campaign to the periods around and inside it, to other campaigns, and to two spans covering it', () => {
    const spring: CampaignDays = { id: 2, from: day('2023-02-01'), to: day('2023-03-31') };
    const relations = campaignRelations(SUICIDE, 2023, ['A'], [lunarNewYear, spring]);
    const has = (terms: [string, number][], lower: number, upper: number) =>
      relations.some((r) => r.lower === lower && r.upper === upper && r.terms.length === terms.length && terms.every(([key, c]) => r.terms.some(([k, v]) => k === key && v === c)));
    const cell = (period: string, place = 'A') => attackKey(SUICIDE.id, 'N', period, place);
    const jan = periodKey({ year: 2023, quarter: null, month: 1 });
    const feb = periodKey({ year: 2023, quarter: null, month: 2 });
    const q1 = periodKey({ year: 2023, quarter: 1, month: null });
    // The districts add up to the city.
    expect(has([[cell('campaign:1', 'total'), 1], [cell('campaign:1'), -1]], 0, 0)).toBe(true);
    // January is around the Lunar New Year campaign: at least as many.
    expect(has([[cell(jan), 1], [cell('campaign:1'), -1]], 0, Infinity)).toBe(true);
    // February lies inside the spring campaign: at most as many.
    expect(has([[cell('campaign:2'), 1], [cell(feb), -1]], 0, Infinity)).toBe(true);
    // The first quarter is covered by January and the spring campaign: at most their sum.
    expect(has([[cell(jan), 1], [cell('campaign:2'), 1], [cell(q1), -1]], 0, Infinity)).toBe(true);
    // The spring campaign does not lie in January, nor January in it.
    expect(has([[cell(jan), 1], [cell('campaign:2'), -1]], 0, Infinity)).toBe(false);
  });
});
