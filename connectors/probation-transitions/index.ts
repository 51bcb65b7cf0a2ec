// The probation-transitions connector, as the registry and the sync CLI see it.
import { refreshingIndicators } from '../kit/indicator-buckets.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { changeTransitionSource, generateTransitionSource } from './demo.ts';
import { transitionPolicy } from './policy.ts';
import { transitionSchema } from './schema.ts';
import { PgTransitionSource } from './source.ts';
import { CONNECTOR, syncTransitions } from './sync.ts';

export const probationTransitions = {
  name: CONNECTOR,
  schema: transitionSchema,
  policy: transitionPolicy,
  generateDemoSource: generateTransitionSource,
  changeDemoSource: changeTransitionSource,
  /** Syncs from HUB_PROBATION_SOURCE_URL, or the demo register in the hub's own database. */
  sync: refreshingIndicators(async (hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> => {
    const source = new PgTransitionSource(process.env.HUB_PROBATION_SOURCE_URL || hubDatabaseUrl);
    try {
      return await syncTransitions(source, onProgress);
    } finally {
      await source.close();
    }
  }),
};
