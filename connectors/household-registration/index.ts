// The household-registration connector, as the registry and the sync CLI see it.
import { refreshingIndicators } from '../kit/indicator-buckets.ts';
import { addCounts, emptyCounts, type SyncCounts } from '../kit/sync-store.ts';
import { changeHouseholdSource, generateHouseholdSource } from './demo.ts';
import { householdPolicy } from './policy.ts';
import { householdSchema } from './schema.ts';
import { PgHouseholdSource } from './source.ts';
import { CONNECTOR, pendingEvents, syncHouseholdEvents, syncHouseholdRegistration } from './sync.ts';

export const householdRegistration = {
  name: CONNECTOR,
  schema: householdSchema,
  policy: householdPolicy,
  /** Builds the agency's demo database next to the hub's (schema agency_household). */
  generateDemoSource: generateHouseholdSource,
  changeDemoSource: changeHouseholdSource,
  /**
   * Syncs members, then registration events, from HUB_HOUSEHOLD_SOURCE_URL or
   * the demo source in the hub's own database; the counts are of both tables.
   */
  sync: refreshingIndicators(async (hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> => {
    const source = new PgHouseholdSource(process.env.HUB_HOUSEHOLD_SOURCE_URL || hubDatabaseUrl);
    try {
      const batchSize = Number(process.env.HUB_SYNC_BATCH_SIZE) || undefined;
      const eventsExpected = await pendingEvents(source);
      const members = await syncHouseholdRegistration(source, {
        batchSize,
        onProgress: onProgress && ((counts, expected) => onProgress(counts, expected + eventsExpected)),
      });
      const events = await syncHouseholdEvents(source, {
        batchSize,
        onProgress: onProgress && ((counts, expected) => {
          const both = emptyCounts();
          addCounts(both, members);
          addCounts(both, counts);
          onProgress(both, members.read + expected);
        }),
      });
      const total = emptyCounts();
      addCounts(total, members);
      addCounts(total, events);
      return total;
    } finally {
      await source.close();
    }
  }),
};
