// The example operations of the typed client run against the live hub: a
// stale or invalid operation in operations/ fails here, and so does one that
// no test below runs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import {
  AcceptReferralDocument,
  CampaignDaysDocument,
  CampaignsDocument,
  CreateCampaignDocument,
  CreateReferralDocument,
  DashboardCatalogueDocument,
  DashboardReportDocument,
  DashboardTrendDocument,
  EnteredIndicatorsDocument,
  FamiliesByCaseDocument,
  FamilyViewDocument,
  IndicatorReturnsDocument,
  ReferralsToUnitDocument,
  ReviewIndicatorReturnDocument,
  StaffingTableDocument,
  SubmitCampaignReturnDocument,
  SubmitIndicatorReturnDocument,
  type CreateReferralMutation,
  type DashboardCatalogueQuery,
  type DashboardReportQuery,
  type DashboardTrendQuery,
  type FamilyViewQuery,
} from '../../src/client/graphql.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

const OPERATIONS_DIR = path.resolve(import.meta.dirname, '../../operations');
// The dashboard's aggregates are for ANALYST tokens and need no purpose of use.
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };

const operationNames = (document: DocumentNode) =>
  document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));

describe('typed client operations', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  const ran = new Set<string>();
  /** Runs a typed document and records its operation, for the completeness check at the end. */
  const run = <T = Record<string, any>>(document: DocumentNode, variables: Record<string, unknown> = {}, caller: Caller = SOCIAL_WORKER) => {
    for (const name of operationNames(document)) ran.add(name);
    return hub.query<T>(print(document), variables, caller);
  };
  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 1, referrals: 0 }))[0]!;
  });
  afterAll(() => hub.stop());

  it('runs FamilyView with typed results', async () => {
    const response = await run<FamilyViewQuery>(FamilyViewDocument, { id: gid('Family', family.familyId) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.family?.members?.map((m) => m.relationship)).toEqual(['HEAD', 'CHILD']);
    expect(response.data?.family?.cases?.[0]?.kindLabel).toEqual({ en: 'Vulnerable family', zh: '脆弱家庭' });
  });

  it('runs the referral operations end to end', async () => {
    const created = await run<CreateReferralMutation>(CreateReferralDocument, {
      input: { personId: gid('Person', family.personIds[0]!), toUnit: 'LABOR', reason: '就業轉介' },
    });
    const id = created.data?.createReferral?.referral?.id;
    expect(id).toBeDefined();
    const inbox = await run(ReferralsToUnitDocument, { unit: 'LABOR', status: 'PENDING' });
    expect(inbox.data?.referrals.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
    const accepted = await run(AcceptReferralDocument, { id }, { unit: 'LABOR', sub: 'w-labor-1' });
    expect(accepted.data?.acceptReferral.referral.status).toBe('ACCEPTED');
    const families = await run(FamiliesByCaseDocument, { first: 10, filter: { caseStatus: 'OPEN' } });
    expect(families.data?.families.totalCount).toBe(1);
  });

  it('runs the dashboard operations for an analyst', async () => {
    const catalogue = await run<DashboardCatalogueQuery>(DashboardCatalogueDocument, {}, ANALYST);
    expect(catalogue.errors).toBeUndefined();
    expect(catalogue.data?.indicatorCatalogue?.length).toBeGreaterThan(0);
    const report = await run<DashboardReportQuery>(DashboardReportDocument, { year: 2023, quarter: 1 }, ANALYST);
    expect(report.errors).toBeUndefined();
    expect(report.data?.indicatorReport).toMatchObject({ year: 2023, quarter: 1, minCellSize: 5 });
    const trend = await run<DashboardTrendQuery>(DashboardTrendDocument, { fromYear: 2023, granularity: 'QUARTER' }, ANALYST);
    expect(trend.errors).toBeUndefined();
    expect(trend.data?.indicatorTrend?.map((point) => point.quarter)).toEqual([1, 2, 3, 4]);
  });

  it('runs the return and campaign operations: a unit enters, the secretariat reviews and follows up', async () => {
    const health: Caller = { unit: 'HEALTH', sub: 'w-health-typed', purpose: null };
    const secretariat: Caller = { unit: 'SOCIAL', sub: 'w-secretariat-typed', roles: ['SUPERVISOR'], purpose: null };
    const line = { indicatorId: 'SOCIAL_WORKER_STAFFING', year: 2023, line: '社區心理衛生中心', numerator: 33, denominator: 35, evidence: '112年人事報表' };
    const submitted = await run(SubmitIndicatorReturnDocument, { input: line }, health);
    const id = submitted.data?.submitIndicatorReturn.indicatorReturn.id;
    expect(submitted.data?.submitIndicatorReturn.ok).toBe(true);
    const queue = await run(IndicatorReturnsDocument, { year: 2023, status: 'SUBMITTED' }, secretariat);
    expect(queue.data?.indicatorReturns.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await run(ReviewIndicatorReturnDocument, { id, decision: 'ACCEPT' }, secretariat)).data?.reviewIndicatorReturn.ok).toBe(true);
    const staffing = await run(StaffingTableDocument, { year: 2023 }, ANALYST);
    expect(staffing.data?.staffingTable.total).toEqual({ approved: 35, hired: 33, hireRate: 94.29 });
    const report = await run(EnteredIndicatorsDocument, { year: 2023 }, ANALYST);
    expect(report.data?.indicatorReport.enteredIndicators.find((i: { id: string }) => i.id === 'SOCIAL_WORKER_STAFFING')).toMatchObject({ numerator: 33, denominator: 35, returned: true });
    const created = await run(CreateCampaignDocument, {
      input: { name: '春節關懷專案', fromDate: '2024-01-10', toDate: '2024-02-16', deadline: '2024-02-23', items: [{ key: 'VISITS', label: '訪視人次' }], units: ['HEALTH', 'LABOR'] },
    }, secretariat);
    const campaignId = created.data?.createCampaign.campaign.id;
    expect((await run(SubmitCampaignReturnDocument, { campaignId, figures: [{ key: 'VISITS', value: 12 }] }, health)).data?.submitCampaignReturn.ok).toBe(true);
    const followUp = await run(CampaignsDocument, {}, secretariat);
    expect(followUp.data?.campaigns[0]).toMatchObject({ outstandingUnits: ['LABOR'], totals: [{ key: 'VISITS', value: 12 }] });
    const days = await run(CampaignDaysDocument, { fromDate: '2024-01-10', toDate: '2024-02-16' }, ANALYST);
    expect(days.errors).toBeUndefined();
    // The campaign's own days: the six contact kinds, the triage rate and the ten counts of cases in service.
    expect(days.data?.dayRangeIndicators.values.filter((v: { offered: boolean }) => v.offered)).toHaveLength(17);
  });

  // Last: a new operation in operations/ needs a caller and variables above before this passes.
  it('has run every operation in operations/', () => {
    const files = readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
    const declared = files.flatMap((file) => operationNames(parse(readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'))));
    expect([...ran].sort()).toEqual(declared.sort());
  });
});
