// Incremental sync from the labor referrals API: every item modified since
// the stored cursor, page by page, each page in one transaction; the cursor
// moves to the newest modification only once the whole run has succeeded, so
// an interrupted run is simply read again (writes are idempotent).
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { BATCH_TRANSACTION } from '../kit/batch-transaction.ts';
import { recordDataQuality } from '../kit/data-quality-store.ts';
import { recordIdentityReviews, type HeldRecord } from '../kit/identity-review-store.ts';
import { reviewedQuarantine } from '../kit/cursor-sync.ts';
import { addCounts, emptyCounts, readCursor, settleBatch, type Problem, type SyncCounts, writeCursor } from '../kit/sync-store.ts';
import { guardRecord } from '../kit/record-guard.ts';
import { mapLaborItem, type LaborApiItem } from './mapping.ts';
import type { LaborSource } from './source.ts';

export const CONNECTOR = 'labor-referrals';

export async function syncLabor(source: LaborSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  // Items a reviewer linked are taken in now, from what quarantine kept of them, not when the agency next changes them.
  const decided = (await reviewedQuarantine(CONNECTOR)) as LaborApiItem[];
  if (decided.length > 0) addCounts(total, await takeIn(decided));
  const since = await readCursor(prisma(), CONNECTOR);
  let newest = since;
  for await (const items of source.pages(since)) {
    addCounts(total, await takeIn(items));
    for (const item of items) if (!newest || item.modified_at > newest) newest = item.modified_at;
    onProgress?.(total, total.read);
  }
  if (newest && newest !== since) await writeCursor(prisma(), CONNECTOR, newest);
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}

/** One page of items (or the reviewed ones) mapped, linked and stored in one transaction with its quarantine and reviews. */
async function takeIn(items: LaborApiItem[]): Promise<SyncCounts> {
  const counts = emptyCounts();
  counts.read = items.length;
  // An item the mapping cannot read is quarantined under its case number when it has one as text.
  const keyOf = (item: Partial<LaborApiItem> | null) => (typeof item?.case_no === 'string' && item.case_no.trim() ? item.case_no.trim() : `?:${String(item?.modified_at)}`);
  const mapped = items.map((item) => ({ item, result: guardRecord(item, () => mapLaborItem(item), (m) => m.referral.caseNumber, { fallbackKey: keyOf(item) }) }));
  const ok = mapped.flatMap(({ item, result }) => (result.ok ? [{ item, referral: result.referral }] : []));
  const problems: Problem[] = mapped.flatMap(({ item, result }) =>
    result.ok ? [] : [{ sourceKey: result.sourceKey, raw: item, reason: result.reason }],
  );
  const links = await linkIdentities(ok.map(({ referral }) => ({ ...referral, sourceKey: referral.caseNumber })), { connector: CONNECTOR });
  const held: HeldRecord[] = [];
  const linked = ok.flatMap(({ item, referral }, i) => {
    const link = links[i]!;
    if (!link.ok) {
      problems.push({ sourceKey: referral.caseNumber, raw: item, reason: link.reason });
      held.push({ sourceKey: referral.caseNumber, claim: referral, result: link });
    }
    return link.ok ? [{ ...referral, personId: link.personId }] : [];
  });
  await prisma().$transaction(async (tx) => {
    const now = new Date();
    const written = linked.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO labor.referral AS r (case_number, person_id, kind, mental_disability, referred_on, outcome, placed_on, source_updated_at, synced_at)
      SELECT * FROM unnest(${linked.map((l) => l.caseNumber)}::text[], ${linked.map((l) => l.personId)}::int[],
        ${linked.map((l) => l.kind)}::labor."LaborServiceKind"[], ${linked.map((l) => l.mentalDisability)}::boolean[],
        ${linked.map((l) => l.referredOn)}::date[], ${linked.map((l) => l.outcome)}::labor."LaborOutcome"[],
        ${linked.map((l) => l.placedOn)}::date[], ${linked.map((l) => l.sourceUpdatedAt)}::timestamptz[], ${linked.map(() => now)}::timestamptz[])
      ON CONFLICT (case_number) DO UPDATE SET person_id = EXCLUDED.person_id, kind = EXCLUDED.kind, mental_disability = EXCLUDED.mental_disability,
        referred_on = EXCLUDED.referred_on, outcome = EXCLUDED.outcome, placed_on = EXCLUDED.placed_on,
        source_updated_at = EXCLUDED.source_updated_at, synced_at = EXCLUDED.synced_at
      WHERE (r.person_id, r.kind, r.mental_disability, r.referred_on, r.outcome, r.placed_on)
            IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.kind, EXCLUDED.mental_disability, EXCLUDED.referred_on, EXCLUDED.outcome, EXCLUDED.placed_on)
      RETURNING (xmax = 0) AS inserted`;
    counts.inserted += written.filter((w) => w.inserted).length;
    counts.updated += written.filter((w) => !w.inserted).length;
    counts.unchanged += linked.length - written.length;
    await settleBatch(tx, CONNECTOR, counts, problems, linked.map((l) => l.caseNumber));
    await recordIdentityReviews(tx, CONNECTOR, held, linked.map((l) => l.caseNumber));
    await recordDataQuality(tx, CONNECTOR, linked.map((l) => ({ sourceKey: l.caseNumber, dataQuality: l.dataQuality })));
  }, BATCH_TRANSACTION);
  return counts;
}
