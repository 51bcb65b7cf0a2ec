// The verifier's verdicts on a small trail, one planted break per fresh copy:
// what it names as the break and how it says what is wrong. The 3,000-entry
// trail and the exit codes are in audit-verify-cli.test.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { entryHash, GENESIS_HASH, type AuditContent } from '../../src/audit/chain.ts';
import { signHead, type SignedHead } from '../../src/audit/head.ts';
import { verifyAuditChain } from '../../src/audit/verify-chain.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SERVER_ENV } from '../support/test-env.ts';
import { DROPS_TIMEOUT } from './trail-fixtures.ts';

const KEY = randomBytes(32);
const savedKey = process.env.HUB_AUDIT_KEY;

function content(n: number): AuditContent {
  return {
    at: new Date(), requestId: `req-${n}`, sub: 'w-1', unit: 'SOCIAL', org: null, purpose: 'CASE_WORK', operation: 'Look', kind: 'READ',
    personIds: [n], returnedFields: [], maskedFields: [], deniedFields: [], records: [], breakGlass: false,
  };
}

type Row = Record<string, any>;

const insert = (sql: pg.Client, row: Row) =>
  sql.query('INSERT INTO audit.entry SELECT * FROM json_populate_record(NULL::audit.entry, $1::json)', [JSON.stringify(row)]);

function forged(base: Row, id: string, prevHash: string): Row {
  const fake: Row = { ...base, id, request_id: 'forged', prev_hash: prevHash };
  const hash = entryHash(prevHash, {
    at: new Date(fake.at), requestId: fake.request_id, sub: fake.sub, unit: fake.unit, org: fake.org, purpose: fake.purpose, operation: fake.operation,
    kind: fake.kind, personIds: fake.person_ids, returnedFields: fake.returned_fields, maskedFields: fake.masked_fields,
    deniedFields: fake.denied_fields, records: fake.records, breakGlass: fake.break_glass,
  });
  return { ...fake, hash };
}

describe('verifying the audit trail', () => {
  let trail: TestDatabase;
  let rows: Row[];
  let copies = 0;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env[SERVER_ENV] });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY.toString('hex');
    trail = await createTestDatabase();
    connectPrisma(trail.url);
    for (let i = 1; i <= 10; i++) {
      await appendAuditEntry(content(i));
      // A rolled-back write after the fifth entry leaves a gap in the ids.
      if (i === 5) await prisma().$transaction(async (tx) => appendAuditEntry(content(0), tx).then(() => Promise.reject(new Error('undone')))).catch(() => undefined);
    }
    rows = await prisma().$queryRaw<Row[]>`SELECT e.id::text AS id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
      masked_fields, denied_fields, records, break_glass, prev_hash, hash FROM audit.entry e ORDER BY e.id`;
    await disconnectPrisma();
  });
  afterAll(async () => {
    for (let i = 0; i < copies; i++) await admin(`DROP DATABASE IF EXISTS "${trail.name}_${i}" WITH (FORCE)`);
    await trail.drop();
    if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
    else process.env.HUB_AUDIT_KEY = savedKey;
  }, DROPS_TIMEOUT);

  const verifyPlanted = async (plant: (sql: pg.Client) => Promise<unknown>, checkpoints: SignedHead[] = []) => {
    const name = `${trail.name}_${copies++}`;
    await admin(`CREATE DATABASE "${name}" TEMPLATE "${trail.name}"`);
    const url = Object.assign(new URL(trail.url), { pathname: `/${name}` }).toString();
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      await sql.query('ALTER TABLE audit.entry DISABLE TRIGGER USER');
      await sql.query('ALTER TABLE audit.head DISABLE TRIGGER USER');
      await plant(sql);
    } finally {
      await sql.end();
    }
    return verifyAuditChain(url, { key: KEY, checkpoints });
  };
  const id = (i: number) => rows[i]!.id as string;

  it('holds ten entries with a gap in the ids after the fifth', async () => {
    expect(rows).toHaveLength(10);
    expect(BigInt(id(5)) - BigInt(id(4))).toBe(2n);
    expect(await verifyPlanted(async () => undefined)).toMatchObject({ ok: true, entries: 10 });
  });

  it.each([
    ['an entry inserted into the gap, chained to nothing', (sql: pg.Client) => insert(sql, { ...rows[4], id: String(BigInt(id(4)) + 1n), prev_hash: 'f'.repeat(64) }),
      () => String(BigInt(id(4)) + 1n), () => `was inserted between entry ${id(4)} and entry ${id(5)}: entry ${id(5)} is chained to entry ${id(4)}, not to it`],
    ['an entry inserted before the first, chained to the start', (sql: pg.Client) => insert(sql, forged(rows[0]!, '0', GENESIS_HASH)),
      () => '0', () => `was inserted before the start of the trail: entry ${id(0)} is the one chained to the start`],
    ['the first entry deleted', (sql: pg.Client) => sql.query('DELETE FROM audit.entry WHERE id = $1', [id(0)]),
      () => id(1), () => 'is chained to an entry that is not in the trail: the entries before it were deleted'],
    ['an entry appended outside the hub, chained and hashed correctly', (sql: pg.Client) => insert(sql, forged(rows[9]!, '1000', rows[9]!.hash)),
      () => '1000', () => `was added after the head of the trail (entry ${id(9)} is the newest entry the signed head records): entries were written outside the hub`],
    ['the head deleted', (sql: pg.Client) => sql.query('DELETE FROM audit.head'),
      () => id(9), () => 'the head of the trail (audit.head) is missing: it was deleted'],
    ['the head unsigned', (sql: pg.Client) => sql.query('UPDATE audit.head SET signed_at = NULL, signature = NULL'),
      () => id(9), () => expect.stringContaining('the head of the trail is not signed')],
  ])('names the break: %s', async (_label, plant, entryId, problem) => {
    expect(await verifyPlanted(plant)).toMatchObject({ ok: false, entryId: entryId(), problem: problem() });
  });

  it('holds every checkpoint to the trail, and refuses a checkpoint it cannot verify', async () => {
    const checkpoint = signHead(KEY, { lastId: id(6), lastHash: rows[6]!.hash, entries: 7 });
    expect(await verifyPlanted(async () => undefined, [checkpoint])).toMatchObject({ ok: true });
    // Where the trail no longer holds what a checkpoint vouched for at its entry, that entry is named.
    const other = signHead(KEY, { lastId: id(6), lastHash: 'a'.repeat(64), entries: 7 });
    expect(await verifyPlanted(async () => undefined, [other])).toMatchObject({
      ok: false, entryId: id(6), problem: expect.stringMatching(/^its hash is not the one the checkpoint of .* records/),
    });
    const miscounted = signHead(KEY, { lastId: id(6), lastHash: rows[6]!.hash, entries: 8 });
    expect(await verifyPlanted(async () => undefined, [miscounted])).toMatchObject({
      ok: false, entryId: id(6), problem: expect.stringMatching(/holds 7 entries, the checkpoint of .* records 8/),
    });
    const gone = signHead(KEY, { lastId: String(BigInt(id(4)) + 1n), lastHash: rows[4]!.hash, entries: 6 });
    expect(await verifyPlanted(async () => undefined, [gone])).toMatchObject({ ok: false, entryId: gone.lastId, problem: expect.stringMatching(/^is missing: .*it is not in the trail/) });
    const foreign = signHead(randomBytes(32), { lastId: id(6), lastHash: rows[6]!.hash, entries: 7 });
    await expect(verifyPlanted(async () => undefined, [foreign])).rejects.toThrow(/does not verify with the audit key/);
  });
});
