// The household-registration connector, as the registry and the sync CLI see it.
import type { SyncCounts } from '../kit/sync-store.ts';
import { generateHouseholdSource } from './demo.ts';
import { householdPolicy } from './policy.ts';
import { householdSchema } from './schema.ts';
import { PgHouseholdSource } from './source.ts';
import { CONNECTOR, syncHouseholdRegistration } from './sync.ts';

export const householdRegistration = {
  name: CONNECTOR,
  schema: householdSchema,
  policy: householdPolicy,
  /** Builds the agency's demo database next to the hub's (schema agency_household). */
  generateDemoSource: generateHouseholdSource,
  /** Syncs from HUB_HOUSEHOLD_SOURCE_URL, or the demo source in the hub's own database. */
  async sync(hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
    const source = new PgHouseholdSource(process.env.HUB_HOUSEHOLD_SOURCE_URL || hubDatabaseUrl);
    try {
      const batchSize = Number(process.env.HUB_SYNC_BATCH_SIZE) || undefined;
      return await syncHouseholdRegistration(source, { onProgress, batchSize });
    } finally {
      await source.close();
    }
  },
};
