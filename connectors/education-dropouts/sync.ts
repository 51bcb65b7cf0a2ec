// Incremental, resumable sync of dropout episodes: each batch and its cursor
// in one transaction, as the household-registration connector does.
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { addCounts, emptyCounts, readCursor, settleBatch, type Problem, type SyncCounts, writeCursor } from '../kit/sync-store.ts';
import { mapDropoutRow } from './mapping.ts';
import type { PgDropoutSource, SourcePosition } from './source.ts';

export const CONNECTOR = 'education-dropouts';

export async function syncDropouts(source: PgDropoutSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  for (;;) {
    const stored = await readCursor(prisma(), CONNECTOR);
    const rows = await source.changedSince(stored ? (JSON.parse(stored) as SourcePosition) : null, 1_000);
    if (rows.length === 0) break;
    const counts = emptyCounts();
    counts.read = rows.length;
    const mapped = rows.map((row) => ({ row, result: mapDropoutRow(row) }));
    const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
    const ok = mapped.flatMap(({ row, result }) => (result.ok ? [{ row, episode: result.episode }] : []));
    const links = await linkIdentities(ok.map(({ episode }) => episode));
    const linked = ok.flatMap(({ row, episode }, i) => {
      const link = links[i]!;
      if (!link.ok) problems.push({ sourceKey: episode.sourceKey, raw: row, reason: link.reason });
      return link.ok ? [{ ...episode, personId: link.personId }] : [];
    });
    const last = rows[rows.length - 1]!;
    await prisma().$transaction(async (tx) => {
      const now = new Date();
      const written = linked.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO education.dropout_episode AS e
          (source_key, person_id, school_code, started_on, returned_on, referred_to_counselling, case_opened, source_updated_at, synced_at)
        SELECT * FROM unnest(${linked.map((l) => l.sourceKey)}::text[], ${linked.map((l) => l.personId)}::int[], ${linked.map((l) => l.schoolCode)}::text[],
          ${linked.map((l) => l.startedOn)}::date[], ${linked.map((l) => l.returnedOn)}::date[], ${linked.map((l) => l.referredToCounselling)}::boolean[],
          ${linked.map((l) => l.caseOpened)}::boolean[], ${linked.map((l) => l.sourceUpdatedAt)}::timestamptz[], ${linked.map(() => now)}::timestamptz[])
        ON CONFLICT (source_key) DO UPDATE SET person_id = EXCLUDED.person_id, school_code = EXCLUDED.school_code, started_on = EXCLUDED.started_on,
          returned_on = EXCLUDED.returned_on, referred_to_counselling = EXCLUDED.referred_to_counselling, case_opened = EXCLUDED.case_opened,
          source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
        WHERE (e.person_id, e.returned_on, e.referred_to_counselling, e.case_opened)
              IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.returned_on, EXCLUDED.referred_to_counselling, EXCLUDED.case_opened)
        RETURNING (xmax = 0) AS inserted`;
      counts.inserted += written.filter((w) => w.inserted).length;
      counts.updated += written.filter((w) => !w.inserted).length;
      counts.unchanged += linked.length - written.length;
      await settleBatch(tx, CONNECTOR, counts, problems, linked.map((l) => l.sourceKey));
      await writeCursor(tx, CONNECTOR, JSON.stringify({ updatedAt: last.upd_ts_exact, rowId: last.row_id } satisfies SourcePosition));
    });
    addCounts(total, counts);
    onProgress?.(total, total.read);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}
