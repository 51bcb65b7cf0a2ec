// The education-dropouts connector, as the registry and the sync CLI see it.
import type { GraphQLSchema } from 'graphql';
import { and, federationRules, isCaseworkerOf, personLevelRead, type OperationRules } from '../../src/policy/operation-rules.ts';
import { refreshingIndicators } from '../kit/indicator-buckets.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { changeEducationSource, generateEducationSource } from './demo.ts';
import { dropoutPolicy } from './policy.ts';
import { dropoutSchema } from './schema.ts';
import { PgEducationSource } from './source.ts';
import { CONNECTOR, syncEducation } from './sync.ts';

export const educationDropouts = {
  name: CONNECTOR,
  schema: dropoutSchema,
  policy: dropoutPolicy,
  // Its one entry point, the Education Bureau's worklist: EDUCATION's case work roles with a purpose.
  operationRules: (schema: GraphQLSchema): OperationRules => ({
    Query: { ...federationRules(schema), studentsOutOfSchool: and(personLevelRead, isCaseworkerOf('EDUCATION')) },
  }),
  generateDemoSource: generateEducationSource,
  changeDemoSource: changeEducationSource,
  /**
   * Syncs the dropout and enrolment registers from HUB_EDUCATION_SOURCE_URL, or
   * the demo registers in the hub's own database; the counts are their sum.
   */
  sync: refreshingIndicators(async (hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts> => {
    const source = new PgEducationSource(process.env.HUB_EDUCATION_SOURCE_URL || hubDatabaseUrl);
    try {
      return await syncEducation(source, onProgress);
    } finally {
      await source.close();
    }
  }),
};
