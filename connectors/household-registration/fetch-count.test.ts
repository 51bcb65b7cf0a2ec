// The joined family view costs the same subgraph fetches whatever the number
// of families: one to core, one per agency subgraph; and the members'
// events cost one SQL statement, however many members there are.
import { afterAll, describe, expect, it } from '@jest/globals';
import { DISTRICT_CODES } from '../../src/domain/codes.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { onStatement } from '../../src/db/prisma.ts';
import { onSubgraphFetch } from '../../src/gateway/fetch-listeners.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { householdRegistration } from './index.ts';

const PAGE = `query ($first: Int!) { families(first: $first) { edges { node { id members { relationship person { name householdRegistration { householdNumber relationship } householdEvents { kind occurredOn } } } } } } }`;

describe('subgraph fetches of the joined family view', () => {
  let hub: TestHub | undefined;
  afterAll(() => hub?.stop());

  it('do not grow with the number of families', async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.001, seed: 3 });
    await householdRegistration.generateDemoSource(hub.db.url);
    await householdRegistration.sync(hub.db.url);
    const fetchesFor = async (first: number) => {
      const fetches: string[] = [];
      const eventStatements: string[] = [];
      const stop = onSubgraphFetch((name) => fetches.push(name));
      const stopStatements = onStatement((sql) => {
        if (sql.includes('"household"."event"')) eventStatements.push(sql);
      });
      // A clerk bound to every district lists any family; a worker bound to none lists only families it serves.
      const response = await hub!.query(PAGE, { first }, { unit: 'CIVIL_AFFAIRS', sub: 'w-civil', districts: [...DISTRICT_CODES] });
      stop();
      stopStatements();
      expect(response.errors).toBeUndefined();
      expect(response.data!.families.edges).toHaveLength(first);
      expect(eventStatements).toHaveLength(1);
      return fetches.sort();
    };
    const small = await fetchesFor(5);
    const large = await fetchesFor(100);
    expect(small).toEqual(['core', 'household-registration']);
    expect(large).toEqual(small);
  });
});
