// Incremental, idempotent, resumable sync of household registrations: each
// batch is mapped, linked to core persons, written and its cursor advanced
// in one transaction, so a killed sync resumes at the last whole batch and a
// second run changes nothing. Every source row ends stored, merged as a
// duplicate, or quarantined with its reason.
import { prisma } from '../../src/db/prisma.ts';
import { reviewedQuarantine, runCursorSync } from '../kit/cursor-sync.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { BATCH_TRANSACTION } from '../kit/batch-transaction.ts';
import { recordDataQuality } from '../kit/data-quality-store.ts';
import { recordIdentityReviews, type HeldRecord } from '../kit/identity-review-store.ts';
import { guardRecord } from '../kit/record-guard.ts';
import { createResidents, mayCreateResident } from './new-residents.ts';
import { addCounts, emptyCounts, readCursor, settleBatch, type Problem, type SyncCounts, writeCursor } from '../kit/sync-store.ts';
import { mapEvent, mapMember, type MappedEvent, type MappedMember } from './mapping.ts';
import type { AgencyMemberRow, HouseholdEventSource, HouseholdSource, SourcePosition } from './source.ts';

export const CONNECTOR = 'household-registration';
/**
 * The events table has its own cursor. Its quarantine stays under CONNECTOR
 * (keys prefixed `event:`), so the offices see all their records in one list.
 */
export const EVENTS_CURSOR = `${CONNECTOR}:events`;

export interface SyncOptions {
  batchSize?: number;
  /** Called after each batch with the counts so far and the rows this run expects to read. */
  onProgress?: (counts: SyncCounts, expected: number) => void;
}

