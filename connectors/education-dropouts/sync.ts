// Incremental, resumable sync of dropout episodes from the register, by its
// update cursor (connectors/kit/cursor-sync.ts).
import type { SyncCounts } from '../kit/sync-store.ts';
import { runCursorSync } from '../kit/cursor-sync.ts';
import { mapDropoutRow, type MappedEpisode } from './mapping.ts';
import type { PgDropoutSource } from './source.ts';

export const CONNECTOR = 'education-dropouts';

export function syncDropouts(source: PgDropoutSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  return runCursorSync(
    {
      connector: CONNECTOR,
      source: source.describe(),
      fetch: (position, limit) => source.changedSince(position, limit),
      map: (row) => {
        const result = mapDropoutRow(row);
        return result.ok ? { ok: true, value: result.episode } : result;
      },
      write: (tx, linked: (MappedEpisode & { personId: number })[], now) => tx.$queryRaw<{ inserted: boolean }[]>`
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
        RETURNING (xmax = 0) AS inserted`,
    },
    onProgress,
  );
}
