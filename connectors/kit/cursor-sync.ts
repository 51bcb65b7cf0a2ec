// The sync of a connector that reads an agency database by an update cursor:
// rows after (upd_ts, row_id), in batches; each batch mapped, linked to
// core persons, written, settled and its cursor advanced in one transaction,
// so a killed run resumes at the last whole batch and a second run reads
// nothing. The connector supplies only what is its own: reading, mapping
// and writing.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities, type IdentityClaim } from './identity-linking.ts';
import { BATCH_TRANSACTION } from './batch-transaction.ts';
import { recordDataQuality } from './data-quality-store.ts';
import { recordIdentityReviews, type HeldRecord } from './identity-review-store.ts';
import { guardRecord } from './record-guard.ts';
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
  /** Which of the connector's quarantined source keys are this table's, when a connector reads more than one table. */
  ownsKey?: (sourceKey: string) => boolean;
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
  // Records a reviewer has since linked are taken in first: the cursor passed them long ago.
  const decided = await reviewedQuarantine(spec.connector, spec.ownsKey);
  if (decided.length > 0) addCounts(total, await takeInBatch(spec, decided.map((raw) => reviveRow(raw) as Row), null));
  for (;;) {
    const stored = await readCursor(prisma(), cursorKey);
    const rows = await spec.fetch(stored ? (JSON.parse(stored) as CursorPosition) : null, spec.batchSize ?? 1_000);
    if (rows.length === 0) break;
    addCounts(total, await takeInBatch(spec, rows, cursorKey));
    onProgress?.(total, total.read);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}

/** Maps, links, writes and settles one batch in one transaction; advances the cursor when one is named. */
async function takeInBatch<Row extends CursorRow, Record extends IdentityClaim & { sourceKey: string }>(
  spec: CursorSyncSpec<Row, Record>,
  rows: Row[],
  cursorKey: string | null,
): Promise<SyncCounts> {
  const counts = emptyCounts();
  counts.read = rows.length;
  const mapped = rows.map((row) => ({ row, result: guardRecord(row, () => spec.map(row), (m) => m.value.sourceKey, { fallbackKey: `row ${row.row_id}` }) }));
  const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
  const ok = mapped.flatMap(({ row, result }) => (result.ok ? [{ row, record: result.value }] : []));
  const links = await linkIdentities(ok.map(({ record }) => record), { connector: spec.connector });
  // A record the source repeats within a batch is merged into its latest row.
  const latest = new Map<string, Record & { personId: number }>();
  let unlinked = 0;
  const held: HeldRecord[] = [];
  ok.forEach(({ row, record }, i) => {
    const link = links[i]!;
    if (link.ok) latest.set(record.sourceKey, { ...record, personId: link.personId });
    else {
      unlinked++;
      problems.push({ sourceKey: record.sourceKey, raw: row, reason: link.reason });
      held.push({ sourceKey: record.sourceKey, claim: record, result: link });
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
    await recordIdentityReviews(tx, spec.connector, held, linked.map((l) => l.sourceKey));
    await recordDataQuality(tx, spec.connector, linked);
    if (cursorKey) await writeCursor(tx, cursorKey, JSON.stringify({ updatedAt: last.upd_ts_exact, rowId: last.row_id } satisfies CursorPosition));
  }, BATCH_TRANSACTION);
  return counts;
}

/** Quarantined raw rows of `connector` that a reviewer has linked since (a standing LINK decision). */
export async function reviewedQuarantine(connector: string, ownsKey: (sourceKey: string) => boolean = () => true): Promise<unknown[]> {
  const rows = await prisma().$queryRaw<{ source_key: string; raw: unknown }[]>`
    SELECT q.source_key, q.raw FROM sync.quarantine q
    WHERE q.connector = ${connector}
      AND EXISTS (SELECT 1 FROM sync.identity_decision d
                  WHERE d.connector = q.connector AND d.source_key = q.source_key AND d.decision = 'LINK' AND d.withdrawn_at IS NULL)
    ORDER BY q.id`;
  return rows.filter((r) => ownsKey(r.source_key)).map((r) => r.raw);
}

/** A row kept as JSON in quarantine has its update time as text again. */
function reviveRow(raw: unknown): unknown {
  const row = raw as { upd_ts?: unknown };
  return typeof row.upd_ts === 'string' ? { ...row, upd_ts: new Date(row.upd_ts) } : row;
}
