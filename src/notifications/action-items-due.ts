// ACTION_ITEM_DUE: once per open action item, when it falls due within the
// next 3 days (Taipei calendar) or is overdue, an event to the unit or
// organisation that owns it. Runs with the hourly schedule on the job queue;
// the dedupe key records each item once, so running it again, or on several
// replicas, adds nothing.
import { prisma } from '../db/prisma.ts';
import { taipeiDay } from '../domain/taipei-day.ts';
import { recordEvent } from './record-event.ts';

/** The events name the hub's schedule as their author, on behalf of the meeting's convening unit. */
export const ACTION_ITEM_WORKER = 'hub:action-items-due';
export const DUE_WITHIN_DAYS = 3;

interface DueItem {
  id: number;
  meeting_id: number;
  family_id: number | null;
  owner_unit_code: string;
  owner_organization_id: number | null;
  convenor_unit_code: string;
}

/** Records the events not recorded yet; returns how many it recorded. */
export async function recordActionItemsDue(now: Date = new Date()): Promise<number> {
  const today = taipeiDay(now).toISOString().slice(0, 10);
  const items = await prisma().$queryRaw<DueItem[]>`
    SELECT a.id, a.meeting_id, a.family_id, a.owner_unit_code, a.owner_organization_id, m.convenor_unit_code
      FROM core.action_item a JOIN core.meeting m ON m.id = a.meeting_id
     WHERE a.status IN ('OPEN', 'IN_PROGRESS') AND m.status <> 'CANCELLED'
       AND a.due_on <= ${today}::date + ${DUE_WITHIN_DAYS}::int
       AND NOT EXISTS (SELECT 1 FROM core.notification_event e WHERE e.dedupe_key = 'action-item-due:' || a.id)
     ORDER BY a.due_on, a.id`;
  let recorded = 0;
  for (const item of items) {
    const id = await prisma().$transaction((tx) =>
      recordEvent(tx, {
        kind: 'ACTION_ITEM_DUE',
        familyId: item.family_id,
        record: { type: 'ActionItem', id: item.id },
        recipients: item.owner_organization_id === null ? { units: [item.owner_unit_code] } : { organizations: [Number(item.owner_organization_id)] },
        actor: { unit: item.convenor_unit_code, workerId: ACTION_ITEM_WORKER },
        dedupeKey: `action-item-due:${item.id}`,
      }),
    );
    if (id !== null) recorded += 1;
  }
  return recorded;
}
