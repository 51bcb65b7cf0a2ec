// `npm run audit:verify` as an auditor runs it, a child process against a
// trail of 3,000 entries: intact, it exits 0 with the count; each break
// planted on a fresh copy (triggers disabled, as a superuser could) exits 1
// naming the entry — an edited entry, an inserted one, one deleted in the
// middle, the newest deleted, the newest rewritten with its hash recomputed,
// the head altered without the key, and an old head restored after deleting
// entries (caught by a checkpoint kept outside the database).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { entryHash, type AuditContent } from '../../src/audit/chain.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SERVER_ENV } from '../support/test-env.ts';
import { DROPS_TIMEOUT } from './trail-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = randomBytes(32).toString('hex');
const ENTRIES = 3_000;
const savedKey = process.env.HUB_AUDIT_KEY;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function auditVerify(databaseUrl: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, HUB_AUDIT_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function content(n: number): AuditContent {
  return {
    at: new Date(), requestId: `req-${n}`, sub: `w-${n % 7}`, unit: n % 3 ? 'SOCIAL' : 'HEALTH', org: null, purpose: 'CASE_WORK',
    operation: n % 5 ? 'FamilyView' : 'Refer', kind: n % 5 ? 'READ' : 'WRITE', personIds: [n, n + 1], returnedFields: ['Person.name'],
    maskedFields: n % 2 ? ['Person.nationalId'] : [], deniedFields: [], records: n % 5 ? [] : [`Referral:${n}`], breakGlass: n % 11 === 0,
  };
}

type EntryRow = Record<string, any>;

function contentOf(row: EntryRow): AuditContent {
  return {
    at: row.at, requestId: row.request_id, sub: row.sub, unit: row.unit, org: row.org, purpose: row.purpose, operation: row.operation,
    kind: row.kind, personIds: row.person_ids, returnedFields: row.returned_fields, maskedFields: row.masked_fields,
    deniedFields: row.denied_fields, records: row.records, breakGlass: row.break_glass,
  };
}

class RolledBack extends Error {}

describe('npm run audit:verify', () => {
  let trail: TestDatabase;
  let folder: string;
  let checkpointFile: string;
  /** Id and hash of every entry, in order. */
  let ids: string[];
  /** The head as it was after 2,000 entries. */
  let headAt2000: EntryRow;
  const copies: string[] = [];

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env[SERVER_ENV] });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  /** A fresh copy of the 3,000-entry trail with `plant` applied as a superuser who switched the append-only triggers off. */
  const plantedCopy = async (plant?: (sql: pg.Client) => Promise<void>): Promise<string> => {
    const name = `${trail.name}_${copies.length}`;
    copies.push(name);
    await admin(`CREATE DATABASE "${name}" TEMPLATE "${trail.name}"`);
    const url = Object.assign(new URL(trail.url), { pathname: `/${name}` }).toString();
    if (plant) {
      const sql = new pg.Client({ connectionString: url });
      await sql.connect();
      try {
        await sql.query('ALTER TABLE audit.entry DISABLE TRIGGER USER');
        await plant(sql);
      } finally {
        await sql.end();
      }
    }
    return url;
  };
  const entry = async (sql: pg.Client, id: string): Promise<EntryRow> => (await sql.query('SELECT * FROM audit.entry WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY;
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-audit-checkpoints-'));
    checkpointFile = path.join(folder, 'checkpoints.jsonl');
    trail = await createTestDatabase();
    connectPrisma(trail.url);
    try {
      let appended = 0;
      while (appended < ENTRIES) {
        // Ten requests at a time contend for the head, as on a busy hub.
        const batch = Math.min(10, ENTRIES - appended);
        await Promise.all(Array.from({ length: batch }, (_, i) => appendAuditEntry(content(appended + i))));
        appended += batch;
        // A write that failed after its entry: rolled back, it leaves a gap in the ids.
        if (appended % 700 === 0) {
          await prisma()
            .$transaction(async (tx) => {
              await appendAuditEntry(content(-1), tx);
              throw new RolledBack();
            })
            .catch((error: unknown) => {
              if (!(error instanceof RolledBack)) throw error;
            });
        }
        if (appended === 2_000) headAt2000 = (await prisma().$queryRaw<EntryRow[]>`SELECT * FROM audit.head`)[0]!;
      }
      ids = (await prisma().$queryRaw<{ id: string }[]>`SELECT e.id::text AS id FROM audit.entry e ORDER BY e.id`).map((r) => r.id);
    } finally {
      await disconnectPrisma();
    }
  }, 180_000);

  afterAll(async () => {
    for (const name of copies) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await trail.drop();
    await rm(folder, { recursive: true, force: true });
    if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
    else process.env.HUB_AUDIT_KEY = savedKey;
  }, DROPS_TIMEOUT);

  it('exits 0 on the intact trail with the count, and exports a checkpoint of its signed head', async () => {
    expect(ids).toHaveLength(ENTRIES);
    const run = await auditVerify(await plantedCopy(), ['--export-checkpoint', checkpointFile]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`Audit trail intact: ${ENTRIES} entries, every hash and link verified; the signed head (entry ${ids.at(-1)}, ${ENTRIES} entries)`);
    const lines = (await readFile(checkpointFile, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ lastId: ids.at(-1), entries: ENTRIES });
    const again = await auditVerify(await plantedCopy(), ['--checkpoint', checkpointFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`All 1 checkpoint(s) of ${checkpointFile} are in the trail.`);
  });

  it('exits 1 at an edited entry', async () => {
    const edited = ids[1_234]!;
    const url = await plantedCopy((sql) => sql.query("UPDATE audit.entry SET purpose = 'AUDIT' WHERE id = $1", [edited]).then(() => undefined));
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`Audit trail BROKEN at entry ${edited}: its content no longer matches its hash: the entry was edited (1234 entries verified before the break).\n`);
  });

  it('exits 1 at an inserted entry, even one chained and hashed like the real ones', async () => {
    const gap = ids.findIndex((id, i) => i > 0 && BigInt(id) - BigInt(ids[i - 1]!) > 1n);
    expect(gap).toBeGreaterThan(0);
    const [before, after] = [ids[gap - 1]!, ids[gap]!];
    const forgedId = (BigInt(before) + 1n).toString();
    const url = await plantedCopy(async (sql) => {
      const previous = await entry(sql, before);
      const forged = { ...contentOf(previous), requestId: 'forged', sub: 'w-forger' };
      await sql.query(
        `INSERT INTO audit.entry SELECT * FROM json_populate_record(NULL::audit.entry, $1::json)`,
        [JSON.stringify({ ...previous, id: forgedId, request_id: 'forged', sub: 'w-forger', prev_hash: previous.hash, hash: entryHash(previous.hash, forged) })],
      );
    });
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`Audit trail BROKEN at entry ${forgedId}: was inserted between entry ${before} and entry ${after}: entry ${after} is chained to entry ${before}, not to it (${gap} entries verified before the break).\n`);
  });

  it('exits 1 after an entry deleted in the middle', async () => {
    const deleted = ids[1_500]!;
    const url = await plantedCopy((sql) => sql.query('DELETE FROM audit.entry WHERE id = $1', [deleted]).then(() => undefined));
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Audit trail BROKEN at entry ${ids[1_501]}: is chained to an entry that is not in the trail: an entry between entry ${ids[1_499]} and it was deleted`);
  });

  it('exits 1 when the newest entries were deleted', async () => {
    const url = await plantedCopy((sql) => sql.query('DELETE FROM audit.entry WHERE id > $1', [ids[2_989]]).then(() => undefined));
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `Audit trail BROKEN at entry ${ids.at(-1)}: is missing: the signed head records the trail up to entry ${ids.at(-1)} (3000 entries), ` +
        `but the trail ends at entry ${ids[2_989]} (2990 entries): the newest entries were deleted`,
    );
  });

  it('exits 1 when the newest entry was rewritten and its hash recomputed', async () => {
    const newest = ids.at(-1)!;
    const url = await plantedCopy(async (sql) => {
      const row = await entry(sql, newest);
      const rewritten = { ...contentOf(row), sub: 'w-someone-else', personIds: [1] };
      await sql.query('UPDATE audit.entry SET sub = $2, person_ids = $3, hash = $4 WHERE id = $1', [newest, rewritten.sub, rewritten.personIds, entryHash(row.prev_hash, rewritten)]);
    });
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Audit trail BROKEN at entry ${newest}: its hash is not the one the signed head records: this entry (or entries before it) was rewritten and the chain recomputed`);
  });

  it('exits 1 when the head was moved back over deleted entries without the key', async () => {
    const url = await plantedCopy(async (sql) => {
      await sql.query('DELETE FROM audit.entry WHERE id > $1', [ids[2_994]]);
      const newest = await entry(sql, ids[2_994]!);
      await sql.query('UPDATE audit.head SET last_id = $1, last_hash = $2, entries = 2995', [newest.id, newest.hash]);
    });
    const run = await auditVerify(url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Audit trail BROKEN at entry ${ids[2_994]}: the signature of the head of the trail does not verify with the audit key`);
  });

  it('catches an old signed head restored after deleting entries, with a checkpoint kept outside the database', async () => {
    const url = await plantedCopy(async (sql) => {
      await sql.query('DELETE FROM audit.entry WHERE id > $1', [headAt2000.last_id]);
      await sql.query('UPDATE audit.head SET last_id = $1, last_hash = $2, entries = $3, signed_at = $4, signature = $5', [
        headAt2000.last_id, headAt2000.last_hash, headAt2000.entries, headAt2000.signed_at, headAt2000.signature,
      ]);
    });
    // The restored head is genuine: alone, it vouches for the shortened trail.
    const alone = await auditVerify(url);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('Audit trail intact: 2000 entries');
    const run = await auditVerify(url, ['--checkpoint', checkpointFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^Audit trail BROKEN at entry ${ids.at(-1)}: is missing: the checkpoint of \\S+ records the trail up to it \\(3000 entries\\), ` +
          `but the trail ends at entry ${ids[1_999]} \\(2000 entries\\): entries were deleted`,
      ),
    );
  });

  it('exits 1 when checked with another key, 2 on bad usage, 3 when it cannot check', async () => {
    const url = await plantedCopy();
    const otherKey = await auditVerify(url, [], { HUB_AUDIT_KEY: randomBytes(32).toString('hex') });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stdout).toContain('does not verify with the audit key');
    const usage = await auditVerify(url, ['--everything']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run audit:verify');
    expect((await auditVerify(url, ['--checkpoint', path.join(folder, 'none.jsonl')])).code).toBe(2);
    const unreachable = await auditVerify(Object.assign(new URL(url), { pathname: '/no_such_database' }).toString());
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('Could not check the audit trail: database "no_such_database" does not exist');
  });
});