export async function syncHouseholdRegistration(source: HouseholdSource, options: SyncOptions = {}): Promise<SyncCounts> {
  const batchSize = options.batchSize ?? 2_000;
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  const startCursor = await readCursor(prisma(), CONNECTOR);
  const expected = await source.countSince(startCursor ? (JSON.parse(startCursor) as SourcePosition) : null);
  // Member records a reviewer has since linked are taken in first: the cursor passed them long ago.
  const decided = await reviewedQuarantine(CONNECTOR, (key) => !key.startsWith('event:'));
  if (decided.length > 0) addCounts(total, await takeInMembers(decided.map(reviveMemberRow), false));
  for (;;) {
    const stored = await readCursor(prisma(), CONNECTOR);
    const position = stored ? (JSON.parse(stored) as SourcePosition) : null;
    const rows = await source.changedSince(position, batchSize);
    if (rows.length === 0) break;
    addCounts(total, await takeInMembers(rows, true));
    options.onProgress?.(total, expected);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}

/** A member row kept as JSON in quarantine has its update time as text again. */
function reviveMemberRow(raw: unknown): AgencyMemberRow {
  const row = raw as AgencyMemberRow & { upd_ts: Date | string };
  return { ...row, upd_ts: new Date(row.upd_ts) };
}

/** Maps, links, writes and settles one batch of member rows in one transaction; advances the cursor past them if asked. */
async function takeInMembers(rows: AgencyMemberRow[], advanceCursor: boolean): Promise<SyncCounts> {
  const batch = emptyCounts();
  batch.read = rows.length;

  const mapped = rows.map((row) => ({ row, result: guardRecord(row, () => mapMember(row), (m) => m.member.sourceKey, { fallbackKey: `row ${row.row_id}` }) }));
  // A row repeated in the same batch is merged into the latest one.
  const latest = new Map<string, MappedMember>();
  const rowOf = new Map<string, unknown>();
  for (const { row, result } of mapped) {
    if (!result.ok) continue;
    latest.set(result.member.sourceKey, result.member);
    rowOf.set(result.member.sourceKey, row);
  }
  const members = [...latest.values()];
  batch.merged += mapped.filter((m) => m.result.ok).length - members.length;
  const links = await linkIdentities(members.map((m) => ({ nationalId: m.nationalId, name: m.name, birthDate: m.birthDate, householdNumber: m.householdNumber, address: m.address, sourceKey: m.sourceKey })), { connector: CONNECTOR });

  const linked: { member: MappedMember; personId: number }[] = [];
  const problems: Problem[] = [];
  const held: HeldRecord[] = [];
  for (const { row, result } of mapped) if (!result.ok) problems.push({ sourceKey: result.sourceKey, raw: row, reason: result.reason });
  const newResidents: (MappedMember & { birthDate: Date })[] = [];
  members.forEach((member, i) => {
    const link = links[i]!;
    if (link.ok) linked.push({ member, personId: link.personId });
    else if (link.outcome === 'NEW_PERSON' && mayCreateResident(member)) newResidents.push(member);
    else {
      problems.push({ sourceKey: member.sourceKey, raw: rowOf.get(member.sourceKey), reason: link.reason });
      held.push({ sourceKey: member.sourceKey, claim: member, result: link });
    }
  });

  const last = rows[rows.length - 1]!;
  await prisma().$transaction(async (tx) => {
    const created = await createResidents(tx, newResidents);
    for (const member of newResidents) linked.push({ member, personId: created.get(member.sourceKey)! });
    // Two source records that resolve to one person: the later one wins, the other is merged.
    const byPerson = new Map<number, { member: MappedMember; personId: number }>();
    for (const entry of linked) byPerson.set(entry.personId, entry);
    batch.merged += linked.length - byPerson.size;
    const entries = [...byPerson.values()];
    const written = entries.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO household.registration AS r
        (person_id, household_number, relationship, address, district_code, registered_on, source_key, source_updated_at, synced_at)
      SELECT * FROM unnest(
        ${entries.map((e) => e.personId)}::int[], ${entries.map((e) => e.member.householdNumber)}::text[],
        ${entries.map((e) => e.member.relationship)}::core."Relationship"[], ${entries.map((e) => e.member.address)}::text[],
        ${entries.map((e) => e.member.districtCode)}::text[], ${entries.map((e) => e.member.registeredOn)}::date[],
        ${entries.map((e) => e.member.sourceKey)}::text[], ${entries.map((e) => e.member.sourceUpdatedAt)}::timestamptz[],
        ${entries.map(() => new Date())}::timestamptz[])
      ON CONFLICT (person_id) DO UPDATE SET
        household_number = EXCLUDED.household_number, relationship = EXCLUDED.relationship, address = EXCLUDED.address,
        district_code = EXCLUDED.district_code, registered_on = EXCLUDED.registered_on, source_key = EXCLUDED.source_key,
        source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
      WHERE (r.household_number, r.relationship, r.address, r.district_code, r.registered_on)
            IS DISTINCT FROM (EXCLUDED.household_number, EXCLUDED.relationship, EXCLUDED.address, EXCLUDED.district_code, EXCLUDED.registered_on)
      RETURNING (xmax = 0) AS inserted`;
    batch.inserted += written.filter((w) => w.inserted).length;
    batch.updated += written.filter((w) => !w.inserted).length;
    batch.unchanged += entries.length - written.length;
    await settleBatch(tx, CONNECTOR, batch, problems, entries.map((e) => e.member.sourceKey));
    await recordIdentityReviews(tx, CONNECTOR, held, entries.map((e) => e.member.sourceKey));
    await recordDataQuality(tx, CONNECTOR, entries.map((e) => e.member));
    // A row without an ID is keyed by its name and birth date as written: once corrected, its old key's quarantine is stale.
    const takenRows = entries.filter((e) => e.member.nationalId === null).map((e) => (rowOf.get(e.member.sourceKey) as AgencyMemberRow).row_id);
    if (takenRows.length > 0) {
      await tx.$executeRaw`DELETE FROM sync.quarantine WHERE connector = ${CONNECTOR} AND source_key NOT LIKE 'event:%'
        AND raw->>'row_id' = ANY(${takenRows.map(String)}::text[]) AND NOT (source_key = ANY(${entries.map((e) => e.member.sourceKey)}::text[]))`;
    }
    if (advanceCursor) await writeCursor(tx, CONNECTOR, JSON.stringify({ updatedAt: last.upd_ts_exact, rowId: last.row_id } satisfies SourcePosition));
  }, BATCH_TRANSACTION);
  return batch;
}

/** How many event rows the next events sync will read. */
export async function pendingEvents(source: HouseholdEventSource): Promise<number> {
  const stored = await readCursor(prisma(), EVENTS_CURSOR);
  return source.countEventsSince(stored ? (JSON.parse(stored) as SourcePosition) : null);
}

/**
 * Incremental, idempotent, resumable sync of registration events by their own
 * cursor (connectors/kit/cursor-sync.ts). Within a batch, the last row of a
 * registration number decides (a late correction or a repeat); the rows it
 * supersedes are counted as merged.
 */
export function syncHouseholdEvents(source: HouseholdEventSource, options: SyncOptions = {}): Promise<SyncCounts> {
  return runCursorSync(
    {
      connector: CONNECTOR,
      cursorKey: EVENTS_CURSOR,
      source: `${source.describe()} (h_event)`,
      batchSize: options.batchSize ?? 2_000,
      fetch: (position, limit) => source.eventsChangedSince(position, limit),
      ownsKey: (key) => key.startsWith('event:'),
      map: (row) => {
        const result = mapEvent(row);
        return result.ok ? { ok: true, value: result.event } : result;
      },
      write: (tx, linked: (MappedEvent & { personId: number })[], now) => tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO household.event AS e
          (person_id, kind, occurred_on, household_number, district_code, source_key, source_updated_at, synced_at)
        SELECT * FROM unnest(
          ${linked.map((l) => l.personId)}::int[], ${linked.map((l) => l.kind)}::household."HouseholdEventKind"[],
          ${linked.map((l) => l.occurredOn)}::date[], ${linked.map((l) => l.householdNumber)}::text[],
          ${linked.map((l) => l.districtCode)}::text[], ${linked.map((l) => l.sourceKey)}::text[],
          ${linked.map((l) => l.sourceUpdatedAt)}::timestamptz[], ${linked.map(() => now)}::timestamptz[])
        ON CONFLICT (source_key) DO UPDATE SET
          person_id = EXCLUDED.person_id, kind = EXCLUDED.kind, occurred_on = EXCLUDED.occurred_on,
          household_number = EXCLUDED.household_number, district_code = EXCLUDED.district_code,
          source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
        WHERE (e.person_id, e.kind, e.occurred_on, e.household_number, e.district_code)
              IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.kind, EXCLUDED.occurred_on, EXCLUDED.household_number, EXCLUDED.district_code)
        RETURNING (xmax = 0) AS inserted`,
    },
    options.onProgress,
  );
}
