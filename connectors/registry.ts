// The connector registry: one line per agency connector. The gateway, schema
// printing, the sync CLI and the test suite all read this list, so adding an
// agency is one folder under connectors/ plus one line here.
import type { GraphQLSchema } from 'graphql';
import { CONNECTOR_CADENCES, type SyncCadence } from './cadences.ts';
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
  /** How often the job queue syncs it and when its data counts as stale (connectors/cadences.ts). */
  cadence: SyncCadence;
  /** Incremental sync from the agency's source into the connector's storage. */
  sync(hubDatabaseUrl: string, onProgress?: (counts: SyncCounts, expected: number) => void): Promise<SyncCounts>;
}

/** A connector without a cadence would never be synced on schedule: the registry refuses to load instead. */
function withCadence<T extends { name: string }>(definition: T): T & { cadence: SyncCadence } {
  const cadence = CONNECTOR_CADENCES[definition.name];
  if (!cadence) throw new Error(`connectors/cadences.ts has no cadence for the connector ${definition.name}`);
  return Object.assign(definition, { cadence });
}

export const connectors: ConnectorDefinition[] = [householdRegistration, welfareSubsidies, educationDropouts, laborReferrals, probationTransitions].map(withCadence);
