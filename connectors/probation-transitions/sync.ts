// Incremental, resumable sync of transitions: each batch and its cursor in
// one transaction, as the household-registration connector does.
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { addCounts, emptyCounts, readCursor, settleBatch, type Problem, type SyncCounts, writeCursor } from '../kit/sync-store.ts';
import { mapTransitionRow } from './mapping.ts';
import type { PgTransitionSource, SourcePosition } from './source.ts';

export const CONNECTOR = 'probation-transitions';

export async function syncTransitions(source: PgTransitionSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  for (;;) {
    const stored = await readCursor(prisma(), CONNECTOR);
    const rows = await source.changedSince(stored ? (JSON.parse(stored) as SourcePosition) : null, 1_000);
    if (rows.length === 0) break;
    const counts = emptyCounts();
    counts.read = rows.length;
    const mapped = rows.map((row) => ({ row, result: mapTransitionRow(row) }));
    const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
    const ok = mapped.flatMap(({ row, result }) => (result.ok ? [{ row, transition: result.transition }] : []));
    const links = await linkIdentities(ok.map(({ transition }) => transition));
    const linked = ok.flatMap(({ row, transition }, i) => {
      const link = links[i]!;
      if (!link.ok) problems.push({ sourceKey: transition.sourceKey, raw: row, reason: link.reason });
      return link.ok ? [{ ...transition, personId: link.personId }] : [];
    });
    const last = rows[rows.length - 1]!;
    await prisma().$transaction(async (tx) => {
      const now = new Date();
      const written = linked.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO probation.transition AS t (source_key, person_id, kind, started_on, release_on, meeting_on, invited_units, source_updated_at, synced_at)
        SELECT s.key, s.person, s.kind, s.started, s.release, s.meeting, string_to_array(s.invited, ','), s.updated, s.synced
        FROM unnest(${linked.map((l) => l.sourceKey)}::text[], ${linked.map((l) => l.personId)}::int[], ${linked.map((l) => l.kind)}::probation."TransitionKind"[],
          ${linked.map((l) => l.startedOn)}::date[], ${linked.map((l) => l.releaseOn)}::date[], ${linked.map((l) => l.meetingOn)}::date[],
          ${linked.map((l) => l.invitedUnits.join(','))}::text[], ${linked.map((l) => l.sourceUpdatedAt)}::timestamptz[], ${linked.map(() => now)}::timestamptz[])
          AS s(key, person, kind, started, release, meeting, invited, updated, synced)
        ON CONFLICT (source_key) DO UPDATE SET person_id = EXCLUDED.person_id, kind = EXCLUDED.kind, started_on = EXCLUDED.started_on,
          release_on = EXCLUDED.release_on, meeting_on = EXCLUDED.meeting_on, invited_units = EXCLUDED.invited_units,
          source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
        WHERE (t.person_id, t.kind, t.started_on, t.release_on, t.meeting_on, t.invited_units)
              IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.kind, EXCLUDED.started_on, EXCLUDED.release_on, EXCLUDED.meeting_on, EXCLUDED.invited_units)
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
