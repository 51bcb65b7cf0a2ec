// Appending to the audit trail: two statements under the lock of a signed
// head; a write and its entry commit together or not at all; a head altered
// without the key is never extended; a trail from before signed heads is
// signed once; entries from before records and break-glass keep their hashes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { entryHash, GENESIS_HASH, type AuditContent } from '../../src/audit/chain.ts';
import { signatureValid, type AuditHead } from '../../src/audit/head.ts';
import { signUnsignedHead, verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { connectPrisma, disconnectPrisma, onStatement, prisma } from '../../src/db/prisma.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SERVER_ENV } from '../support/test-env.ts';

const KEY = randomBytes(32);
const saved = { key: process.env.HUB_AUDIT_KEY, nodeEnv: process.env.NODE_ENV };

function content(n: number, extra: Partial<AuditContent> = {}): AuditContent {
  return {
    at: new Date(), requestId: `req-${n}`, sub: 'w-social-1', unit: 'SOCIAL', org: null, purpose: 'CASE_WORK', operation: 'Look',
    kind: 'READ', personIds: [n], returnedFields: ['Person.name'], maskedFields: ['Person.nationalId'], deniedFields: [],
    records: [], breakGlass: false, ...extra,
  };
}

describe('appending to the audit trail', () => {
  let db: TestDatabase;
  let sql: pg.Client;

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY.toString('hex');
    db = await createTestDatabase();
    connectPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await disconnectPrisma();
    await db.drop();
    process.env.HUB_AUDIT_KEY = saved.key;
    if (saved.key === undefined) delete process.env.HUB_AUDIT_KEY;
  });
  afterEach(() => {
    process.env.NODE_ENV = saved.nodeEnv;
  });

  const head = async (): Promise<AuditHead> => {
    const row = (await sql.query('SELECT last_id::text, last_hash, entries::int, signed_at, signature FROM audit.head')).rows[0];
    return { lastId: row.last_id, lastHash: row.last_hash, entries: row.entries, signedAt: row.signed_at, signature: row.signature };
  };
  const entryCount = async () => (await sql.query('SELECT count(*)::int AS n FROM audit.entry')).rows[0].n as number;

  it('starts from the empty trail, and each append signs the new head in two statements', async () => {
    expect(await head()).toEqual({ lastId: '0', lastHash: GENESIS_HASH, entries: 0, signedAt: null, signature: null });
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    try {
      await appendAuditEntry(content(1, { records: ['Referral:12'], breakGlass: true }));
    } finally {
      stop();
    }
    const work = statements.filter((s) => !/^(BEGIN|COMMIT)/i.test(s.trim()));
    expect(work.map((s) => /FOR UPDATE|INSERT INTO audit\.entry[\s\S]*UPDATE audit\.head/.test(s))).toEqual([true, true]);
    const [entry] = (await sql.query('SELECT id::text, records, break_glass, hash FROM audit.entry')).rows;
    expect(entry).toMatchObject({ records: ['Referral:12'], break_glass: true });
    const signed = await head();
    expect(signed).toMatchObject({ lastId: entry.id, lastHash: entry.hash, entries: 1 });
    expect(signatureValid(KEY, signed)).toBe(true);
    expect(signatureValid(randomBytes(32), signed)).toBe(false);
  });

  it("rolls a write's entry back with its transaction: no entry, head unchanged", async () => {
    const before = { head: await head(), entries: await entryCount() };
    await expect(
      prisma().$transaction(async (tx) => {
        await tx.organization.create({ data: { name: 'Probe NGO', contractRegions: [], districtCodes: [] } });
        await appendAuditEntry(content(2, { kind: 'WRITE' }), tx);
        throw new Error('the write failed after its entry');
      }),
    ).rejects.toThrow('the write failed after its entry');
    expect(await entryCount()).toBe(before.entries);
    expect(await head()).toEqual(before.head);
    expect(await prisma().organization.count({ where: { name: 'Probe NGO' } })).toBe(0);
  });

  it("undoes the caller's write when its entry cannot be inserted", async () => {
    const before = { head: await head(), entries: await entryCount() };
    await sql.query('ALTER TABLE audit.entry ADD CONSTRAINT refuse_all CHECK (false) NOT VALID');
    try {
      await expect(
        prisma().$transaction(async (tx) => {
          await tx.organization.create({ data: { name: 'Probe NGO', contractRegions: [], districtCodes: [] } });
          await appendAuditEntry(content(3, { kind: 'WRITE' }), tx);
        }),
      ).rejects.toThrow(/refuse_all/);
    } finally {
      await sql.query('ALTER TABLE audit.entry DROP CONSTRAINT refuse_all');
    }
    expect(await prisma().organization.count({ where: { name: 'Probe NGO' } })).toBe(0);
    expect(await entryCount()).toBe(before.entries);
    expect(await head()).toEqual(before.head);
  });

  it('puts concurrent appends in id order, so the chain verifies', async () => {
    // Waves of 25 requests racing for the head (more than the pool's 10 connections).
    for (let wave = 0; wave < 8; wave++) {
      const settled = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => appendAuditEntry(content(100 + wave * 25 + i))));
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    }
    const report = await verifyAuditChain(db.url, { key: KEY });
    expect(report).toMatchObject({ ok: true, entries: 201 });
  });

  it('group-commits entries that arrive together: 1,000 concurrent appends in a few transactions, in id order', async () => {
    const before = await entryCount();
    const locks: string[] = [];
    const stop = onStatement((statement) => {
      if (/FOR UPDATE/.test(statement)) locks.push(statement);
    });
    try {
      const settled = await Promise.allSettled(Array.from({ length: 1_000 }, (_, i) => appendAuditEntry(content(1_000 + i,))));
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    } finally {
      stop();
    }
    expect(await entryCount()).toBe(before + 1_000);
    // One lock per batch of at most 500: the first caller's batch, then the rest.
    expect(locks.length).toBeGreaterThanOrEqual(2);
    expect(locks.length).toBeLessThanOrEqual(4);
    const ids = (await sql.query("SELECT request_id FROM audit.entry WHERE request_id LIKE 'req-1%' AND length(request_id) = 8 ORDER BY id")).rows.map((r) => r.request_id);
    expect(ids).toEqual(Array.from({ length: 1_000 }, (_, i) => `req-${1_000 + i}`));
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: true });
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    const before = await entryCount();
    await sql.query('ALTER TABLE audit.entry ADD CONSTRAINT probe_refuses CHECK (operation <> \'Refused\') NOT VALID');
    try {
      const failing = Array.from({ length: 5 }, (_, i) => appendAuditEntry(content(3_000 + i, i === 2 ? { operation: 'Refused' } : {})));
      const settled = await Promise.allSettled(failing);
      // The first append runs alone; the four that queued behind it share one batch with the refused entry.
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
    } finally {
      await sql.query('ALTER TABLE audit.entry DROP CONSTRAINT probe_refuses');
    }
    await appendAuditEntry(content(3_010));
    expect(await entryCount()).toBe(before + 2);
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: true });
  });

  it('never extends a head altered without the key', async () => {
    const before = await entryCount();
    const restore = await head();
    await sql.query('UPDATE audit.head SET entries = entries - 1');
    try {
      await expect(appendAuditEntry(content(4))).rejects.toThrow(/signature does not verify/);
      expect(await entryCount()).toBe(before);
    } finally {
      await sql.query('UPDATE audit.head SET entries = $1', [restore.entries]);
    }
    await appendAuditEntry(content(5));
    expect(await entryCount()).toBe(before + 1);
  });

  it('keeps the hash of entries written before records and break-glass were recorded', () => {
    const old = content(6);
    const canonical = JSON.stringify([
      old.at.toISOString(), old.requestId, old.sub, old.unit, old.org, old.purpose, old.operation, old.kind,
      old.personIds, old.returnedFields, old.maskedFields, old.deniedFields,
    ]);
    expect(entryHash(GENESIS_HASH, old)).toBe(createHash('sha256').update(GENESIS_HASH).update(canonical).digest('hex'));
    expect(entryHash(GENESIS_HASH, { ...old, records: ['Referral:1'] })).not.toBe(entryHash(GENESIS_HASH, old));
    expect(entryHash(GENESIS_HASH, { ...old, breakGlass: true })).not.toBe(entryHash(GENESIS_HASH, old));
  });

  it('extends an unsigned head over existing entries only outside production; production signs it once after checking', async () => {
    await sql.query('UPDATE audit.head SET signed_at = NULL, signature = NULL');
    process.env.NODE_ENV = 'production';
    await expect(appendAuditEntry(content(7))).rejects.toThrow(/not signed/);
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: false, problem: expect.stringMatching(/not signed/) });
    expect(await signUnsignedHead(db.url, { key: KEY })).toMatchObject({ ok: true });
    await appendAuditEntry(content(8));
    expect(await verifyAuditChain(db.url, { key: KEY })).toMatchObject({ ok: true });
    await expect(signUnsignedHead(db.url, { key: KEY })).rejects.toThrow(/signed already/);

    process.env.NODE_ENV = 'test';
    await sql.query('UPDATE audit.head SET signed_at = NULL, signature = NULL');
    await appendAuditEntry(content(9));
    expect(signatureValid(KEY, await head())).toBe(true);
  });
});

