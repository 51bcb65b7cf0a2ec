// The connector registry: one line per agency connector. The gateway, schema
// printing, the sync CLI and the test suite all read this list, so adding an
// agency is one folder under connectors/ plus one line here.
import type { GraphQLSchema } from 'graphql';
import type { OperationRules } from '../src/policy/operation-rules.ts';
import type { PolicyTable } from '../src/policy/types.ts';
import { educationDropouts } from './education-dropouts/index.ts';
import { householdRegistration } from './household-registration/index.ts';
import type { SyncCounts } from './kit/sync-store.ts';
import { laborReferrals } from './labor-referrals/index.ts';
import { probationTransitions } from './probation-transitions/index.ts';
import { welfareSubsidies } from './welfare-subsidies/index.ts';

export interface ConnectorDefinition {
  /** Subgraph name, also the connector's folder and its Postgres schema. */
  name: string;
  /** The connector's federated subgraph schema, with its policy enforced (src/policy/enforce.ts). */
  schema: GraphQLSchema;
  /** Field × unit access rules of the connector's fields: a field without a rule is denied. */
  policy: PolicyTable;
  /** graphql-shield rules of the connector's own entry points, if it has any (most only add fields to entities). */
  operationRules?: (schema: GraphQLSchema) => OperationRules;
  /** Builds the agency's demo source from the demo city. */
  generateDemoSource(hubDatabaseUrl: string): Promise<number>;
  /** Lets a share of the demo source's records change at the source, as the agency's daily work does (for the sync benchmark); returns how many. */
  changeDemoSource?(hubDatabaseUrl: string, share: number): Promise<number>;
  /** Incremental sync from the agency's source into the connector's storage. */
  sync(hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts>;
}

export const connectors: ConnectorDefinition[] = [householdRegistration, welfareSubsidies, educationDropouts, laborReferrals, probationTransitions];
