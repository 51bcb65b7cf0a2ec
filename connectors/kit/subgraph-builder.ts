// A Pothos builder for an agency subgraph: federation, the hub's context and
// date scalars. Each connector makes its own, so subgraphs stay independent.
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { GraphQLError, Kind } from 'graphql';
import type DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import { getDatamodel } from '../../src/generated/pothos-prisma-types.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { formatDate, parseDate } from '../../src/graph/scalars.ts';

export function createSubgraphBuilder() {
  const builder = new SchemaBuilder<{
    Context: HubContext;
    Scalars: { Date: { Input: Date; Output: Date }; DateTime: { Input: Date; Output: Date } };
  }>({
    plugins: [DirectivesPlugin, FederationPlugin],
    // The Prisma plugin's option types are global once it is loaded anywhere; this builder does not use it.
    prisma: { client: () => prisma(), dmmf: getDatamodel() },
  });

  builder.scalarType('Date', {
    description: 'A calendar date in the form YYYY-MM-DD (Gregorian; ROC year = year - 1911).',
    serialize: (value) => formatDate(value),
    parseValue: parseDate,
    parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
  });
  builder.scalarType('DateTime', {
    description: 'An instant in ISO 8601 form with a time-zone offset, e.g. 2023-03-05T08:30:00.000Z.',
    serialize: (value) => value.toISOString(),
    parseValue: () => {
      throw new GraphQLError('DateTime is output-only in this subgraph', { extensions: { code: 'BAD_USER_INPUT' } });
    },
  });
  return builder;
}

/** A request-scoped DataLoader made on first use, keyed by name. */
export function requestLoader<K, V>(ctx: HubContext, name: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
  let loader = ctx.connectorLoaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = make();
    ctx.connectorLoaders.set(name, loader);
  }
  return loader;
}
