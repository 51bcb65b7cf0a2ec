// File-drop sync: each file not seen before (by content hash) is mapped,
// linked and written in one transaction together with the record that it was
// processed, so a file is read once, a crash re-reads it whole, and a
// corrected file (new content) is taken in and clears its quarantined rows.
import { prisma } from '../../src/db/prisma.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { recordDataQuality } from '../kit/data-quality-store.ts';
import { recordIdentityReviews, type HeldRecord } from '../kit/identity-review-store.ts';
import { guardRecord } from '../kit/record-guard.ts';
import { addCounts, clearStaleQuarantine, emptyCounts, settleBatch, type Problem, type SyncCounts } from '../kit/sync-store.ts';
import { mapWelfareRow, recognizeExport, type WelfareRecord, type WelfareRecordKind } from './mapping.ts';
import type { DropFile, WelfareSource } from './source.ts';

export const CONNECTOR = 'welfare-subsidies';

const FILE_TRANSACTION = { maxWait: 10_000, timeout: 15 * 60_000 };

type Linked<K extends WelfareRecordKind> = Extract<WelfareRecord, { record: K }> & { personId: number };

interface Column<T> {
  name: string;
  /** SQL type of the column, for the unnest array cast. */
  type: string;
  value: (record: T) => unknown;
}

/** Where a record kind is stored: its table and the columns besides person_id, source_key and synced_at. */
interface Storage<T> {
  table: string;
  columns: Column<T>[];
}

const column = <T>(name: string, type: string, value: (record: T) => unknown): Column<T> => ({ name, type, value });

const STORAGE: { [K in WelfareRecordKind]: Storage<Linked<K>> } = {
  status: {
    table: 'welfare.status',
    columns: [column('kind', 'welfare."WelfareStatusKind"', (r) => r.kind), column('valid_from', 'date', (r) => r.validFrom), column('valid_to', 'date', (r) => r.validTo)],
  },
  subsidy: {
    table: 'welfare.subsidy',
    columns: [
      column('kind_code', 'text', (r) => r.kindCode),
      column('monthly_amount', 'int', (r) => r.monthlyAmount),
      column('from_month', 'date', (r) => r.fromMonth),
      column('to_month', 'date', (r) => r.toMonth),
    ],
  },
  deposit: {
    table: 'welfare.development_account_deposit',
    columns: [
      column('account_no', 'text', (r) => r.accountNo),
      column('opened_on', 'date', (r) => r.openedOn),
      column('month', 'date', (r) => r.month),
      column('amount', 'int', (r) => r.amount),
    ],
  },
  followupVisit: {
    table: 'welfare.account_followup_visit',
    columns: [column('account_no', 'text', (r) => r.accountNo), column('missed_month', 'date', (r) => r.missedMonth), column('visit_date', 'date', (r) => r.visitDate)],
  },
  disabilityCertificate: {
    table: 'welfare.disability_certificate',
    columns: [
      column('category_code', 'text', (r) => r.categoryCode),
      column('level_code', 'text', (r) => r.levelCode),
      column('valid_from', 'date', (r) => r.validFrom),
      column('valid_to', 'date', (r) => r.validTo),
    ],
  },
  needsAssessmentVisit: {
    table: 'welfare.needs_assessment_visit',
    columns: [column('visit_date', 'date', (r) => r.visitDate)],
  },
};

/**
 * Upserts one kind's records in one statement; returns a flag per inserted or
 * changed row (an unchanged row is not touched and not returned). Table and
 * column names come from STORAGE above, never from the file.
 */
