// The case lists the case actions added (lead worker history, transfers,
// assignments with their life cycle, contact notes) cost the same number of
// SQL statements for a page of 5 cases as for a page of 40: no query per case.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { buildFamilies } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const CASES = `query CaseHistories($first: Int!) { cases(first: $first, filter: { ownerUnit: SOCIAL }) { edges { node {
  id leadWorker { id } leadWorkerHistory { worker previousWorker changedAt }
  transfers { fromUnit { code } toUnit { code } reason transferredAt }
  assignments { id status acceptedAt endReason active organization { name } }
  contacts { kind note durationMinutes } } } } }`;
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-history' };

describe('case history batching', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    const families = await buildFamilies(40, { members: 1, openCases: 1, contactsPerCase: 2, referrals: 0 });
    const org = await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: [] } });
    const caseIds = families.map((f) => f.caseIds[0]!);
    await prisma().caseLeadWorkerChange.createMany({ data: caseIds.flatMap((caseId) => [1, 2].map((n) => ({ caseId, workerId: `w-${n}`, changedBy: 'w-sup' }))) });
    await prisma().caseTransfer.createMany({ data: caseIds.map((caseId) => ({ caseId, fromUnitCode: 'HEALTH', toUnitCode: 'SOCIAL', reason: '轉案', transferredBy: 'w-health' })) });
    await prisma().assignment.createMany({ data: caseIds.map((caseId) => ({ caseId, organizationId: org.id, startDate: new Date('2023-03-01'), status: 'ACCEPTED' as const })) });
    await prisma().serviceContact.updateMany({ where: { caseId: { in: caseIds } }, data: { note: '家訪', durationMinutes: 30 } });
    await hub.query(CASES, { first: 1 }, SOCIAL);
  });
  afterAll(() => hub.stop());

  const statementsFor = async (first: number) => {
    const seen: string[] = [];
    const stop = onStatement((sql) => seen.push(sql));
    const response = await hub.query(CASES, { first }, SOCIAL);
    stop();
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.cases.edges.map((e: { node: unknown }) => e.node) as { leadWorkerHistory: unknown[]; transfers: unknown[]; contacts: { note: string }[] }[];
    expect(nodes).toHaveLength(first);
    expect(nodes.every((n) => n.leadWorkerHistory.length === 2 && n.transfers.length === 1 && n.contacts.every((c) => c.note === '家訪'))).toBe(true);
    return seen.length;
  };

  it('runs as many statements for 40 cases as for 5', async () => {
    const few = await statementsFor(5);
    const many = await statementsFor(40);
    expect(many).toBe(few);
  });
});
