// Social welfare's worklist (issue 15): children's development accounts
// whose household has not deposited for 3 to 6 months and had no follow-up
// visit since. SOCIAL only — every other unit, NGOs, analysts and auditors
// refused, also at the welfare-subsidies subgraph called directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const LIST = `query ($asOf: Date, $offset: Int) { developmentAccountsToVisit(asOf: $asOf, offset: $offset) {
  totalCount entries { person { id } accountNo lastDepositMonth monthsWithout district } } }`;
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-accounts' };

describe('development accounts to visit', () => {
  let hub: TestHub;
  let welfare: HubServer;
  let families: BuiltFamily[];

  beforeAll(async () => {
    hub = await startTestHub();
    welfare = await startCoreSubgraph(hub, 'welfare-subsidies');
    families = await buildFamilies(4, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 });
    const months = (account: string, person: number, amounts: [string, number][]) =>
      amounts.map(([month, amount]) => ({ personId: person, accountNo: account, openedOn: new Date('2022-01-05'), month: new Date(`${month}-01`), amount, sourceKey: `${account}:${month}`, syncedAt: new Date() }));
    await prisma().welfareDevelopmentAccountDeposit.createMany({
      data: [
        // Last deposit January 2023: 4 months without by 15 May 2023.
        ...months('ACC-A', families[0]!.personIds[1]!, [['2023-01', 500], ['2023-02', 0], ['2023-03', 0], ['2023-04', 0], ['2023-05', 0]]),
        // Deposited in April: 1 month.
        ...months('ACC-B', families[1]!.personIds[1]!, [['2023-01', 500], ['2023-04', 500]]),
        // Like A, but visited in March.
        ...months('ACC-C', families[2]!.personIds[1]!, [['2023-01', 500], ['2023-02', 0]]),
        // Last deposit August 2022: 9 months, past the window.
        ...months('ACC-D', families[3]!.personIds[1]!, [['2022-08', 500], ['2022-09', 0]]),
      ],
    });
    await prisma().welfareAccountFollowupVisit.create({
      data: { personId: families[2]!.personIds[1]!, accountNo: 'ACC-C', missedMonth: new Date('2023-02-01'), visitDate: new Date('2023-03-10'), sourceKey: 'V-C', syncedAt: new Date() },
    });
  });
  afterAll(async () => {
    await welfare.stop();
    await hub.stop();
  });

  const list = (caller: Caller, variables: Record<string, unknown> = { asOf: '2023-05-15' }) => hub.query(LIST, variables, caller);

  it('lists the accounts 3 to 6 months without a deposit and not visited since', async () => {
    const found = await list(SOCIAL);
    expect(found.errors).toBeUndefined();
    expect(found.data!.developmentAccountsToVisit).toEqual({
      totalCount: 1,
      entries: [{ person: { id: gid('Person', families[0]!.personIds[1]!) }, accountNo: 'ACC-A', lastDepositMonth: '2023-01-01', monthsWithout: 4, district: 'XITUN' }],
    });
    // A month later the August 2022 account is past the window still, and A is at 5 months.
    expect((await list(SOCIAL, { asOf: '2023-06-15' })).data!.developmentAccountsToVisit.entries.map((e: { accountNo: string; monthsWithout: number }) => [e.accountNo, e.monthsWithout])).toEqual([['ACC-A', 5]]);
    expect((await list({ ...SOCIAL, sub: 'w-social-beitun-acc', districts: ['BEITUN'] })).data!.developmentAccountsToVisit.totalCount).toBe(0);
    expect((await list(SOCIAL, { asOf: '2023-05-15', offset: -1 })).errors?.[0]).toMatchObject({ message: 'offset: must be 0 or more', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('is refused to every other unit, NGOs, analysts and auditors, at the gateway and at the subgraph', async () => {
    const callers: Caller[] = [
      ...UNIT_CODES.filter((u) => u !== 'SOCIAL').map((unit) => ({ unit, sub: `w-${unit}-acc`, ...(unit === 'NGO' ? { org: 1 } : {}) }) as Caller),
      { unit: 'SOCIAL', sub: 'w-social-analyst-acc', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-social-auditor-acc', roles: ['AUDITOR'], purpose: 'AUDIT' },
    ];
    for (const caller of callers) {
      expect([caller.sub, (await list(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      expect([caller.sub, (await askSubgraph(welfare, hub, caller, LIST, { asOf: '2023-05-15' })).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
  });
});
