// File-drop sync: each file not seen before (by content hash) is mapped,
// linked and written in one transaction together with the record that it was
// processed, so a file is read once, a crash re-reads it whole, and a
// corrected file (new content) is taken in and clears its quarantined rows.
import { prisma } from '../../src/db/prisma.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { addCounts, emptyCounts, settleBatch, type Problem, type SyncCounts } from '../kit/sync-store.ts';
import { mapWelfareRow, type MappedStatus, type MappedSubsidy } from './mapping.ts';
import type { WelfareSource } from './source.ts';

export const CONNECTOR = 'welfare-subsidies';

export async function syncWelfare(source: WelfareSource, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
  const total = emptyCounts();
  const run = await prisma().syncRun.create({ data: { connector: CONNECTOR, source: source.describe(), startedAt: new Date() } });
  const processed = new Set((await prisma().processedFile.findMany({ where: { connector: CONNECTOR }, select: { sha256: true } })).map((f) => f.sha256));
  const files = (await source.files()).filter((f) => !processed.has(f.sha256));
  const expected = files.reduce((sum, f) => sum + f.rows.length, 0);
  for (const file of files) {
    const counts = emptyCounts();
    counts.read = file.rows.length;
    const mapped = file.rows.map((row) => ({ row, result: mapWelfareRow(row) }));
    const latest = new Map<string, { value: MappedStatus | MappedSubsidy; row: unknown }>();
    for (const { row, result } of mapped) if (result.ok) latest.set(result.value.sourceKey, { value: result.value, row });
    counts.merged += mapped.filter((m) => m.result.ok).length - latest.size;
    const entries = [...latest.values()];
    const links = await linkIdentities(entries.map(({ value }) => value));
    const problems: Problem[] = mapped.flatMap(({ row, result }) => (result.ok ? [] : [{ sourceKey: result.sourceKey, raw: row, reason: result.reason }]));
    const statuses: (MappedStatus & { personId: number })[] = [];
    const subsidies: (MappedSubsidy & { personId: number })[] = [];
    entries.forEach(({ value, row }, i) => {
      const link = links[i]!;
      if (!link.ok) problems.push({ sourceKey: value.sourceKey, raw: row, reason: link.reason });
      else if (value.record === 'status') statuses.push({ ...value, personId: link.personId });
      else subsidies.push({ ...value, personId: link.personId });
    });
    await prisma().$transaction(async (tx) => {
      const now = new Date();
      const written = [
        ...(statuses.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
          INSERT INTO welfare.status AS s (person_id, kind, valid_from, valid_to, source_key, synced_at)
          SELECT * FROM unnest(${statuses.map((s) => s.personId)}::int[], ${statuses.map((s) => s.kind)}::welfare."WelfareStatusKind"[],
            ${statuses.map((s) => s.validFrom)}::date[], ${statuses.map((s) => s.validTo)}::date[], ${statuses.map((s) => s.sourceKey)}::text[],
            ${statuses.map(() => now)}::timestamptz[])
          ON CONFLICT (source_key) DO UPDATE SET person_id = EXCLUDED.person_id, kind = EXCLUDED.kind, valid_from = EXCLUDED.valid_from,
            valid_to = EXCLUDED.valid_to, synced_at = EXCLUDED.synced_at
          WHERE (s.person_id, s.kind, s.valid_from, s.valid_to) IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.kind, EXCLUDED.valid_from, EXCLUDED.valid_to)
          RETURNING (xmax = 0) AS inserted`),
        ...(subsidies.length === 0 ? [] : await tx.$queryRaw<{ inserted: boolean }[]>`
          INSERT INTO welfare.subsidy AS s (person_id, kind_code, monthly_amount, from_month, to_month, source_key, synced_at)
          SELECT * FROM unnest(${subsidies.map((s) => s.personId)}::int[], ${subsidies.map((s) => s.kindCode)}::text[],
            ${subsidies.map((s) => s.monthlyAmount)}::int[], ${subsidies.map((s) => s.fromMonth)}::date[], ${subsidies.map((s) => s.toMonth)}::date[],
            ${subsidies.map((s) => s.sourceKey)}::text[], ${subsidies.map(() => now)}::timestamptz[])
          ON CONFLICT (source_key) DO UPDATE SET person_id = EXCLUDED.person_id, kind_code = EXCLUDED.kind_code,
            monthly_amount = EXCLUDED.monthly_amount, from_month = EXCLUDED.from_month, to_month = EXCLUDED.to_month, synced_at = EXCLUDED.synced_at
          WHERE (s.person_id, s.kind_code, s.monthly_amount, s.from_month, s.to_month)
                IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.kind_code, EXCLUDED.monthly_amount, EXCLUDED.from_month, EXCLUDED.to_month)
          RETURNING (xmax = 0) AS inserted`),
      ];
      counts.inserted += written.filter((w) => w.inserted).length;
      counts.updated += written.filter((w) => !w.inserted).length;
      counts.unchanged += statuses.length + subsidies.length - written.length;
      await settleBatch(tx, CONNECTOR, counts, problems, [...statuses, ...subsidies].map((s) => s.sourceKey));
      await tx.processedFile.create({ data: { connector: CONNECTOR, sha256: file.sha256, name: file.name, rows: file.rows.length } });
    });
    addCounts(total, counts);
    onProgress?.(total, expected);
  }
  await prisma().syncRun.update({ where: { id: run.id }, data: { ...total, finishedAt: new Date() } });
  return total;
}
