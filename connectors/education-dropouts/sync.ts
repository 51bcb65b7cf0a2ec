// Incremental, resumable sync of the Education Bureau's two registers, each by
// its own update cursor (connectors/kit/cursor-sync.ts): dropout episodes
// and enrolments.
import { runCursorSync } from '../kit/cursor-sync.ts';
import { addCounts, emptyCounts, type SyncCounts } from '../kit/sync-store.ts';
import { mapDropoutRow, mapEnrolmentRow, type MappedEnrolment, type MappedEpisode } from './mapping.ts';
import type { PgEducationSource } from './source.ts';

export const CONNECTOR = 'education-dropouts';
/** Where the enrolment register's sync stands; its runs and quarantine are the connector's. */
export const ENROLMENT_CURSOR = 'education-dropouts/enrolments';

type Progress = (counts: SyncCounts, expected: number) => void;

export function syncDropouts(source: PgEducationSource, onProgress?: Progress): Promise<SyncCounts> {
  return runCursorSync(
    {
      connector: CONNECTOR,
      source: source.describe('drop_register'),
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

export function syncEnrolments(source: PgEducationSource, onProgress?: Progress): Promise<SyncCounts> {
  return runCursorSync(
    {
      connector: CONNECTOR,
      cursorKey: ENROLMENT_CURSOR,
      source: source.describe('enrol_register'),
      fetch: (position, limit) => source.enrolmentsChangedSince(position, limit),
      map: (row) => {
        const result = mapEnrolmentRow(row);
        return result.ok ? { ok: true, value: result.enrolment } : result;
      },
      write: (tx, linked: (MappedEnrolment & { personId: number })[], now) => tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO education.enrolment AS e (source_key, person_id, school_code, grade, enrolled_on, left_on, source_updated_at, synced_at)
        SELECT * FROM unnest(${linked.map((l) => l.sourceKey)}::text[], ${linked.map((l) => l.personId)}::int[], ${linked.map((l) => l.schoolCode)}::text[],
          ${linked.map((l) => l.grade)}::int[], ${linked.map((l) => l.enrolledOn)}::date[], ${linked.map((l) => l.leftOn)}::date[],
          ${linked.map((l) => l.sourceUpdatedAt)}::timestamptz[], ${linked.map(() => now)}::timestamptz[])
        ON CONFLICT (source_key) DO UPDATE SET person_id = EXCLUDED.person_id, school_code = EXCLUDED.school_code, grade = EXCLUDED.grade,
          enrolled_on = EXCLUDED.enrolled_on, left_on = EXCLUDED.left_on, source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
        WHERE (e.person_id, e.grade, e.left_on) IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.grade, EXCLUDED.left_on)
        RETURNING (xmax = 0) AS inserted`,
    },
    onProgress,
  );
}

/** Both registers, one after the other; the counts are their sum. */
export async function syncEducation(source: PgEducationSource, onProgress?: Progress): Promise<SyncCounts> {
  const dropouts = await syncDropouts(source, onProgress);
  const total = emptyCounts();
  addCounts(total, dropouts);
  const enrolments = await syncEnrolments(source, (counts) => {
    const sum = { ...dropouts };
    addCounts(sum, counts);
    onProgress?.(sum, sum.read);
  });
  addCounts(total, enrolments);
  return total;
}
