// RELEASE_COMING: once per release from prison or hospital (出監/出院) due in
// the next 30 days, an event to the units and organisations serving each
// current family of the person released. Releases come from the probation
// transitions connector (probation.transition); the task runs hourly on the
// job queue (cron) and records each release once per family (dedupe key), so
// running it again, or on several replicas, adds nothing.
import { prisma } from '../db/prisma.ts';
import { recipientsServing, recordEvent } from './record-event.ts';

/** Who the events name as their source: the connector's owner, through the hub's schedule. */
export const RELEASE_ACTOR = { unit: 'JUSTICE', workerId: 'hub:release-coming' } as const;
export const RELEASE_HORIZON_DAYS = 30;

interface Release {
  source_key: string;
  person_id: number;
  family_id: number;
}

/** Records the events not recorded yet; returns how many it recorded. */
export async function recordComingReleases(today: Date = new Date()): Promise<number> {
  const day = today.toISOString().slice(0, 10);
  const releases = await prisma().$queryRaw<Release[]>`
    SELECT t.source_key, t.person_id, m.family_id
    FROM probation.transition t
    JOIN core.family_membership m ON m.person_id = t.person_id AND (m.end_date IS NULL OR m.end_date >= ${day}::date)
    WHERE t.kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE')
      AND t.release_on >= ${day}::date AND t.release_on <= ${day}::date + ${RELEASE_HORIZON_DAYS}::int
      AND NOT EXISTS (SELECT 1 FROM core.notification_event e WHERE e.dedupe_key = 'release:' || t.source_key || ':' || m.family_id)
    ORDER BY t.release_on, t.source_key, m.family_id`;
  let recorded = 0;
  for (const release of releases) {
    const id = await prisma().$transaction(async (tx) =>
      recordEvent(tx, {
        kind: 'RELEASE_COMING',
        familyId: release.family_id,
        record: { type: 'Person', id: release.person_id },
        recipients: await recipientsServing(tx, release.family_id, ''),
        actor: RELEASE_ACTOR,
        dedupeKey: `release:${release.source_key}:${release.family_id}`,
      }),
    );
    if (id !== null) recorded += 1;
  }
  return recorded;
}
