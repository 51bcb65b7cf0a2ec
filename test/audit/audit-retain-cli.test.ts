// `npm run audit:retain` and `npm run audit:verify` as an operator runs them,
// child processes against a trail with months older than the window: exit 0
// having removed them under checkpoint 1 (and 0, removing nothing, when run
// again), verify says what it checked and what was removed; exit 1 when the
// part to remove does not verify or the trail was tampered with after; 2 on a
// missing or bad --keep-months; 3 when the database cannot be reached.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { appendAuditEntry } from '../../src/audit/audit-writer.ts';
import { insertCheckpoint, signCheckpoint } from '../../src/audit/retention-checkpoint.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { copier, dated, DROPS_TIMEOUT, monthFromNow } from './trail-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = randomBytes(32).toString('hex');
const savedKey = process.env.HUB_AUDIT_KEY;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function script(name: 'audit-retain' | 'audit-verify', databaseUrl: string, args: string[] = []): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, HUB_AUDIT_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run audit:retain', () => {
  let trail: TestDatabase;
  let copies: ReturnType<typeof copier>;
  let ids: string[];

  beforeAll(async () => {
    process.env.HUB_AUDIT_KEY = KEY;
    trail = await createTestDatabase();
    copies = copier(trail);
    connectPrisma(trail.url);
    try {
      const old = [monthFromNow(-30), monthFromNow(-29)];
      await prisma().$executeRawUnsafe(`SELECT audit.add_month_partitions(ARRAY['${old.map((d) => d.toISOString()).join("','")}']::timestamptz[])`);
      let n = 0;
      for (const month of old) for (let i = 0; i < 4; i++) await appendAuditEntry(dated(n++, new Date(month.getTime() + i * 60_000)));
      for (let i = 0; i < 5; i++) await appendAuditEntry(dated(n++, new Date()));
      ids = (await prisma().$queryRaw<{ id: string }[]>`SELECT e.id::text AS id FROM audit.entry e ORDER BY e.id`).map((r) => r.id);
    } finally {
      await disconnectPrisma();
    }
  });
  afterAll(async () => {
    await copies.dropAll();
    await trail.drop();
    if (savedKey === undefined) delete process.env.HUB_AUDIT_KEY;
    else process.env.HUB_AUDIT_KEY = savedKey;
  }, DROPS_TIMEOUT);

  it.each([
    [[], '--keep-months is required: how many months of the audit trail to keep (at least 1)'],
    [['--keep-months', '0'], '--keep-months must be a whole number of months from 1 to 1200 (got "0")'],
    [['--keep-months', '1.5'], '--keep-months must be a whole number of months from 1 to 1200 (got "1.5")'],
    [['--keep-months=-3'], '--keep-months must be a whole number of months from 1 to 1200 (got "-3")'],
    [['--keep-months', 'sixty'], '--keep-months must be a whole number of months from 1 to 1200 (got "sixty")'],
    [['--keep-months', '60', '--everything'], "Unknown option '--everything'"],
  ])('exits 2 with the reason and the usage for %j', async (args, reason) => {
    const run = await script('audit-retain', trail.url, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain('usage: npm run audit:retain -- --keep-months <months, at least 1>');
  });

  it('exits 3 when it cannot reach the trail', async () => {
    const run = await script('audit-retain', Object.assign(new URL(trail.url), { pathname: '/no_such_database' }).toString(), ['--keep-months', '12']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Could not apply retention to the audit trail: database "no_such_database" does not exist');
  });

  it('exits 1, removing nothing, when an entry it would remove was edited', async () => {
    const url = await copies.copy((sql) => sql.query("UPDATE audit.entry SET sub = 'w-other' WHERE id = $1", [ids[2]]));
    const run = await script('audit-retain', url, ['--keep-months', '12']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Retention refused: The entries to be removed do not verify: entry ${ids[2]}: its content no longer matches its hash`);
    expect(run.stderr).toContain('Nothing was removed');
  });

  it('exits 0 having removed the old months under checkpoint 1; verify names the range and the checkpoint; a second run removes nothing', async () => {
    const url = await copies.copy();
    const run = await script('audit-retain', url, ['--keep-months', '12']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const months = [monthFromNow(-30), monthFromNow(-29)].map((d) => d.toISOString().slice(0, 7)).join(', ');
    expect(run.stdout).toContain(`Removed entries ${ids[0]}–${ids[7]} (8 entries; months ${months}) under checkpoint 1, signed with the audit key`);
    expect(run.stdout).toContain(`The trail now starts at entry ${ids[8]}, chained to the checkpoint.`);

    const verify = await script('audit-verify', url);
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toContain(`Audit trail intact: entries ${ids[8]}–${ids[12]} (5 entries), every hash and link verified; the signed head (entry ${ids[12]}, 13 entries) verifies`);
    expect(verify.stdout).toMatch(new RegExp(`Earlier entries were removed under checkpoint 1 of \\S+ \\(entries up to ${ids[7]}, 8 entries in all; .*\\): its signature verifies and entry ${ids[8]} is chained to it\\.`));

    const again = await script('audit-retain', url, ['--keep-months', '12']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing removed: /);
  });

  it('audit:verify exits 1 after retention when the checkpoint was deleted, or another one forged', async () => {
    const retained = await copies.copy();
    expect((await script('audit-retain', retained, ['--keep-months', '12'])).code).toBe(0);
    const later = copier({ name: new URL(retained).pathname.slice(1), url: retained });
    try {
      const deleted = await later.copy((sql) => sql.query('DELETE FROM audit.checkpoint'));
      const run = await script('audit-verify', deleted);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`Audit trail BROKEN at entry ${ids[8]}: is chained to an entry that is not in the trail: the entries before it were deleted`);
      const forged = await later.copy((sql) =>
        insertCheckpoint(sql, signCheckpoint(randomBytes(32), {
          number: 2, firstId: ids[8]!, lastId: ids[9]!, lastHash: 'f'.repeat(64), entries: 10, removed: 2, months: [], keptFrom: new Date(), headEntries: 13, createdAt: new Date(),
        })),
      );
      const forgedRun = await script('audit-verify', forged);
      expect(forgedRun.code).toBe(1);
      expect(forgedRun.stdout).toContain('Audit trail BROKEN at checkpoint 2: its signature does not verify with the audit key');
    } finally {
      await later.dropAll();
    }
  });
});
