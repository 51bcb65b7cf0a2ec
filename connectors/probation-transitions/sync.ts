// Incremental, resumable sync of transitions from the prosecutors' register,
// by its update cursor (connectors/kit/cursor-sync.ts).
import type { SyncCounts } from '../kit/sync-store.ts';
import { runCursorSync } from '../kit/cursor-sync.ts';
import { mapTransitionRow, type MappedTransition } from './mapping.ts';
import type { PgTransitionSource } from './source.ts';

export const CONNECTOR = 'probation-transitions';

export function syncTransitions(source: PgTransitionSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  return runCursorSync(
    {
      connector: CONNECTOR,
      source: source.describe(),
      fetch: (position, limit) => source.changedSince(position, limit),
      map: (row) => {
        const result = mapTransitionRow(row);
        return result.ok ? { ok: true, value: result.transition } : result;
      },
      write: (tx, linked: (MappedTransition & { personId: number })[], now) => tx.$queryRaw<{ inserted: boolean }[]>`
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
        RETURNING (xmax = 0) AS inserted`,
    },
    onProgress,
  );
}
