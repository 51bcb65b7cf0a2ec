// The welfare-subsidies subgraph: statuses, subsidies, development-account
// deposits and follow-up visits, disability certificates and needs-assessment
// visits added to Person, each list batched per request by one DataLoader.
import { prisma } from '../../src/db/prisma.ts';
import type {
  WelfareAccountFollowupVisit,
  WelfareDevelopmentAccountDeposit,
  WelfareDisabilityCertificate,
  WelfareNeedsAssessmentVisit,
  WelfareStatus,
  WelfareSubsidy,
} from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { freshnessFields } from '../kit/freshness.ts';
import { extendIndicatorReport } from '../kit/indicators.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, personRowsLoader } from '../kit/subgraph-builder.ts';
import { DISABILITY_CATEGORIES, DISABILITY_LEVELS, SUBSIDY_KINDS } from './mapping.ts';
import { welfarePolicy } from './policy.ts';
import { releaseFamiliesOnWelfareCounts, releaseFamiliesOnWelfareOverCampaigns, welfareCampaignCounts, welfareDayCounts, welfareIndicatorCounts } from './indicators.ts';
import { CONNECTOR } from './sync.ts';
import { accountsToVisit, MONTHS_WITHOUT, type AccountToVisit, type AccountsToVisitPage } from './deposit-worklist.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { CONNECTOR_CADENCES } from '../cadences.ts';

/** The welfare system exports monthly: a source not synced for 35 days is stale. */
const FRESHNESS = { connector: CONNECTOR, source: 'Social Affairs Bureau, social assistance section (社會救助科), file exports', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };

const builder = createSubgraphBuilder();
builder.queryType({ description: 'Adds welfare statuses, subsidies, development accounts and disability records to Person; one entry point, the development-account households to visit (SOCIAL).' });

const StatusKindEnum = builder.enumType('WelfareStatusKind', {
  description: 'Household welfare status.',
  values: {
    LOW_INCOME: { description: 'Low-income household (低收入戶)' },
    MIDDLE_LOW_INCOME: { description: 'Middle-low-income household (中低收入戶)' },
  },
});

