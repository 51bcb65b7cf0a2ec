// Who reads welfare data: the Social Affairs Bureau (data owner) always; units
// serving the family while they do (HEALTH sees the welfare status of the
// families in its open mental-health cases), with subsidy and deposit amounts
// as a band and account numbers withheld; NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type FieldRule, type PolicyTable } from '../../src/policy/types.ts';
import { dayRangePolicy, indicatorPolicy } from '../../src/indicators/graphql-types.ts';
import { FRESHNESS_FIELDS } from '../kit/freshness.ts';

const WELFARE = { others: 'DENY', related: 'ALLOW', units: { SOCIAL: 'ALLOW', NGO: 'DENY' } } as const satisfies FieldRule;
const AMOUNT_BAND = { others: 'MASK', units: { SOCIAL: 'ALLOW' }, mask: 'amountRange' } as const satisfies FieldRule;
const OWNER_ONLY = { others: 'DENY', units: { SOCIAL: 'ALLOW' } } as const satisfies FieldRule;

export const welfarePolicy: PolicyTable = {
  ...indicatorPolicy(['key', 'welfareIndicators', 'releaseTransitionCohort', 'welfareCrossAgencyIndicators']),
  ...dayRangePolicy(['key', 'welfareIndicators', 'releaseTransitionCohort', 'welfareCrossAgencyIndicators']),
  // Social welfare's worklist: its own records, its caseworkers, supervisors and admins.
  Query: { developmentAccountsToVisit: { others: 'DENY', units: { SOCIAL: 'ALLOW' }, roles: ['CASEWORKER', 'SUPERVISOR', 'ADMIN'] } },
  DevelopmentAccountsToVisit: allowAll(['totalCount', 'entries']),
  DevelopmentAccountToVisit: allowAll(['person', 'accountNo', 'lastDepositMonth', 'monthsWithout', 'district']),
  Person: {
    id: ALLOW_ALL,
    welfareStatuses: WELFARE,
    welfareSubsidies: WELFARE,
    developmentAccountDeposits: WELFARE,
    developmentAccountFollowupVisits: WELFARE,
    disabilityCertificates: WELFARE,
    needsAssessmentVisits: WELFARE,
  },
  WelfareStatus: allowAll(['kind', 'validFrom', 'validTo', ...FRESHNESS_FIELDS]),
  WelfareSubsidy: {
    ...allowAll(['kindCode', 'kindLabelEn', 'kindLabelZh', 'fromMonth', 'toMonth', ...FRESHNESS_FIELDS]),
    monthlyAmount: AMOUNT_BAND,
  },
  WelfareDevelopmentAccountDeposit: {
    ...allowAll(['openedOn', 'month', 'deposited', ...FRESHNESS_FIELDS]),
    accountNo: OWNER_ONLY,
    amount: AMOUNT_BAND,
  },
  WelfareAccountFollowupVisit: {
    ...allowAll(['missedMonth', 'visitDate', ...FRESHNESS_FIELDS]),
    accountNo: OWNER_ONLY,
  },
  WelfareDisabilityCertificate: allowAll([
    'categoryCode',
    'categoryLabelEn',
    'categoryLabelZh',
    'levelCode',
    'levelLabelEn',
    'levelLabelZh',
    'validFrom',
    'validTo',
    ...FRESHNESS_FIELDS,
  ]),
  WelfareNeedsAssessmentVisit: allowAll(['visitDate', ...FRESHNESS_FIELDS]),
};
