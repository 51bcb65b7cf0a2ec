// The welfare-subsidies connector, as the registry and the sync CLI see it.
import type { GraphQLSchema } from 'graphql';
import { and, federationRules, isCaseworkerOf, personLevelRead, type OperationRules } from '../../src/policy/operation-rules.ts';
import path from 'node:path';
import { readConfig } from '../../src/config.ts';
import { refreshingIndicators } from '../kit/indicator-buckets.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { changeWelfareDrop, generateWelfareDrop } from './demo.ts';
import { welfarePolicy } from './policy.ts';
import { welfareSchema } from './schema.ts';
import { FolderWelfareSource } from './source.ts';
import { CONNECTOR, syncWelfare } from './sync.ts';

/** Where the welfare system's exports land: HUB_WELFARE_DROP_DIR, or <data dir>/drops/welfare. */
export function welfareDropFolder(): string {
  return process.env.HUB_WELFARE_DROP_DIR || path.join(readConfig().dataDir, 'drops', 'welfare');
}

export const welfareSubsidies = {
  name: CONNECTOR,
  schema: welfareSchema,
  policy: welfarePolicy,
  // Its one entry point, social welfare's worklist: SOCIAL's case work roles with a purpose.
  operationRules: (schema: GraphQLSchema): OperationRules => ({
    Query: { ...federationRules(schema), developmentAccountsToVisit: and(personLevelRead, isCaseworkerOf('SOCIAL')) },
  }),
  generateDemoSource: (hubDatabaseUrl: string) => generateWelfareDrop(hubDatabaseUrl, welfareDropFolder()),
  changeDemoSource: (_hubDatabaseUrl: string, share: number) => changeWelfareDrop(welfareDropFolder(), share),
  sync: refreshingIndicators((_hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void) =>
    syncWelfare(new FolderWelfareSource(welfareDropFolder()), onProgress)),
};
