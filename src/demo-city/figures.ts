// The 2023 (ROC 112) figures of DOMAIN.md the whole-city demo reproduces in
// proportion. Kinds the report does not count are given plausible sizes,
// marked "assumed".
import { PROTECTIVE_KINDS } from '../domain/re-report.ts';
import type { CaseKind, ContactKind } from '../generated/prisma/enums.ts';

export const FAMILIES_AT_FULL_SCALE = 1_050_000;
export const CITY_POPULATION = 2_850_000;

/** Disability certificates valid in 2023 and needs-assessment home visits that year (20.8%). */
export const DISABILITY_CERTIFICATES_AT_FULL_SCALE = 32_189;
export const NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE = 6_689;

export const CASES_AT_FULL_SCALE: Record<CaseKind, number> = {
  VULNERABLE_FAMILY: 28_960,
  ADULT_PROTECTION: 3_955,
  MENTAL_HEALTH: 5_932,
  SUICIDE: 5_607,
  MENTAL_HEALTH_SUICIDE: 860,
  DRUG_ADDICTION: 3_823,
  DV_OFFENDER_TREATMENT: 466,
  SEX_OFFENDER_TREATMENT: 922,
  FAMILY_MEDIATION: 201,
  AT_RISK_YOUTH: 58,
  DISABILITY_NEEDS_ASSESSMENT: NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE,
  CHILD_PROTECTION: 6_000, // assumed
  SEXUAL_ASSAULT: 1_500, // assumed
  EARLY_INTERVENTION: 3_000, // assumed
};

/** Service contacts per case kind (the report's person-times and visits), and their mix of kinds. */
export const CONTACTS_AT_FULL_SCALE: Partial<Record<CaseKind, { total: number; mix: readonly (readonly [ContactKind, number])[] }>> = {
  VULNERABLE_FAMILY: {
    total: 80_948,
    mix: [['PHONE', 27_205], ['VISIT', 22_236], ['ACCOMPANIMENT', 1_065], ['NETWORK_CONTACT', 26_042], ['FAMILY_CALL', 2_108], ['OTHER', 2_292]],
  },
  ADULT_PROTECTION: { total: 41_646, mix: [['PHONE', 40], ['VISIT', 30], ['ACCOMPANIMENT', 10], ['NETWORK_CONTACT', 20]] },
  MENTAL_HEALTH: { total: 53_742, mix: [['VISIT', 60], ['PHONE', 35], ['NETWORK_CONTACT', 5]] },
  SUICIDE: { total: 33_432, mix: [['PHONE', 60], ['VISIT', 35], ['NETWORK_CONTACT', 5]] },
  MENTAL_HEALTH_SUICIDE: { total: 25_554, mix: [['VISIT', 55], ['PHONE', 40], ['NETWORK_CONTACT', 5]] },
  DRUG_ADDICTION: { total: 22_414, mix: [['PHONE', 50], ['VISIT', 45], ['NETWORK_CONTACT', 5]] },
};

/** Owning unit of each case kind. */
export const OWNER_UNIT: Record<CaseKind, string> = {
  VULNERABLE_FAMILY: 'SOCIAL',
  FAMILY_MEDIATION: 'SOCIAL',
  DISABILITY_NEEDS_ASSESSMENT: 'SOCIAL',
  EARLY_INTERVENTION: 'SOCIAL',
  CHILD_PROTECTION: 'PROTECTION',
  ADULT_PROTECTION: 'PROTECTION',
  SEXUAL_ASSAULT: 'PROTECTION',
  MENTAL_HEALTH: 'HEALTH',
  SUICIDE: 'HEALTH',
  MENTAL_HEALTH_SUICIDE: 'HEALTH',
  DRUG_ADDICTION: 'HEALTH',
  DV_OFFENDER_TREATMENT: 'HEALTH',
  SEX_OFFENDER_TREATMENT: 'HEALTH',
  AT_RISK_YOUTH: 'POLICE',
};

/** Age range of the member a case is about. */
export const SUBJECT_AGES: Record<CaseKind, readonly [number, number]> = {
  VULNERABLE_FAMILY: [18, 90],
  FAMILY_MEDIATION: [20, 70],
  DISABILITY_NEEDS_ASSESSMENT: [0, 95],
  EARLY_INTERVENTION: [0, 6],
  CHILD_PROTECTION: [0, 17],
  ADULT_PROTECTION: [18, 90],
  SEXUAL_ASSAULT: [6, 60],
  MENTAL_HEALTH: [15, 85],
  SUICIDE: [12, 85],
  MENTAL_HEALTH_SUICIDE: [15, 85],
  DRUG_ADDICTION: [16, 65],
  DV_OFFENDER_TREATMENT: [20, 75],
  SEX_OFFENDER_TREATMENT: [18, 75],
  AT_RISK_YOUTH: [12, 18],
};

export const RISK_ASSESSED_KINDS: readonly CaseKind[] = ['VULNERABLE_FAMILY', ...PROTECTIVE_KINDS];

/** Protective intakes per year (assumed) and the reported re-report rate (src/domain/re-report.ts says what a re-report is). */
export const PROTECTIVE_INTAKES_AT_FULL_SCALE = 20_000;
export const RE_REPORT_RATE = 0.0551;

/** Share of cases with an NGO assignment, by kind. */
export const NGO_ASSIGNED_SHARE: Partial<Record<CaseKind, number>> = { VULNERABLE_FAMILY: 0.4, ADULT_PROTECTION: 0.5 };

/** Share of served families with a referral between units. */
export const REFERRAL_SHARE = 0.05;

/** Children's development accounts: 88.75% of account-months with a deposit, i.e. 9 of every 80 without one. */
export const DEPOSIT_MISSED_MONTHS = [9, 80] as const;
/** Follow-up visits to households that did not deposit. */
export const ACCOUNT_FOLLOWUP_VISITS_AT_FULL_SCALE = 2_050;

/** Dropout episodes referred to counselling by schools, and how many opened a case (453 / 457 = 99.12%). */
export const SCHOOL_REFERRALS = { referred: 457, opened: 453 } as const;

/** Vocational rehabilitation of persons with a mental disability: referred, and placed in employment (67 / 140 = 47.86%). */
export const VOCATIONAL_REHABILITATION = { referred: 140, placed: 67 } as const;
