// The labor-referrals connector, as the registry and the sync CLI see it.
import { refreshingIndicators } from '../kit/indicator-buckets.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { startLaborAgencyApi } from './agency-api.ts';
import { changeLaborSource, generateLaborSource } from './demo.ts';
import { laborPolicy } from './policy.ts';
import { laborSchema } from './schema.ts';
import { HttpLaborSource } from './source.ts';
import { CONNECTOR, syncLabor } from './sync.ts';

export const laborReferrals = {
  name: CONNECTOR,
  schema: laborSchema,
  policy: laborPolicy,
  generateDemoSource: generateLaborSource,
  changeDemoSource: changeLaborSource,
  /** Syncs from HUB_LABOR_API_URL; without it, from the demo agency API started for the run. */
  sync: refreshingIndicators(async (hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> => {
    const configured = process.env.HUB_LABOR_API_URL;
    const demo = configured ? null : await startLaborAgencyApi(hubDatabaseUrl);
    try {
      return await syncLabor(new HttpLaborSource(configured ?? demo!.url), onProgress);
    } finally {
      await demo?.stop();
    }
  }),
};
