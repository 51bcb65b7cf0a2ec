// audit.entry by month: the migration keeps every row of a trail written
// before it (ids, hashes, every column) and the chain still verifies; each
// entry lands in its month's partition, an entry of a month without one in
// DEFAULT (never lost, and moved out when its month is added); partitions
// are made ahead once per process and month; Prisma still reads the model.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { entryHash, GENESIS_HASH } from '../../src/audit/chain.ts';
import { signHead } from '../../src/audit/head.ts';
import { ensureMonthPartitions } from '../../src/audit/month-partitions.ts';
import { verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, onStatement, prisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SERVER_ENV } from '../support/test-env.ts';
import { adminStatement, dated, monthFromNow, partitionOf, withSql } from './trail-fixtures.ts';

const KEY = randomBytes(32);
const savedKey = process.env.HUB_AUDIT_KEY;
const PARTITIONS_MIGRATION = '20261204000500_audit_partitions';

beforeAll(() => {
  process.env.HUB_AUDIT_KEY = KEY.toString('hex');
});
afterAll(() => {
  if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
  else process.env.HUB_AUDIT_KEY = savedKey;
});

const partitionsOf = async (sql: pg.Client) =>
  (await sql.query<{ name: string }>(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit.entry'::regclass ORDER BY 1`)).rows.map((r) => r.name);
const whereIs = async (sql: pg.Client, requestId: string) =>
  (await sql.query<{ part: string }>('SELECT tableoid::regclass::text AS part FROM audit.entry WHERE request_id = $1', [requestId])).rows.map((r) => r.part);

describe('the migration to monthly partitions, over a trail written before it', () => {
  let folder: string;
  const name = `hub_test_partitions_${randomBytes(4).toString('hex')}`;
  const url = () => Object.assign(new URL(process.env[SERVER_ENV]!), { pathname: `/${name}` }).toString();
  /** Every row as JSON, in id order, before the migration. */
  let before: unknown[];
  const dates = [monthFromNow(-14, 3), monthFromNow(-14, 27), monthFromNow(-3), monthFromNow(-1, 28), monthFromNow(0, 1), monthFromNow(0, 2)];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-partition-migrations-'));
    await adminStatement(`CREATE DATABASE "${name}"`);
    const earlier = (await readdir(MIGRATIONS_DIR)).filter((m) => m < PARTITIONS_MIGRATION);
    for (const migration of earlier) await cp(path.join(MIGRATIONS_DIR, migration), path.join(folder, migration), { recursive: true });
    await migrate(url(), folder);
    await withSql(url(), async (sql) => {
      // Entries as the writer chained them before partitions, with a gap in the ids (a rolled-back write) and a signed head.
      let prevHash = GENESIS_HASH;
      for (const [i, at] of dates.entries()) {
        if (i === 3) await sql.query("SELECT nextval('audit.entry_id_seq')");
        const content = dated(i, at, i === 2 ? { kind: 'WRITE', records: ['Referral:7'], breakGlass: true } : {});
        const hash = entryHash(prevHash, content);
        await sql.query(
          `INSERT INTO audit.entry (at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields, masked_fields, denied_fields,
                                    records, break_glass, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [content.at, content.requestId, content.sub, content.unit, content.org, content.purpose, content.operation, content.kind, content.personIds,
            content.returnedFields, content.maskedFields, content.deniedFields, content.records, content.breakGlass, prevHash, hash],
        );
        prevHash = hash;
      }
      const { rows: [last] } = await sql.query('SELECT id::text AS id FROM audit.entry ORDER BY id DESC LIMIT 1');
      const head = signHead(KEY, { lastId: last.id, lastHash: prevHash, entries: dates.length });
      await sql.query('UPDATE audit.head SET last_id = $1, last_hash = $2, entries = $3, signed_at = $4, signature = $5', [head.lastId, head.lastHash, head.entries, head.signedAt, head.signature]);
      before = (await sql.query('SELECT to_jsonb(e) AS row FROM audit.entry e ORDER BY id')).rows.map((r) => r.row);
    });
    await migrate(url());
  });
  afterAll(async () => {
    await disconnectPrisma();
    await adminStatement(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps every row exactly, each in its month, with partitions for this month, the next one and DEFAULT', async () => {
    await withSql(url(), async (sql) => {
      const after = (await sql.query('SELECT to_jsonb(e) AS row FROM audit.entry e ORDER BY id')).rows.map((r) => r.row);
      expect(after).toEqual(before);
      expect((await sql.query("SELECT relkind FROM pg_class WHERE oid = 'audit.entry'::regclass")).rows[0].relkind).toBe('p');
      for (const at of dates) expect(await whereIs(sql, `req-${dates.indexOf(at)}`)).toEqual([partitionOf(at)]);
      expect(await partitionsOf(sql)).toEqual(
        [...new Set([...dates, monthFromNow(0), monthFromNow(1)].map(partitionOf)), 'audit.entry_default'].sort(),
      );
    });
  });

  it('keeps the indexes the code uses, the key (id, at) and the append-only triggers', async () => {
    await withSql(url(), async (sql) => {
      const indexes = (await sql.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'audit' AND tablename = 'entry' ORDER BY 1`)).rows;
      expect(indexes.map((i) => i.indexname)).toEqual(['entry_at_idx', 'entry_person_ids_idx', 'entry_pkey']);
      expect(indexes.find((i) => i.indexname === 'entry_pkey').indexdef).toContain('(id, at)');
      expect(indexes.find((i) => i.indexname === 'entry_person_ids_idx').indexdef).toContain('gin (person_ids)');
      const [first] = (await sql.query('SELECT id FROM audit.entry ORDER BY id LIMIT 1')).rows;
      await expect(sql.query("UPDATE audit.entry SET sub = 'x' WHERE id = $1", [first.id])).rejects.toThrow(/append-only/);
      await expect(sql.query('DELETE FROM audit.entry')).rejects.toThrow(/append-only/);
      await expect(sql.query('TRUNCATE audit.entry')).rejects.toThrow(/append-only/);
      // A month's partition refuses on its own too.
      await expect(sql.query(`TRUNCATE ${partitionOf(dates[0]!)}`)).rejects.toThrow(/append-only/);
      await expect(sql.query(`DELETE FROM ${partitionOf(dates[0]!)}`)).rejects.toThrow(/append-only/);
    });
  });

  it('verifies after the migration; the ids go on from the sequence; Prisma reads the model by its key (id, at)', async () => {
    expect(await verifyAuditChain(url(), { key: KEY })).toMatchObject({ ok: true, entries: dates.length, checkpoint: null });
    connectPrisma(url());
    await appendAuditEntry(dated(100, new Date()));
    const rows = await prisma().auditEntry.findMany({ orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(dates.length + 1);
    const [previous, appended] = rows.slice(-2) as [(typeof rows)[number], (typeof rows)[number]];
    expect(appended.id).toBe(previous.id + 1n);
    expect(appended.prevHash).toBe(previous.hash);
    const one = await prisma().auditEntry.findUnique({ where: { id_at: { id: previous.id, at: previous.at } } });
    expect(one?.hash).toBe(previous.hash);
    expect(await prisma().auditEntry.count({ where: { id: { gt: 0 } } })).toBe(dates.length + 1);
    expect(await verifyAuditChain(url(), { key: KEY })).toMatchObject({ ok: true, entries: dates.length + 1 });
  });
});

describe('appending to a trail partitioned by month', () => {
  let db: TestDatabase;
  let sql: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await disconnectPrisma();
    await db.drop();
  });

  it("puts each entry in its month's partition, made ahead for this month and the next", async () => {
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    try {
      await appendAuditEntry(dated(1, new Date()));
    } finally {
      stop();
    }
    // The month's partition check runs on a connection of its own: the batch is still two statements.
    expect(statements.filter((s) => !/^(BEGIN|COMMIT)/i.test(s.trim()))).toHaveLength(2);
    await appendAuditEntry(dated(2, monthFromNow(1, 3)));
    expect(await whereIs(sql, 'req-1')).toEqual([partitionOf(new Date())]);
    expect(await whereIs(sql, 'req-2')).toEqual([partitionOf(monthFromNow(1))]);
  });

  it('puts an entry of a month without a partition in DEFAULT, and moves it out, unchanged, when its month is added', async () => {
    const far = new Date(Date.UTC(2035, 2, 14, 9, 30));
    await appendAuditEntry(dated(3, far));
    await appendAuditEntry(dated(4, new Date()));
    expect(await whereIs(sql, 'req-3')).toEqual(['audit.entry_default']);
    const kept = (await sql.query("SELECT to_jsonb(e) AS row FROM audit.entry e WHERE request_id = 'req-3'")).rows[0].row;
    expect((await sql.query("SELECT audit.add_month_partitions(ARRAY['2035-03-01T00:00:00Z'::timestamptz])")).rows[0].add_month_partitions).toBe(1);
    expect(await whereIs(sql, 'req-3')).toEqual(['audit.entry_2035_03']);
    expect((await sql.query("SELECT to_jsonb(e) AS row FROM audit.entry e WHERE request_id = 'req-3'")).rows[0].row).toEqual(kept);
    // Adding it again does nothing.
    expect((await sql.query("SELECT audit.add_month_partitions(ARRAY['2035-03-20T00:00:00Z'::timestamptz])")).rows[0].add_month_partitions).toBe(0);
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: true, entries: 4 });
  });

  it('makes the partitions of a new month and the next the first time the writer sees that month', async () => {
    await ensureMonthPartitions(new Date(Date.UTC(2040, 10, 30, 23, 0)));
    const made = (await partitionsOf(sql)).filter((p) => p.startsWith('audit.entry_204'));
    expect(made).toEqual(['audit.entry_2040_11', 'audit.entry_2040_12']);
  });

  it('bounds months in UTC whatever the session time zone (a month added across daylight saving keeps midnight UTC)', async () => {
    await sql.query("SET TIME ZONE 'Europe/Berlin'");
    await sql.query("SELECT audit.add_month_partitions(ARRAY['2041-03-31T23:30:00Z'::timestamptz])");
    await sql.query("SET TIME ZONE 'UTC'");
    const bound = (await sql.query("SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE oid = 'audit.entry_2041_03'::regclass")).rows[0].bound;
    expect(bound).toBe("FOR VALUES FROM ('2041-03-01 00:00:00+00') TO ('2041-04-01 00:00:00+00')");
    await sql.query('RESET TIME ZONE');
  });
});
