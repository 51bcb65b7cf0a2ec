// Every subgraph the hub serves: core first, the indicators (aggregates) and the cross-agency
// indicators, then each registered connector.
import type { GraphQLSchema } from 'graphql';
import { connectors } from '../../connectors/registry.ts';
import { coreSchema } from '../graph/schema.ts';
import { corePolicy } from '../graph/policy.ts';
import { CROSS_AGENCY_SUBGRAPH } from '../indicators/catalogue.ts';
import { crossAgencyPolicy, crossAgencySchema } from '../indicators/cross-agency-subgraph.ts';
import { INDICATORS_SUBGRAPH, indicatorsPolicy, indicatorsSchema } from '../indicators/subgraph.ts';
import type { PolicyTable } from '../policy/types.ts';

export interface Subgraph {
  name: string;
  schema: GraphQLSchema;
  /** Field × unit access rules enforced in the schema (see docs/access-policy.md). */
  policy: PolicyTable;
}

export function allSubgraphs(): Subgraph[] {
  return [
    { name: 'core', schema: coreSchema, policy: corePolicy },
    { name: INDICATORS_SUBGRAPH, schema: indicatorsSchema, policy: indicatorsPolicy },
    { name: CROSS_AGENCY_SUBGRAPH, schema: crossAgencySchema, policy: crossAgencyPolicy },
    ...connectors.map(({ name, schema, policy }) => ({ name, schema, policy })),
  ];
}
