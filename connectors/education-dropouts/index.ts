// The education-dropouts connector, as the registry and the sync CLI see it.
import type { SyncCounts } from '../kit/sync-store.ts';
import { generateDropoutSource } from './demo.ts';
import { dropoutPolicy } from './policy.ts';
import { dropoutSchema } from './schema.ts';
import { PgDropoutSource } from './source.ts';
import { CONNECTOR, syncDropouts } from './sync.ts';

export const educationDropouts = {
  name: CONNECTOR,
  schema: dropoutSchema,
  policy: dropoutPolicy,
  generateDemoSource: generateDropoutSource,
  /** Syncs from HUB_EDUCATION_SOURCE_URL, or the demo register in the hub's own database. */
  async sync(hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> {
    const source = new PgDropoutSource(process.env.HUB_EDUCATION_SOURCE_URL || hubDatabaseUrl);
    try {
      return await syncDropouts(source, onProgress);
    } finally {
      await source.close();
    }
  },
};
