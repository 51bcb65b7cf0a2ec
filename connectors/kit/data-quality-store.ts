// Keeps the data-quality notes of records stored with a broken field
// (sync.data_quality), in the batch's transaction: a record stored with notes
// is written (or refreshed), one stored sound again leaves.
import type { Prisma } from '../../src/generated/prisma/client.ts';

export interface StoredRecordNotes {
  sourceKey: string;
  dataQuality?: readonly string[];
}

export async function recordDataQuality(tx: Prisma.TransactionClient, connector: string, stored: readonly StoredRecordNotes[]): Promise<void> {
  const flagged = [...new Map(stored.filter((s) => (s.dataQuality?.length ?? 0) > 0).map((s) => [s.sourceKey, s])).values()];
  const sound = stored.filter((s) => (s.dataQuality?.length ?? 0) === 0).map((s) => s.sourceKey);
  if (flagged.length > 0) {
    await tx.$executeRaw`
      INSERT INTO sync.data_quality AS d (connector, source_key, notes, updated_at)
      SELECT ${connector}, key, string_to_array(notes, E'\\n'), CURRENT_TIMESTAMP
      FROM unnest(${flagged.map((f) => f.sourceKey)}::text[], ${flagged.map((f) => f.dataQuality!.join('\n'))}::text[]) AS t(key, notes)
      ON CONFLICT (connector, source_key) DO UPDATE SET notes = EXCLUDED.notes, updated_at = EXCLUDED.updated_at`;
  }
  if (sound.length > 0) await tx.$executeRaw`DELETE FROM sync.data_quality WHERE connector = ${connector} AND source_key = ANY(${sound}::text[])`;
}