const StatusRef = builder.objectRef<WelfareStatus>('WelfareStatus').implement({
  description: 'A low- or middle-low-income status for a period, as the Social Affairs Bureau approved it.',
  fields: (t) => ({
    kind: t.field({ type: StatusKindEnum, nullable: true, description: 'Which status.', resolve: (s) => s.kind }),
    validFrom: t.field({ type: 'Date', nullable: true, description: 'First day of the approval.', resolve: (s) => s.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, description: 'Last day of the approval; null while open.', resolve: (s) => s.validTo }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const SubsidyRef = builder.objectRef<WelfareSubsidy>('WelfareSubsidy').implement({
  description: 'A subsidy granted to a person: kind, monthly amount and period.',
  fields: (t) => ({
    kindCode: t.exposeString('kindCode', { nullable: true, description: 'Subsidy code of the welfare system (補助項目代碼).' }),
    kindLabelEn: t.string({ nullable: true, description: 'Subsidy kind in English.', resolve: (s) => SUBSIDY_KINDS[s.kindCode]?.en ?? null }),
    kindLabelZh: t.string({ nullable: true, description: 'Subsidy kind in Chinese.', resolve: (s) => SUBSIDY_KINDS[s.kindCode]?.zh ?? null }),
    monthlyAmount: t.string({
      nullable: true,
      description: 'Monthly amount in NT$; a 5,000-wide band (e.g. "10000-14999") where the policy masks it.',
      resolve: (s) => String(s.monthlyAmount),
    }),
    fromMonth: t.field({ type: 'Date', nullable: true, description: 'First month granted.', resolve: (s) => s.fromMonth }),
    toMonth: t.field({ type: 'Date', nullable: true, description: 'Last month granted; null while open.', resolve: (s) => s.toMonth }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const DepositRef = builder.objectRef<WelfareDevelopmentAccountDeposit>('WelfareDevelopmentAccountDeposit').implement({
  description: "A month of a child's future education and development account (兒少未來教育與發展帳戶): what the family deposited, 0 when it did not.",
  fields: (t) => ({
    accountNo: t.exposeString('accountNo', { nullable: true, description: 'Account number in the welfare system (帳戶編號).' }),
    openedOn: t.field({ type: 'Date', nullable: true, description: 'Day the account was opened (開戶日期).', resolve: (d) => d.openedOn }),
    month: t.field({ type: 'Date', nullable: true, description: 'The month deposited for, as its first day (存款年月).', resolve: (d) => d.month }),
    deposited: t.boolean({ nullable: true, description: 'Whether the family deposited anything that month.', resolve: (d) => d.amount > 0 }),
    amount: t.string({
      nullable: true,
      description: 'Amount deposited in NT$ (存款金額), "0" when nothing; a 5,000-wide band (e.g. "0-4999") where the policy masks it.',
      resolve: (d) => String(d.amount),
    }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const FollowupVisitRef = builder.objectRef<WelfareAccountFollowupVisit>('WelfareAccountFollowupVisit').implement({
  description: "A follow-up visit to a household that did not deposit into its child's development account (未存款家庭追蹤訪視).",
  fields: (t) => ({
    accountNo: t.exposeString('accountNo', { nullable: true, description: 'Account number in the welfare system (帳戶編號).' }),
    missedMonth: t.field({ type: 'Date', nullable: true, description: 'The month without a deposit, as its first day (未存款年月).', resolve: (v) => v.missedMonth }),
    visitDate: t.field({ type: 'Date', nullable: true, description: 'Day of the visit (追蹤訪視日期).', resolve: (v) => v.visitDate }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const CertificateRef = builder.objectRef<WelfareDisabilityCertificate>('WelfareDisabilityCertificate').implement({
  description: 'A disability certificate (身心障礙證明): category, level and validity.',
  fields: (t) => ({
    categoryCode: t.exposeString('categoryCode', { nullable: true, description: 'Disability category code of the welfare system (障礙類別, 1-8).' }),
    categoryLabelEn: t.string({ nullable: true, description: 'Disability category in English.', resolve: (c) => DISABILITY_CATEGORIES[c.categoryCode]?.en ?? null }),
    categoryLabelZh: t.string({ nullable: true, description: 'Disability category in Chinese.', resolve: (c) => DISABILITY_CATEGORIES[c.categoryCode]?.zh ?? null }),
    levelCode: t.exposeString('levelCode', { nullable: true, description: 'Disability level code of the welfare system (障礙等級, 1 mild to 4 profound).' }),
    levelLabelEn: t.string({ nullable: true, description: 'Disability level in English.', resolve: (c) => DISABILITY_LEVELS[c.levelCode]?.en ?? null }),
    levelLabelZh: t.string({ nullable: true, description: 'Disability level in Chinese.', resolve: (c) => DISABILITY_LEVELS[c.levelCode]?.zh ?? null }),
    validFrom: t.field({ type: 'Date', nullable: true, description: 'First day of validity (有效起日).', resolve: (c) => c.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, description: 'Last day of validity (有效迄日); null when certified without an end.', resolve: (c) => c.validTo }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const NeedsVisitRef = builder.objectRef<WelfareNeedsAssessmentVisit>('WelfareNeedsAssessmentVisit').implement({
  description: 'A needs-assessment home visit (需求評估訪視) to a person with a disability certificate.',
  fields: (t) => ({
    visitDate: t.field({ type: 'Date', nullable: true, description: 'Day of the visit (需求評估訪視日期).', resolve: (v) => v.visitDate }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), resolvePersonEntity);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the welfare system knows.',
  externalFields: (t) => ({ id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }) }),
  fields: (t) => ({
    welfareStatuses: t.field({
      type: [StatusRef],
      nullable: true,
      description: 'Low- and middle-low-income statuses of the person, newest first.',
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.status', (ids) => prisma().welfareStatus.findMany({ where: { personId: { in: ids } }, orderBy: { validFrom: 'desc' } })).load(person.rowId),
    }),
    welfareSubsidies: t.field({
      type: [SubsidyRef],
      nullable: true,
      description: 'Subsidies granted to the person, newest first.',
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.subsidy', (ids) => prisma().welfareSubsidy.findMany({ where: { personId: { in: ids } }, orderBy: { fromMonth: 'desc' } })).load(person.rowId),
    }),
    developmentAccountDeposits: t.field({
      type: [DepositRef],
      nullable: true,
      description: "Monthly deposits into the person's development account (the person is the account-holding child), newest first.",
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.development_account_deposit', (ids) =>
          prisma().welfareDevelopmentAccountDeposit.findMany({ where: { personId: { in: ids } }, orderBy: [{ month: 'desc' }, { accountNo: 'asc' }] }),
        ).load(person.rowId),
    }),
    developmentAccountFollowupVisits: t.field({
      type: [FollowupVisitRef],
      nullable: true,
      description: "Follow-up visits for months without a deposit into the person's development account, newest first.",
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.account_followup_visit', (ids) =>
          prisma().welfareAccountFollowupVisit.findMany({ where: { personId: { in: ids } }, orderBy: { visitDate: 'desc' } }),
        ).load(person.rowId),
    }),
    disabilityCertificates: t.field({
      type: [CertificateRef],
      nullable: true,
      description: 'Disability certificates of the person, newest first.',
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.disability_certificate', (ids) =>
          prisma().welfareDisabilityCertificate.findMany({ where: { personId: { in: ids } }, orderBy: { validFrom: 'desc' } }),
        ).load(person.rowId),
    }),
    needsAssessmentVisits: t.field({
      type: [NeedsVisitRef],
      nullable: true,
      description: 'Needs-assessment home visits to the person, newest first.',
      resolve: (person, _args, ctx) =>
        personRowsLoader(ctx, 'welfare.needs_assessment_visit', (ids) =>
          prisma().welfareNeedsAssessmentVisit.findMany({ where: { personId: { in: ids } }, orderBy: { visitDate: 'desc' } }),
        ).load(person.rowId),
    }),
  }),
});

extendIndicatorReport(builder, {
  subgraph: CONNECTOR,
  indicators: {
    field: 'welfareIndicators', owner: CONNECTOR, counts: welfareIndicatorCounts, dayCounts: welfareDayCounts, campaignCounts: welfareCampaignCounts,
    description: 'Welfare indicators from the social assistance records: development-account deposit rate and follow-up visits, disability needs-assessment visit rate.',
  },
  crossAgency: {
    field: 'welfareCrossAgencyIndicators', owner: CONNECTOR, cohortField: 'releaseTransitionCohort', counts: releaseFamiliesOnWelfareCounts,
    campaignCounts: releaseFamiliesOnWelfareOverCampaigns,
    description: 'Cross-agency: families with a member in a release transition (from the probation subgraph, through the gateway) who receive social assistance.',
  },
});

const AccountToVisitRef = builder.objectRef<AccountToVisit>('DevelopmentAccountToVisit').implement({
  description: 'A child development account without a deposit for 3 to 6 months and no follow-up visit since the last deposit.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, nullable: true, description: 'The child (fields follow the person rules).', resolve: (a) => ({ id: encodeGlobalID('Person', a.personId), rowId: a.personId }) }),
    accountNo: t.exposeString('accountNo', { nullable: true, description: 'Account number.' }),
    lastDepositMonth: t.field({ type: 'Date', nullable: true, description: 'First day of the last month with a deposit (the opening month when none).', resolve: (a) => a.lastDepositMonth }),
    monthsWithout: t.exposeInt('monthsWithout', { nullable: true, description: 'Whole months since then.' }),
    district: t.exposeString('district', { nullable: true, description: "District of the child's current family." }),
  }),
});

const AccountsToVisitRef = builder.objectRef<AccountsToVisitPage>('DevelopmentAccountsToVisit').implement({
  description: 'A page of development accounts to visit, the longest without a deposit first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { nullable: true, description: 'Accounts matching, over all pages.' }),
    entries: t.field({ type: [AccountToVisitRef], nullable: true, description: 'This page.', resolve: (p) => p.entries }),
  }),
});

builder.queryField('developmentAccountsToVisit', (t) =>
  t.field({
    type: AccountsToVisitRef,
    nullable: true,
    description: `SOCIAL only: development accounts whose household has not deposited for ${MONTHS_WITHOUT.from} to ${MONTHS_WITHOUT.to} months as of a day, with no follow-up visit since the last deposit (offset paging, at most 100 a page).`,
    args: {
      asOf: t.arg({ type: 'Date', description: 'The day the months are counted to; today (Taipei) when omitted.' }),
      first: t.arg.int({ description: 'Page size (0–100; default 100).' }),
      offset: t.arg.int({ description: 'Entries to skip (0 or more).' }),
    },
    resolve: (_root, args, ctx) => accountsToVisit(ctx, args),
  }),
);

export const welfareSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external', '@shareable', '@requires'] }),
  welfarePolicy,
  personRowRelations,
);
