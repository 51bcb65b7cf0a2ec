// The sync of a connector that reads an agency database by an update cursor:
// rows after (upd_ts, row_id), in batches; each batch mapped, linked to
// core persons, written, settled and its cursor advanced in one transaction,
// so a killed run resumes at the last whole batch and a second run reads
// nothing. The connector supplies only what is its own: reading, mapping
// and writing.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities, type IdentityClaim } from './identity-linking.ts';
import { addCounts, emptyCounts, readCursor, settleBatch, writeCursor, type Problem, type SyncCounts } from './sync-store.ts';

export interface CursorPosition {
  updatedAt: string;
  rowId: number;
}

export interface CursorRow {
  row_id: number;
  /** upd_ts exactly as stored (microseconds), for the cursor. */
  upd_ts_exact: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; sourceKey: string; reason: string };

export interface CursorSyncSpec<Row extends CursorRow, Record extends IdentityClaim & { sourceKey: string }> {
  /** The connector: its runs and quarantine are recorded under this name. */
  connector: string;
  /** Where this table's sync stands, when a connector reads more than one table; the connector's name otherwise. */
  cursorKey?: string;
  source: string;
  batchSize?: number;
  fetch(position: CursorPosition | null, limit: number): Promise<Row[]>;
  map(row: Row): Mapped<Record>;
  /** Upserts the linked records (one per source key); returns one flag per inserted or changed row (unchanged rows are not returned). */
  write(tx: Prisma.TransactionClient, linked: (Record & { personId: number })[], now: Date): Promise<{ inserted: boolean }[]>;
}

export async function runCursorSync<Row extends CursorRow, Record extends IdentityClaim & { sourceKey: string }>(
  spec: CursorSyncSpec<Row, Record>,
  onProgress?: (counts: SyncCounts, expected: number) => void,
): Promise<SyncCounts> {
  const total = emptyCounts();
  const cursorKey = spec.cursorKey ?? spec.connector;
  const run = await prisma().syncRun.create({ data: { connector: spec.connector, source: spec.source, startedAt: new Date() } });
  for (;;) {
    const stored = await readCursor(prisma(), cursorKey);
    const rows = await spec.fetch(stored ? (JSON.parse(stored) as CursorPosition) : null, spec.batchSize ?? 1_000);
    if (rows.length === 0) break;
    const counts = emptyCounts();
    counts.read = rows.length;
    const mapped = rows.map((row) => ({ row, result: spec.map(row) }));
    const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
    const ok = mapped.flatMap(({ row, result }) => (result.ok ? [{ row, record: result.value }] : []));
    const links = await linkIdentities(ok.map(({ record }) => record));
    // A record the source repeats within a batch is merged into its latest row.
    const latest = new Map<string, Record & { personId: number }>();
    let unlinked = 0;
    ok.forEach(({ row, record }, i) => {
      const link = links[i]!;
      if (link.ok) latest.set(record.sourceKey, { ...record, personId: link.personId });
      else {
        unlinked++;
        problems.push({ sourceKey: record.sourceKey, raw: row, reason: link.reason });
      }
    });
    const linked = [...latest.values()];
    counts.merged += ok.length - unlinked - linked.length;
    const last = rows[rows.length - 1]!;
    await prisma().$transaction(async (tx) => {
      const written = linked.length === 0 ? [] : await spec.write(tx, linked, new Date());
      counts.inserted += written.filter((w) => w.inserted).length;
      counts.updated += written.filter((w) => !w.inserted).length;
      counts.unchanged += linked.length - written.length;
      await settleBatch(tx, spec.connector, counts, problems, linked.map((l) => l.sourceKey));
      await writeCursor(tx, cursorKey, JSON.stringify({ updatedAt: last.upd_ts_exact, rowId: last.row_id } satisfies CursorPosition));
    });
    addCounts(total, counts);
    onProgress?.(total, total.read);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}
