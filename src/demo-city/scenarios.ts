// Seed scenarios: a city whose records, counted by the hub's own indicator
// SQL, give a report's figures exactly (the proportional demo city only
// comes near them). The numbers come from figures.ts; what the report does
// not give is chosen here and marked "chosen".
import type { CaseKind, ContactKind } from '../generated/prisma/enums.ts';
import {
  CASES_AT_FULL_SCALE,
  CONTACTS_AT_FULL_SCALE,
  DEPOSIT_MISSED_MONTHS,
  DISABILITY_CERTIFICATES_AT_FULL_SCALE,
  NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE,
  ACCOUNT_FOLLOWUP_VISITS_AT_FULL_SCALE,
  PROTECTIVE_INTAKES_AT_FULL_SCALE,
  RE_REPORT_RATE,
  SCHOOL_REFERRALS,
  VOCATIONAL_REHABILITATION,
} from './figures.ts';

export interface Scenario {
  name: string;
  title: string;
  /** The reporting year every figure is counted over. */
  year: number;
  /** Families of the scenario's population: enough to carry the figures, far fewer than the city's. */
  families: number;
  /** Cases in service at some time during the year, by kind. */
  casesInService: Record<CaseKind, number>;
  /** Contacts of vulnerable-family cases during the year, by kind. */
  vulnerableFamilyContacts: readonly (readonly [ContactKind, number])[];
  /** Protective intakes received during the year, and how many of them were re-reports. */
  protectiveIntakes: number;
  reReports: number;
  welfare: {
    /** Disability certificates valid during the year, and needs-assessment home visits in it. */
    certificates: number;
    needsVisits: number;
    /** Development accounts, each open all year; with `missedMonths` [m, n], m of every n account-months have no deposit. */
    accounts: number;
    missedMonths: readonly [number, number];
    /** Follow-up visits during the year to households that did not deposit. */
    followupVisits: number;
  };
  /** Dropout episodes starting in the year that schools referred to counselling, and how many opened a case. */
  schoolReferrals: { referred: number; opened: number };
  /** Vocational rehabilitation referrals in the year of persons with a mental disability, and how many were placed. */
  vocationalRehabilitation: { referred: number; placed: number };
}

export const TAICHUNG_2023: Scenario = {
  name: 'taichung-2023',
  title: "Taichung's 2023 (ROC 112) report figures, exactly",
  year: 2023,
  // chosen: the 28,960 vulnerable-family cases each need a family of their own.
  families: 40_000,
  casesInService: CASES_AT_FULL_SCALE,
  vulnerableFamilyContacts: CONTACTS_AT_FULL_SCALE.VULNERABLE_FAMILY!.mix,
  protectiveIntakes: PROTECTIVE_INTAKES_AT_FULL_SCALE,
  reReports: Math.round(PROTECTIVE_INTAKES_AT_FULL_SCALE * RE_REPORT_RATE),
  welfare: {
    certificates: DISABILITY_CERTIFICATES_AT_FULL_SCALE,
    needsVisits: NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE,
    // chosen: the report gives the rate only; 2,000 accounts × 12 months = 24,000 account-months, 21,300 with a deposit.
    accounts: 2_000,
    missedMonths: DEPOSIT_MISSED_MONTHS,
    followupVisits: ACCOUNT_FOLLOWUP_VISITS_AT_FULL_SCALE,
  },
  schoolReferrals: SCHOOL_REFERRALS,
  vocationalRehabilitation: VOCATIONAL_REHABILITATION,
};

export const SCENARIOS: readonly Scenario[] = [TAICHUNG_2023];

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