async function upsert<T extends { personId: number; sourceKey: string }>(tx: Prisma.TransactionClient, storage: Storage<T>, records: T[], now: Date) {
  if (records.length === 0) return [];
  const all = [column<T>('person_id', 'int', (r) => r.personId), ...storage.columns, column<T>('source_key', 'text', (r) => r.sourceKey), column<T>('synced_at', 'timestamptz', () => now)];
  const compared = ['person_id', ...storage.columns.map((c) => c.name)];
  const arrays = Prisma.join(all.map((c) => Prisma.sql`${records.map(c.value)}::${Prisma.raw(c.type)}[]`));
  const updates = [...compared, 'synced_at'].map((name) => `${name} = EXCLUDED.${name}`).join(', ');
  return tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO ${Prisma.raw(storage.table)} AS t (${Prisma.raw(all.map((c) => c.name).join(', '))})
    SELECT * FROM unnest(${arrays})
    ON CONFLICT (source_key) DO UPDATE SET ${Prisma.raw(updates)}
    WHERE (${Prisma.raw(compared.map((name) => `t.${name}`).join(', '))}) IS DISTINCT FROM (${Prisma.raw(compared.map((name) => `EXCLUDED.${name}`).join(', '))})
    RETURNING (xmax = 0) AS inserted`;
}

/** The quarantine key of a part of a file that could not be read (the file itself, or one of its lines). */
const unreadableKey = (file: DropFile, line: number | null) => `file:${file.name}:${line === null ? 'whole file' : `line ${line}`}`;

async function syncFile(file: DropFile): Promise<SyncCounts> {
  const counts = emptyCounts();
  counts.read = file.rows.length + file.unreadable.length;
  const kind = recognizeExport(file.headers);
  // A row whose fields cannot be stored (a NUL byte, a 10 MB field) is quarantined naming the file and line, under its own key.
  const mapped = file.rows.map((row, i) => ({
    row,
    result: guardRecord(row, () => mapWelfareRow(row, kind), (m) => m.value.sourceKey, { fallbackKey: unreadableKey(file, file.lines[i]!), where: `${file.name} line ${file.lines[i]}` }),
  }));
  const latest = new Map<string, { value: WelfareRecord; row: unknown }>();
  for (const { row, result } of mapped) if (result.ok) latest.set(result.value.sourceKey, { value: result.value, row });
  counts.merged += mapped.filter((m) => m.result.ok).length - latest.size;
  const entries = [...latest.values()];
  const links = await linkIdentities(entries.map(({ value }) => value), { connector: CONNECTOR });
  const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
  const unreadable: Problem[] = file.unreadable.map((part) => ({
    sourceKey: unreadableKey(file, part.line),
    raw: { file: file.name, line: part.line, text: part.text },
    reason: `${file.name}${part.line === null ? '' : ` line ${part.line}`}: ${part.reason}`,
  }));
  problems.push(...unreadable);
  const linked: (WelfareRecord & { personId: number })[] = [];
  const held: HeldRecord[] = [];
  entries.forEach(({ value, row }, i) => {
    const link = links[i]!;
    if (link.ok) linked.push({ ...value, personId: link.personId });
    else {
      problems.push({ sourceKey: value.sourceKey, raw: row, reason: link.reason });
      held.push({ sourceKey: value.sourceKey, claim: value, result: link });
    }
  });
  // A city-wide export is one transaction of several hundred thousand rows: minutes, not Prisma's default 5 s.
  await prisma().$transaction(async (tx) => {
    const now = new Date();
    for (const recordKind of Object.keys(STORAGE) as WelfareRecordKind[]) {
      const records = linked.filter((r) => r.record === recordKind);
      const written = await upsert(tx, STORAGE[recordKind] as Storage<(typeof records)[number]>, records, now);
      counts.inserted += written.filter((w) => w.inserted).length;
      counts.updated += written.filter((w) => !w.inserted).length;
      counts.unchanged += records.length - written.length;
    }
    // Lines a former version of this file could not be read at are stale once the file is read again.
    await clearStaleQuarantine(tx, CONNECTOR, `file:${file.name}:`, unreadable.map((p) => p.sourceKey));
    await settleBatch(tx, CONNECTOR, counts, problems, linked.map((r) => r.sourceKey));
    await recordIdentityReviews(tx, CONNECTOR, held, linked.map((r) => r.sourceKey));
    await recordDataQuality(tx, CONNECTOR, linked);
    await tx.processedFile.create({ data: { connector: CONNECTOR, sha256: file.sha256, name: file.name, rows: counts.read } });
  }, FILE_TRANSACTION);
  return counts;
}

export async function syncWelfare(source: WelfareSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  const processed = new Set((await prisma().processedFile.findMany({ where: { connector: CONNECTOR }, select: { sha256: true } })).map((f) => f.sha256));
  // The same export dropped twice under two names is read once (its hash is the processed file's key).
  const files: DropFile[] = [];
  for (const file of await source.files()) {
    if (processed.has(file.sha256)) continue;
    processed.add(file.sha256);
    files.push(file);
  }
  const expected = files.reduce((sum, f) => sum + f.rows.length + f.unreadable.length, 0);
  for (const file of files) {
    addCounts(total, await syncFile(file));
    onProgress?.(total, expected);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}
