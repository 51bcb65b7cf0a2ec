// Every subgraph the hub serves: core first, then each registered connector.
import type { GraphQLSchema } from 'graphql';
import { connectors } from '../../connectors/registry.ts';
import { coreSchema } from '../graph/schema.ts';

export interface Subgraph {
  name: string;
  schema: GraphQLSchema;
}

export function allSubgraphs(): Subgraph[] {
  return [{ name: 'core', schema: coreSchema }, ...connectors.map(({ name, schema }) => ({ name, schema }))];
}
