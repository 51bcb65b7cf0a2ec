// Cases in service over a campaign's days are published only after the
// hub's attack, run again with every campaign of the year, pins nothing
// (src/indicators/campaign-stocks.ts). Pure: hand-made tables of two places,
// the solver, no database.
import { describe, expect, it } from '@jest/globals';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import {
  addCampaignCells,
  auditedCampaignFigures,
  auditedOverCampaigns,
  campaignEventRelations,
  campaignRelations,
  countKey,
  countsCasesInService,
  countsEventsOverWhatLasts,
  type CampaignAttack,
  type CampaignDays,
} from '../../src/indicators/campaign-stocks.ts';
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
    const counts = new Map([[countKey(SUICIDE.id, 'N', 1, 'A'), 20], [countKey(SUICIDE.id, 'N', 1, 'B'), 2]]);
    expect(await auditedCampaignFigures(SUICIDE, 2023, year(20, 2), [lunarNewYear], counts, K)).toEqual(new Map([[1, null]]));
  });

  it('show it when it tells nothing: the same figure with nobody in B, and a figure below k never', async () => {
    const nobody = new Map([[countKey(SUICIDE.id, 'N', 1, 'A'), 20]]);
    expect(await auditedCampaignFigures(SUICIDE, 2023, year(20, 0), [lunarNewYear], nobody, K)).toEqual(new Map([[1, { numerator: 20, denominator: null }]]));
    const few = new Map([[countKey(SUICIDE.id, 'N', 1, 'A'), 3]]);
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

const NEEDS_ASSESSMENT = indicatorById('DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE')!;

/**
 * A year of visits over certificates in two places: A makes 20 visits in
 * January over 100 certificates valid all year, shown in every period; B
 * makes `visits` in January over `certificates` valid all year, hidden, as
 * is every city cell.
 */
function visitsYear(visits: number, certificates: number): YearTables {
  const cell = (key: string, numerator: number, denominator: number, suppressed: boolean) => ({ key, numerator, denominator, suppressed });
  const periods = new Map(
    periodsOfYear(2023).map((p) => {
      const inJanuary = (n: number) => (p.fromMonth === 1 ? n : 0);
      return [periodKey(p), { total: cell('total', inJanuary(20 + visits), 100 + certificates, true), districts: [cell('A', inJanuary(20), 100, false), cell('B', inJanuary(visits), certificates, true)] }];
    }),
  );
  return new Map([[NEEDS_ASSESSMENT.id, periods]]);
}

describe('a rate of visits over certificates valid, over campaigns', () => {
  const lunarNewYear: CampaignDays = { id: 1, from: day('2023-01-10'), to: day('2023-01-20') };
  const counts = (a: [number, number], b: [number, number]) =>
    new Map([
      [countKey(NEEDS_ASSESSMENT.id, 'N', 1, 'A'), a[0]],
      [countKey(NEEDS_ASSESSMENT.id, 'D', 1, 'A'), a[1]],
      [countKey(NEEDS_ASSESSMENT.id, 'N', 1, 'B'), b[0]],
      [countKey(NEEDS_ASSESSMENT.id, 'D', 1, 'B'), b[1]],
    ]);

  it('is the needs-assessment rate only: events over what lasts', () => {
    expect(countsEventsOverWhatLasts(NEEDS_ASSESSMENT)).toBe(true);
    expect(auditedOverCampaigns(NEEDS_ASSESSMENT)).toBe(true);
    for (const id of ['DEVELOPMENT_ACCOUNT_DEPOSIT_RATE', 'SCHOOL_REFERRALS_OPENED', 'INTAKE_TRIAGED_WITHIN_24H', 'VULNERABLE_FAMILIES_WITH_DROPOUT', 'RELEASE_TRANSITION_FAMILIES_ON_WELFARE', 'CASES_SUICIDE']) {
      expect([id, countsEventsOverWhatLasts(indicatorById(id)!)]).toEqual([id, false]);
    }
  });

  it('hides a campaign whose visits, with the shown months around them, prove a hidden place visited', async () => {
    // The campaign lies in January: A made at most its 20 January visits in it, so 22 in the city puts 2 in B.
    // B's 10 certificates are no target (k or more): only the visits give B away.
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(2, 10), [lunarNewYear], counts([20, 100], [2, 10]), K)).toEqual(new Map([[1, null]]));
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(0, 10), [lunarNewYear], counts([20, 100], [0, 10]), K)).toEqual(new Map([[1, { numerator: 20, denominator: 110 }]]));
  });

  it('shows it, numerator and denominator, when it tells nothing; never with a part below k', async () => {
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(0, 0), [lunarNewYear], counts([20, 100], [0, 0]), K)).toEqual(new Map([[1, { numerator: 20, denominator: 100 }]]));
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(0, 0), [lunarNewYear], counts([3, 100], [0, 0]), K)).toEqual(new Map([[1, null]]));
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(0, 0), [lunarNewYear], counts([20, 4], [0, 0]), K)).toEqual(new Map([[1, null]]));
  });

  it('publishes nothing when the campaign counts contradict the year (a change not yet in its buckets)', async () => {
    // B holds 9 certificates over the campaign but none in January, around it: no table satisfies both.
    expect(await auditedCampaignFigures(NEEDS_ASSESSMENT, 2023, visitsYear(0, 0), [lunarNewYear], counts([20, 100], [2, 9]), K)).toEqual(new Map([[1, null]]));
  });

  it('ties visits over a campaign to the months exactly, through pieces of days published nowhere', () => {
    const newYear: CampaignDays = { id: 1, from: day('2023-01-10'), to: day('2023-02-16') };
    const { pieces, relations } = campaignEventRelations(NEEDS_ASSESSMENT, 2023, ['A'], [newYear]);
    const piece = (days: string, place = 'A') => attackKey(NEEDS_ASSESSMENT.id, 'N', `days:${days}`, place);
    const has = (terms: [string, number][]) =>
      relations.some((r) => r.lower === 0 && r.upper === 0 && r.terms.length === terms.length && terms.every(([key, c]) => r.terms.some(([k, v]) => k === key && v === c)));
    const cell = (period: string, place = 'A') => attackKey(NEEDS_ASSESSMENT.id, 'N', period, place);
    // The year cut at every month and at the campaign's first day and after its last: 14 pieces per place.
    expect(pieces.filter((key) => key.endsWith('|A'))).toHaveLength(14);
    expect(has([[cell('campaign:1'), 1], [piece('2023-01-10..2023-01-31'), -1], [piece('2023-02-01..2023-02-16'), -1]])).toBe(true);
    expect(has([[cell(periodKey({ year: 2023, quarter: null, month: 1 })), 1], [piece('2023-01-01..2023-01-09'), -1], [piece('2023-01-10..2023-01-31'), -1]])).toBe(true);
    expect(has([[cell(periodKey({ year: 2023, quarter: null, month: 2 })), 1], [piece('2023-02-01..2023-02-16'), -1], [piece('2023-02-17..2023-02-28'), -1]])).toBe(true);
    expect(has([[piece('2023-12-01..2023-12-31', 'total'), 1], [piece('2023-12-01..2023-12-31'), -1]])).toBe(true);
  });
});