describe('the migration to signed heads, over a trail written before it', () => {
  let folder: string;
  const name = `hub_test_legacy_${randomBytes(4).toString('hex')}`;
  const serverUrl = () => process.env[SERVER_ENV]!;
  const url = () => Object.assign(new URL(serverUrl()), { pathname: `/${name}` }).toString();

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-legacy-migrations-'));
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await rm(folder, { recursive: true, force: true });
  });

  it('sets the head on the newest entry and the count, unsigned, until it is signed', async () => {
    const all = (await readdir(MIGRATIONS_DIR)).sort();
    for (const migration of all.filter((m) => m < '20261204000100')) await cp(path.join(MIGRATIONS_DIR, migration), path.join(folder, migration), { recursive: true });
    await migrate(url(), folder);
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      // Entries as the writer before this change chained them: no records, no break-glass columns.
      let prevHash = GENESIS_HASH;
      for (let i = 1; i <= 12; i++) {
        const old = content(i);
        const hash = entryHash(prevHash, old);
        await client.query(
          `INSERT INTO audit.entry (at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields, masked_fields, denied_fields, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [old.at, old.requestId, old.sub, old.unit, old.org, old.purpose, old.operation, old.kind, old.personIds, old.returnedFields, old.maskedFields, old.deniedFields, prevHash, hash],
        );
        prevHash = hash;
      }
      await migrate(url());
      const row = (await client.query('SELECT last_id::int, last_hash, entries::int, signature FROM audit.head')).rows[0];
      expect(row).toEqual({ last_id: 12, last_hash: prevHash, entries: 12, signature: null });
    } finally {
      await client.end();
    }
    expect(await verifyAuditChain(url(), { key: KEY })).toMatchObject({ ok: false, entryId: '12', problem: expect.stringMatching(/not signed/) });
    expect(await signUnsignedHead(url(), { key: KEY })).toMatchObject({ ok: true, entries: 12 });
    expect(await verifyAuditChain(url(), { key: KEY })).toMatchObject({ ok: true, entries: 12 });
  });
});
