// The example operations of the typed client run against the live hub: a
// stale or invalid operation in operations/ fails here, and so does one that
// no test below runs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import {
  AcceptReferralDocument,
  CreateReferralDocument,
  DashboardCatalogueDocument,
  DashboardReportDocument,
  DashboardTrendDocument,
  FamiliesByCaseDocument,
  FamilyViewDocument,
  ReferralsToUnitDocument,
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

  // Last: a new operation in operations/ needs a caller and variables above before this passes.
  it('has run every operation in operations/', () => {
    const files = readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
    const declared = files.flatMap((file) => operationNames(parse(readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'))));
    expect([...ran].sort()).toEqual(declared.sort());
  });
});
