// A bad file or row in the welfare drop never stops the sync: faults testers
// planted in the demo exports (a CSV cut inside a quoted field, a stray quote,
// a UTF-16 file, NUL bytes, a 10 MB line, a folder named like a file) are
// quarantined with a reason naming the file and line, and every other row of
// that file and every other file is taken in exactly as from a clean drop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { welfareSubsidies } from './index.ts';
import { mapWelfareRow } from './mapping.ts';
import { decodeAgencyFile } from './source.ts';

const TABLES = ['status', 'subsidy', 'development_account_deposit', 'account_followup_visit', 'disability_certificate', 'needs_assessment_visit'] as const;
const SUBSIDY = '112-welfare-subsidy.csv'; // UTF-8 with BOM
const VISITS = '112-needs-assessment-visits.csv'; // UTF-8 with BOM
const FOLLOWUPS = '112-development-account-followup-visits.csv'; // Big5
const CERTIFICATES = '112-disability-certificates.csv'; // Big5
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

type Stored = Record<(typeof TABLES)[number], string[]>;

let db: TestDatabase;
let sql: pg.Client;
let folder: string;
let reference: Stored;
const folders: string[] = [];

async function stored(): Promise<Stored> {
  const result = {} as Stored;
  for (const t of TABLES) result[t] = (await sql.query(`SELECT source_key FROM welfare.${t} ORDER BY source_key`)).rows.map((r) => r.source_key as string);
  return result;
}

async function freshDrop(): Promise<void> {
  folder = await mkdtemp(path.join(os.tmpdir(), 'welfare-faults-'));
  folders.push(folder);
  process.env.HUB_WELFARE_DROP_DIR = folder;
  await welfareSubsidies.generateDemoSource(db.url);
  await sql.query(`TRUNCATE ${TABLES.map((t) => `welfare.${t}`).join(', ')}, sync.processed_file, sync.quarantine, sync.identity_review, sync.data_quality, sync.run`);
}

/** The export's lines as text (header first), and the record key of each data line as the mapping names it. */
async function exportLines(name: string): Promise<{ lines: string[]; keys: string[] }> {
  const text = decodeAgencyFile(await readFile(path.join(folder, name)));
  const lines = text.split('\r\n').filter((l) => l !== '');
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return { lines, keys: rows.map((row) => keyOf(mapWelfareRow(row))) };
}

function keyOf(result: ReturnType<typeof mapWelfareRow>): string {
  return result.ok ? result.value.sourceKey : result.sourceKey;
}

const reconciles = (c: SyncCounts) => c.inserted + c.updated + c.unchanged + c.merged + c.quarantined === c.read;

/** The reference minus the given keys of one table. */
function referenceWithout(table: keyof Stored, keys: string[]): Stored {
  return { ...reference, [table]: reference[table].filter((k) => !keys.includes(k)) };
}

async function quarantined() {
  return prisma().quarantinedRecord.findMany({ where: { connector: 'welfare-subsidies' }, select: { sourceKey: true, reason: true, raw: true } });
}

