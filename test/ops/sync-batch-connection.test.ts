// A scheduled sync runs inside the serving process, whose connections carry
// the request bounds (a 15 s statement_timeout by default). At whole-city
// scale a sync's statements run longer than that, so the sync gets
// connections of its own without those bounds, while requests keep theirs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectors, type ConnectorDefinition } from '../../connectors/registry.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { runRecordedSync } from '../../src/ops/sync-attempt.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const BOUNDED = { statementMs: 300, lockMs: 1_000, poolWaitMs: 2_000, idleInTransactionMs: 30_000 };
const statementTimeout = async () => (await prisma().$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`)[0]!.statement_timeout;

describe('a sync inside a serving process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url, { timeouts: BOUNDED });
  });
  afterAll(async () => {
    await disconnectPrisma();
    await db.drop();
  });

  it('runs its statements without the request bounds, which the requests keep', async () => {
    const household = connectors.find((c) => c.name === 'household-registration')!;
    let seenInSync = '';
    // A statement longer than a request may run, as a whole-city sync's bulk writes are.
    const long: ConnectorDefinition = {
      ...household,
      sync: async () => {
        seenInSync = await statementTimeout();
        await prisma().$queryRaw`SELECT pg_sleep(0.6)::text`;
        return { read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 };
      },
    };
    const result = await runRecordedSync(long, db.url, { trigger: 'schedule' });
    expect(result.outcome === 'failed' ? result.error : result.outcome).toBe('succeeded');
    expect(seenInSync).toBe('0');
    // Outside the sync the serving connections are bounded as before.
    expect(await statementTimeout()).toBe('300ms');
    await expect(prisma().$queryRaw`SELECT pg_sleep(0.6)::text`).rejects.toThrow(/statement timeout/);
  });
});
