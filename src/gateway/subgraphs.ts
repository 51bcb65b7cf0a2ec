// Every subgraph the hub serves: core first, the indicators (aggregates) and the cross-agency
// indicators, then each registered connector. Each is guarded twice: graphql-shield rules on
// its root fields (who may call what) and the field policy on every field (who sees what).
import type { GraphQLSchema } from 'graphql';
import { connectors } from '../../connectors/registry.ts';
import { coreOperationRules } from '../graph/operation-rules.ts';
import { coreSchema } from '../graph/schema.ts';
import { corePolicy } from '../graph/policy.ts';
import { CROSS_AGENCY_SUBGRAPH } from '../indicators/catalogue.ts';
import { crossAgencyPolicy, crossAgencySchema } from '../indicators/cross-agency-subgraph.ts';
import { INDICATORS_SUBGRAPH, indicatorsOperationRules, indicatorsPolicy, indicatorsSchema } from '../indicators/subgraph.ts';
import { federationRules, guardOperations, type OperationRules } from '../policy/operation-rules.ts';
import type { PolicyTable } from '../policy/types.ts';

export interface Subgraph {
  name: string;
  schema: GraphQLSchema;
  /** Field × unit access rules enforced in the schema (see docs/access-policy.md). */
  policy: PolicyTable;
  /** graphql-shield rules of the root fields, enforced in the schema. */
  operationRules: OperationRules;
}

function guarded(name: string, schema: GraphQLSchema, policy: PolicyTable, rulesOf: (schema: GraphQLSchema) => OperationRules): Subgraph {
  const operationRules = rulesOf(schema);
  return { name, schema: guardOperations(schema, operationRules), policy, operationRules };
}

/** Most connectors add fields to entities and have no entry points of their own. */
const entityOnly = (schema: GraphQLSchema): OperationRules => ({ Query: federationRules(schema) });

export function allSubgraphs(): Subgraph[] {
  return [
    guarded('core', coreSchema, corePolicy, coreOperationRules),
    guarded(INDICATORS_SUBGRAPH, indicatorsSchema, indicatorsPolicy, indicatorsOperationRules),
    guarded(CROSS_AGENCY_SUBGRAPH, crossAgencySchema, crossAgencyPolicy, entityOnly),
    ...connectors.map(({ name, schema, policy, operationRules }) => guarded(name, schema, policy, operationRules ?? entityOnly)),
  ];
}