describe('welfare drop with planted faults', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCity(db.url, { scale: 0.002, seed: 9 });
    connectPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await freshDrop();
    const counts = await welfareSubsidies.sync(db.url);
    expect(reconciles(counts)).toBe(true);
    reference = await stored();
    for (const t of TABLES) expect(reference[t].length).toBeGreaterThan(0);
  });
  beforeEach(freshDrop);
  afterAll(async () => {
    await sql.end();
    await disconnectPrisma();
    await db.drop();
    await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
  });

  it('a CSV cut inside a quoted field: the rows before the cut are taken in, the cut line is quarantined naming file and line', async () => {
    const { lines, keys } = await exportLines(SUBSIDY);
    const last = lines.length; // 1-based line number of the last data line
    const fields = lines[last - 1]!.split(',');
    const cutKey = keys[last - 2]!;
    const cut = [...lines.slice(0, -1), `${fields[0]},"${fields[1]!.slice(0, 1)}`].join('\r\n');
    await writeFile(path.join(folder, SUBSIDY), Buffer.concat([BOM, Buffer.from(cut)]));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await prisma().processedFile.count()).toBe(6);
    expect(await stored()).toEqual(referenceWithout('subsidy', [cutKey]));
    const reasons = (await quarantined()).map((q) => q.reason);
    expect(reasons).toContainEqual(expect.stringMatching(new RegExp(`^${SUBSIDY} line ${last}: .*quote`, 'i')));

    // The agency sends the whole file again: the cut line's quarantine is stale, the record is taken in.
    await writeFile(path.join(folder, SUBSIDY), Buffer.concat([BOM, Buffer.from(`${lines.join('\r\n')}\r\n`)]));
    await welfareSubsidies.sync(db.url);
    expect((await quarantined()).map((q) => q.reason)).not.toContainEqual(expect.stringMatching(new RegExp(`^${SUBSIDY} line `)));
    expect(await stored()).toEqual(reference);
  });

  it('a stray quote in the middle of a file: that line is quarantined, the lines after it are taken in', async () => {
    const { lines, keys } = await exportLines(SUBSIDY);
    const broken = 4;
    const fields = lines[broken - 1]!.split(',');
    lines[broken - 1] = [fields[0], `"${fields[1]}`, ...fields.slice(2)].join(',');
    await writeFile(path.join(folder, SUBSIDY), Buffer.concat([BOM, Buffer.from(`${lines.join('\r\n')}\r\n`)]));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await stored()).toEqual(referenceWithout('subsidy', [keys[broken - 2]!]));
    expect((await quarantined()).map((q) => q.reason)).toContainEqual(expect.stringMatching(new RegExp(`^${SUBSIDY} line ${broken}: `)));
  });

  it('a UTF-16 export (with a byte-order mark) is read like any other', async () => {
    const text = decodeAgencyFile(await readFile(path.join(folder, VISITS)));
    await writeFile(path.join(folder, VISITS), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await stored()).toEqual(reference);
  });

  it('NUL bytes: the row holding one and a trailing block of them are quarantined, escaped, naming file, line and column', async () => {
    const { lines, keys } = await exportLines(FOLLOWUPS);
    const bad = 3;
    const fields = lines[bad - 1]!.split(',');
    fields[2] = `${fields[2]!.slice(0, 1)}\u0000${fields[2]!.slice(1)}`;
    lines[bad - 1] = fields.join(',');
    await writeFile(path.join(folder, FOLLOWUPS), Buffer.concat([iconv.encode(`${lines.join('\r\n')}\r\n`, 'big5'), Buffer.alloc(512)]));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await stored()).toEqual(referenceWithout('account_followup_visit', [keys[bad - 2]!]));
    const records = await quarantined();
    const nul = records.find((q) => q.reason.startsWith(`${FOLLOWUPS} line ${bad}: `));
    expect(nul?.reason).toMatch(/姓名: contains a NUL character/);
    expect(JSON.stringify(nul?.raw)).toContain('\\\\u0000');
    expect(records.find((q) => q.reason.startsWith(`${FOLLOWUPS} line ${lines.length + 1}: `))?.reason).toMatch(/NUL/);
  });

  it('a 10 MB line is quarantined with a short key and its value truncated with its sha256; the rest of the file is taken in', async () => {
    const { lines } = await exportLines(CERTIFICATES);
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const at = 3;
    lines.splice(at - 1, 0, `,${huge},68/05/04,1,1,110/01/01,`);
    await writeFile(path.join(folder, CERTIFICATES), iconv.encode(`${lines.join('\r\n')}\r\n`, 'big5'));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await stored()).toEqual(reference);
    const record = (await quarantined()).find((q) => q.reason.startsWith(`${CERTIFICATES} line ${at}: `));
    expect(record?.reason).toMatch(/姓名: 10,485,760 characters/);
    expect(record!.sourceKey.length).toBeLessThanOrEqual(200);
    expect(record!.sourceKey).toMatch(/sha256:[0-9a-f]{64}$/);
    const name = (record!.raw as Record<string, string>)['姓名']!;
    expect(name.length).toBeLessThan(2_000);
    expect(name).toContain('sha256 462a12a876c0364e');
  });

  it('the same export dropped twice under two names is read once', async () => {
    await writeFile(path.join(folder, '112-welfare-subsidy-copy.csv'), await readFile(path.join(folder, SUBSIDY)));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await prisma().processedFile.count()).toBe(6);
    expect(await stored()).toEqual(reference);
  });

  it('a folder named like an export is quarantined as a whole; the other files are taken in', async () => {
    await mkdir(path.join(folder, '113-broken.csv'));

    const counts = await welfareSubsidies.sync(db.url);

    expect(reconciles(counts)).toBe(true);
    expect(await stored()).toEqual(reference);
    expect((await quarantined()).map((q) => q.reason)).toContainEqual(expect.stringMatching(/^113-broken\.csv: /));
  });
});