describe('the cross-agency indicators over campaigns', () => {
  const WITH_DROPOUT = indicatorById('VULNERABLE_FAMILIES_WITH_DROPOUT')!;
  const lunarNewYear: CampaignDays = { id: 1, from: day('2023-01-10'), to: day('2023-02-16') };

  it('are audited over campaigns, their families related as what only grows (numerator) and what lasts (denominator)', () => {
    expect(auditedOverCampaigns(WITH_DROPOUT)).toBe(true);
    expect(auditedOverCampaigns(indicatorById('RELEASE_TRANSITION_FAMILIES_ON_WELFARE')!)).toBe(true);
    const attack: CampaignAttack = { published: new Map(), truth: new Map(), relations: [], targets: [] };
    addCampaignCells(WITH_DROPOUT, 2023, ['A'], [lunarNewYear], (measure) => (measure === 'N' ? 2 : 40), new Map([[1, null]]), attack, K);
    const jan = periodKey({ year: 2023, quarter: null, month: 1 });
    const feb = periodKey({ year: 2023, quarter: null, month: 2 });
    const q1 = periodKey({ year: 2023, quarter: 1, month: null });
    const coveredBy = (measure: 'N' | 'D') =>
      attack.relations.some((r) => r.terms.length === 3 && [jan, feb, 'campaign:1'].every((period) => r.terms.some(([key]) => key === attackKey(WITH_DROPOUT.id, measure, period, 'A'))));
    // The families served over the campaign are at most January's and February's together; those with a dropout are not: a
    // family served in January whose member dropped out in February counts over both months and in neither alone.
    expect(coveredBy('D')).toBe(true);
    expect(coveredBy('N')).toBe(false);
    // Both are at most the quarter around the campaign, and the numerator at most the denominator (its families are some of them).
    for (const measure of ['N', 'D'] as const) {
      expect(attack.relations.some((r) => r.terms.length === 2 && r.terms.some(([key, c]) => key === attackKey(WITH_DROPOUT.id, measure, q1, 'A') && c === 1))).toBe(true);
    }
    expect(attack.relations.some((r) => r.terms.length === 2 && r.terms.some(([key, c]) => key === attackKey(WITH_DROPOUT.id, 'D', 'campaign:1', 'A') && c === 1) && r.terms.some(([key, c]) => key === attackKey(WITH_DROPOUT.id, 'N', 'campaign:1', 'A') && c === -1))).toBe(true);
    // The hidden district counts below k are targets; the city's figure of 2 is below k and hidden too.
    expect(attack.targets).toContain(attackKey(WITH_DROPOUT.id, 'N', 'campaign:1', 'A'));
    expect(attack.targets).toContain(attackKey(WITH_DROPOUT.id, 'N', 'campaign:1', 'total'));
  });
});
