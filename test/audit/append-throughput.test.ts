// How fast the group commit appends, printed for the record and never
// asserted (a loaded machine must not fail the suite): rounds of 1,000
// concurrent appends, each round timed on its own, then the chain verified.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import type { AuditContent } from '../../src/audit/chain.ts';
import { verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const KEY = randomBytes(32);
const savedKey = process.env.HUB_AUDIT_KEY;
const ROUNDS = 10;
const PER_ROUND = 1_000;

function content(n: number): AuditContent {
  return {
    at: new Date(), requestId: `req-${n}`, sub: 'w-social-1', unit: 'SOCIAL', org: null, purpose: 'CASE_WORK', operation: 'FamilyView',
    kind: 'READ', personIds: [n, n + 1, n + 2], returnedFields: ['Person.name', 'Person.birthDate'], maskedFields: ['Person.nationalId'],
    deniedFields: [], records: [], breakGlass: false,
  };
}

describe('append throughput', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY.toString('hex');
    db = await createTestDatabase();
    connectPrisma(db.url);
  });
  afterAll(async () => {
    await disconnectPrisma();
    await db.drop();
    if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
    else process.env.HUB_AUDIT_KEY = savedKey;
  });

  it(`appends ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en')} concurrent entries (timings printed, not asserted)`, async () => {
    // One warm-up append: the first opens the pool's connection (and, once per month, checks the partitions).
    await appendAuditEntry(content(0));
    const timings: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const settled = await Promise.allSettled(Array.from({ length: PER_ROUND }, (_, i) => appendAuditEntry(content(1 + round * PER_ROUND + i))));
      timings.push(performance.now() - started);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    }
    const perSecond = timings.map((ms) => Math.round((PER_ROUND / ms) * 1000));
    process.stdout.write(
      `append throughput: ${timings.map((ms) => `${Math.round(ms)} ms`).join(', ')} per ${PER_ROUND} appends ` +
        `(${perSecond.join(', ')} entries/s; median ${[...perSecond].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]} entries/s)\n`,
    );
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: true, entries: 1 + ROUNDS * PER_ROUND });
  });
});
