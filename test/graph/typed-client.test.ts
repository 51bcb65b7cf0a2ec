// The example operations of the typed client run against the live hub: a
// stale or invalid operation in operations/ fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import {
  AcceptReferralDocument,
  CreateReferralDocument,
  FamiliesByCaseDocument,
  FamilyViewDocument,
  ReferralsToUnitDocument,
  type CreateReferralMutation,
  type FamilyViewQuery,
} from '../../src/client/graphql.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

describe('typed client operations', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 1, referrals: 0 }))[0]!;
  });
  afterAll(() => hub.stop());

  it('runs FamilyView with typed results', async () => {
    const response = await hub.query<FamilyViewQuery>(print(FamilyViewDocument), { id: gid('Family', family.familyId) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.family?.members?.map((m) => m.relationship)).toEqual(['HEAD', 'CHILD']);
    expect(response.data?.family?.cases?.[0]?.kindLabel).toEqual({ en: 'Vulnerable family', zh: '脆弱家庭' });
  });

  it('runs the referral operations end to end', async () => {
    const created = await hub.query<CreateReferralMutation>(print(CreateReferralDocument), {
      input: { personId: gid('Person', family.personIds[0]!), toUnit: 'LABOR', reason: '就業轉介' },
    });
    const id = created.data?.createReferral?.referral?.id;
    expect(id).toBeDefined();
    const inbox = await hub.query(print(ReferralsToUnitDocument), { unit: 'LABOR', status: 'PENDING' });
    expect(inbox.data?.referrals.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
    const accepted = await hub.query(print(AcceptReferralDocument), { id }, { unit: 'LABOR', sub: 'w-labor-1' });
    expect(accepted.data?.acceptReferral.referral.status).toBe('ACCEPTED');
    const families = await hub.query(print(FamiliesByCaseDocument), { first: 10, filter: { caseStatus: 'OPEN' } });
    expect(families.data?.families.totalCount).toBe(1);
  });
});
