// Retention: months wholly older than the kept window are dropped under a
// signed checkpoint written first, in the same transaction; only old months
// go; entries of an old month that joined the chain after the first kept
// entry stay; the trail verifies afterwards from the checkpoint on. Every
// kind of tampering is still caught (each planted on a fresh copy, triggers
// off, as a superuser could), and an intact trail is never called broken.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { signHead, type SignedHead } from '../../src/audit/head.ts';
import { checkpointSignatureValid, insertCheckpoint, readCheckpoints, signCheckpoint } from '../../src/audit/retention-checkpoint.ts';
import { RetentionRefused, retainAuditTrail } from '../../src/audit/retention.ts';
import { verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { copier, dated, DROPS_TIMEOUT, monthFromNow, partitionOf, withSql } from './trail-fixtures.ts';

const KEY = randomBytes(32);
const savedKey = process.env.HUB_AUDIT_KEY;
const KEEP = 12;

type Row = Record<string, any>;

/** What the trail holds, by month relative to now: old ones (removed with 12 months kept) and kept ones. */
const OLD_WITHOUT_PARTITION = monthFromNow(-24);
const OLD = [monthFromNow(-23), monthFromNow(-22), monthFromNow(-21)];
const KEPT_EARLIER = monthFromNow(-6);
const NOW = monthFromNow(0, 1);

class RolledBack extends Error {}

describe('retention of the audit trail', () => {
  let trail: TestDatabase;
  let copies: ReturnType<typeof copier>;
  /** Copies of a copy, dropped first at the end. */
  let laterCopies: ReturnType<typeof copier> | undefined;
  let pristine: string;
  /** Every entry before retention, in id order. */
  let rows: Row[];
  let removedIds: string[];
  let keptIds: string[];
  let late: Row;
  /** The signed head once the old entries were written, as a daily export would have kept it. */
  let headAfterOld: SignedHead;
  let headAtEnd: SignedHead;

  const byRequest = (requestId: string) => rows.find((r) => r.request_id === requestId)!;
  const headOf = (row: Row): SignedHead => ({ lastId: row.last_id, lastHash: row.last_hash, entries: Number(row.entries), signedAt: row.signed_at, signature: row.signature });

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY.toString('hex');
    trail = await createTestDatabase();
    copies = copier(trail);
    connectPrisma(trail.url);
    try {
      await prisma().$executeRawUnsafe(`SELECT audit.add_month_partitions(ARRAY['${[...OLD, KEPT_EARLIER].map((d) => d.toISOString()).join("','")}']::timestamptz[])`);
      let n = 0;
      for (let i = 0; i < 2; i++) await appendAuditEntry(dated(n++, OLD_WITHOUT_PARTITION));
      for (const month of OLD) for (let i = 0; i < 3; i++) await appendAuditEntry(dated(n++, new Date(month.getTime() + i * 60_000)));
      headAfterOld = headOf((await prisma().$queryRaw<Row[]>`SELECT last_id::text, last_hash, entries, signed_at, signature FROM audit.head`)[0]!);
      // A write rolled back after its entry leaves a gap in the ids.
      await prisma()
        .$transaction(async (tx) => {
          await appendAuditEntry(dated(-1, KEPT_EARLIER, { kind: 'WRITE' }), tx);
          throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });
      for (let i = 0; i < 3; i++) await appendAuditEntry(dated(n++, new Date(KEPT_EARLIER.getTime() + i * 60_000)));
      for (let i = 0; i < 3; i++) await appendAuditEntry(dated(n++, new Date(NOW.getTime() + i * 60_000)));
      // Joins the chain after entries of the kept window, though dated in an old month (a late write, a clock behind).
      await appendAuditEntry(dated(100, OLD[1]!));
      for (let i = 0; i < 2; i++) await appendAuditEntry(dated(n++, new Date(NOW.getTime() + (3 + i) * 60_000)));
      headAtEnd = headOf((await prisma().$queryRaw<Row[]>`SELECT last_id::text, last_hash, entries, signed_at, signature FROM audit.head`)[0]!);
      rows = await prisma().$queryRaw<Row[]>`SELECT e.*, e.id::text AS id, e.tableoid::regclass::text AS part FROM audit.entry e ORDER BY e.id`;
    } finally {
      await disconnectPrisma();
    }
    late = byRequest('req-100');
    removedIds = rows.slice(0, 11).map((r) => r.id);
    keptIds = rows.slice(11).map((r) => r.id);
    pristine = await copies.copy();
  });
  afterAll(async () => {
    await laterCopies?.dropAll();
    await copies.dropAll();
    await trail.drop();
    if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
    else process.env.HUB_AUDIT_KEY = savedKey;
  }, DROPS_TIMEOUT);

  it('holds old entries in DEFAULT and old partitions, kept ones after a gap, and one late entry of an old month', () => {
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 2).map((r) => r.part)).toEqual(['audit.entry_default', 'audit.entry_default']);
    expect(rows.slice(2, 11).map((r) => r.part)).toEqual(OLD.flatMap((m) => [partitionOf(m), partitionOf(m), partitionOf(m)]));
    expect(BigInt(keptIds[0]!) - BigInt(removedIds.at(-1)!)).toBe(2n);
    expect(late.part).toBe(partitionOf(OLD[1]!));
  });

  it('refuses to vouch for entries that do not verify: nothing is removed', async () => {
    const url = await copies.copy((sql) => sql.query("UPDATE audit.entry SET purpose = 'AUDIT' WHERE id = $1", [removedIds[4]]));
    await expect(retainAuditTrail(url, { keepMonths: KEEP, key: KEY })).rejects.toThrow(RetentionRefused);
    await expect(retainAuditTrail(url, { keepMonths: KEEP, key: KEY })).rejects.toThrow(`entry ${removedIds[4]}: its content no longer matches its hash`);
    await withSql(url, async (sql) => {
      expect((await sql.query('SELECT count(*)::int AS n FROM audit.entry')).rows[0].n).toBe(20);
      expect((await sql.query('SELECT count(*)::int AS n FROM audit.checkpoint')).rows[0].n).toBe(0);
    });
  });

  it('refuses under a head that does not verify with the key', async () => {
    await expect(retainAuditTrail(pristine, { keepMonths: KEEP, key: randomBytes(32) })).rejects.toThrow(/head of the trail is not signed, or its signature does not verify/);
  });

  it('drops only the months wholly older than the window, after writing a signed checkpoint; the late entry stays', async () => {
    const result = await retainAuditTrail(trail.url, { keepMonths: KEEP, key: KEY });
    const months = [OLD_WITHOUT_PARTITION, ...OLD].map((d) => d.toISOString().slice(0, 7));
    expect(result).toMatchObject({
      removed: true,
      keptFrom: monthStartUtc(monthFromNow(-KEEP)),
      partitions: [OLD_WITHOUT_PARTITION, ...OLD].map(partitionOf),
      lateEntriesKept: 1,
      firstRetainedId: keptIds[0],
      checkpoint: { number: 1, firstId: removedIds[0], lastId: removedIds.at(-1), lastHash: rows[10]!.hash, entries: 11, removed: 11, months },
    });
    await withSql(trail.url, async (sql) => {
      const left = (await sql.query('SELECT e.id::text AS id, tableoid::regclass::text AS part FROM audit.entry e ORDER BY e.id')).rows;
      expect(left.map((r) => r.id)).toEqual(keptIds);
      expect(left.find((r) => r.id === late.id).part).toBe('audit.entry_default');
      const partitions = (await sql.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit.entry'::regclass ORDER BY 1`)).rows.map((r) => r.name);
      expect(partitions).toEqual([...new Set([KEPT_EARLIER, monthFromNow(0), monthFromNow(1)].map(partitionOf)), 'audit.entry_default'].sort());
      const [stored] = await readCheckpoints(sql);
      expect(stored).toEqual(result.removed && result.checkpoint);
      expect(checkpointSignatureValid(KEY, stored!)).toBe(true);
      expect(checkpointSignatureValid(randomBytes(32), stored!)).toBe(false);
      // The head is untouched: it still counts every entry ever appended.
      expect((await sql.query('SELECT entries::int AS n FROM audit.head')).rows[0].n).toBe(20);
    });
  });

  it('verifies afterwards from the checkpoint on, and holds checkpoint files to it, the removed part included', async () => {
    const report = await verifyAuditChain(trail.url, { key: KEY, checkpoints: [headAfterOld, headAtEnd] });
    expect(report).toMatchObject({ ok: true, entries: 9, firstId: keptIds[0], lastId: keptIds.at(-1), checkpoint: { number: 1 }, checkpointsRemoved: 1 });
  });

  it('removes nothing when run again with the same window', async () => {
    expect(await retainAuditTrail(trail.url, { keepMonths: KEEP, key: KEY })).toMatchObject({ removed: false });
    expect((await verifyAuditChain(trail.url, { key: KEY })).ok).toBe(true);
  });

  describe('still catches tampering after retention', () => {
    const keptAt = (i: number) => keptIds[i]!;
    const otherKey = randomBytes(32);
    it.each([
      ['an edited retained entry', (sql: pg.Client) => sql.query("UPDATE audit.entry SET purpose = 'AUDIT' WHERE id = $1", [keptAt(1)]),
        () => ({ entryId: keptAt(1), problem: 'its content no longer matches its hash: the entry was edited' })],
      ['a retained entry deleted', (sql: pg.Client) => sql.query('DELETE FROM audit.entry WHERE id = $1', [keptAt(1)]),
        () => ({ entryId: keptAt(2), problem: expect.stringMatching(`^is chained to an entry that is not in the trail: an entry between entry ${keptAt(0)} and it was deleted`) })],
      ['the first retained entry deleted', (sql: pg.Client) => sql.query('DELETE FROM audit.entry WHERE id = $1', [keptAt(0)]),
        () => ({ entryId: keptAt(1), problem: expect.stringMatching(`^is the first entry after checkpoint 1, but it is not chained to the last entry checkpoint 1 removed \\(entry ${removedIds.at(-1)}\\)`) })],
      ['the partition of the first retained month dropped', (sql: pg.Client) => sql.query(`DROP TABLE ${partitionOf(KEPT_EARLIER)}`),
        () => ({ entryId: keptAt(3), problem: expect.stringMatching(/^is the first entry after checkpoint 1, but it is not chained to/) })],
      ["the current month's partition dropped", (sql: pg.Client) => sql.query(`DROP TABLE ${partitionOf(NOW)}`),
        () => ({ entryId: late.id, problem: expect.stringMatching(`^is chained to an entry that is not in the trail: it was inserted after entry ${keptAt(2)}, or the entries between`) })],
      ['a forged checkpoint', (sql: pg.Client) => insertForged(sql, otherKey, 2),
        () => ({ checkpoint: 2, problem: expect.stringMatching(/^its signature does not verify with the audit key: the checkpoint was forged or edited/) })],
      ['a forged checkpoint over a dropped retained month', async (sql: pg.Client) => {
        await sql.query(`DROP TABLE ${partitionOf(KEPT_EARLIER)}`);
        await insertForged(sql, otherKey, 2);
      }, () => ({ checkpoint: 2, problem: expect.stringMatching(/^its signature does not verify/) })],
      ['an edited checkpoint', (sql: pg.Client) => sql.query("UPDATE audit.checkpoint SET months = '{2020-01}'"),
        () => ({ checkpoint: 1, problem: expect.stringMatching(/^its signature does not verify with the audit key/) })],
      ['the checkpoint deleted, the entries before the first retained one being gone', (sql: pg.Client) => sql.query('DELETE FROM audit.checkpoint'),
        () => ({ entryId: keptAt(0), problem: 'is chained to an entry that is not in the trail: the entries before it were deleted' })],
      ['a removed entry put back', (sql: pg.Client) => sql.query('INSERT INTO audit.entry SELECT * FROM json_populate_record(NULL::audit.entry, $1::json)', [JSON.stringify(entryOf(rows[3]!))]),
        () => ({ entryId: removedIds[3], problem: expect.stringMatching(`^is at or before entry ${removedIds.at(-1)}, the last entry checkpoint 1 removed: it was put back`) })],
      ['an older signed head put back over deleted entries', async (sql: pg.Client) => {
        await sql.query('DELETE FROM audit.entry');
        await sql.query('UPDATE audit.head SET last_id = $1, last_hash = $2, entries = $3, signed_at = $4, signature = $5',
          [headAfterOld.lastId, headAfterOld.lastHash, headAfterOld.entries, headAfterOld.signedAt, headAfterOld.signature]);
      }, () => ({ entryId: headAfterOld.lastId, problem: expect.stringMatching(/^is the newest entry the head records \(11 entries\), but the head counted 20 when checkpoint 1 .*an older head was put back$/) })],
    ])('%s', async (_label, plant, expected) => {
      const url = await copies.copy(plant);
      expect(await verifyAuditChain(url, { key: KEY })).toMatchObject({ ok: false, ...expected() });
    });
  });

  it('goes on over later runs: checkpoint 2, then 3 removing every entry; new entries chain to it; a checkpoint deleted from the middle shows', async () => {
    const url = await copies.copy();
    const sevenMonthsOn = new Date(Date.now() + 7 * 31 * 86_400_000);
    const second = await retainAuditTrail(url, { keepMonths: KEEP, key: KEY, asOf: sevenMonthsOn });
    expect(second).toMatchObject({ removed: true, checkpoint: { number: 2, firstId: keptIds[0], lastId: keptIds[2], entries: 14, removed: 3 }, lateEntriesKept: 0 });
    expect(await verifyAuditChain(url, { key: KEY })).toMatchObject({ ok: true, entries: 6, firstId: keptIds[3], checkpoint: { number: 2 } });

    laterCopies = copier({ name: new URL(url).pathname.slice(1), url });
    const middleGone = await laterCopies.copy((sql) => sql.query('DELETE FROM audit.checkpoint WHERE id = 1'));
    expect(await verifyAuditChain(middleGone, { key: KEY })).toMatchObject({
      ok: false, checkpoint: 2, problem: 'it is number 2 but no checkpoint comes before it: a checkpoint was deleted',
    });

    const yearsOn = new Date(Date.now() + 16 * 31 * 86_400_000);
    const third = await retainAuditTrail(url, { keepMonths: KEEP, key: KEY, asOf: yearsOn });
    expect(third).toMatchObject({ removed: true, checkpoint: { number: 3, lastId: keptIds.at(-1), entries: 20, removed: 6 }, firstRetainedId: null });
    expect(await verifyAuditChain(url, { key: KEY })).toMatchObject({ ok: true, entries: 0, firstId: null, checkpoint: { number: 3 } });
    connectPrisma(url);
    try {
      // This month's partition went with the rest: the entry goes to DEFAULT (or to the partition the writer makes again), chained to the checkpoint.
      await appendAuditEntry(dated(200, new Date()));
    } finally {
      await disconnectPrisma();
    }
    expect(await verifyAuditChain(url, { key: KEY })).toMatchObject({ ok: true, entries: 1, checkpoint: { number: 3 } });
  });
});

function monthStartUtc(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** An entry row as json_populate_record takes it back. */
function entryOf(row: Row): Row {
  const { part: _part, ...entry } = row;
  return entry;
}

/** A checkpoint signed with a key that is not the trail's, claiming the retained entries were removed. */
async function insertForged(sql: pg.Client, key: Buffer, number: number): Promise<void> {
  const { rows: [last] } = await sql.query('SELECT e.id::text AS id, hash FROM audit.entry e ORDER BY e.id DESC LIMIT 1');
  await insertCheckpoint(sql, signCheckpoint(key, {
    number, firstId: '1', lastId: last.id, lastHash: last.hash, entries: 20, removed: 9, months: ['2099-01'], keptFrom: new Date(), headEntries: 20, createdAt: new Date(),
  }));
}
