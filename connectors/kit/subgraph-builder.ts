// A Pothos builder for an agency subgraph: federation, the hub's context and
// date scalars. Each connector makes its own, so subgraphs stay independent.
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import DataLoaderClass from 'dataloader';
import type DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import { getDatamodel } from '../../src/generated/pothos-prisma-types.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { DATE_SCALAR, DATE_TIME_SCALAR } from '../../src/graph/scalars.ts';

export function createSubgraphBuilder() {
  const builder = new SchemaBuilder<{
    Context: HubContext;
    Scalars: { Date: { Input: Date; Output: Date }; DateTime: { Input: Date; Output: Date } };
  }>({
    plugins: [DirectivesPlugin, FederationPlugin],
    // The Prisma plugin's option types are global once it is loaded anywhere; this builder does not use it.
    prisma: { client: () => prisma(), dmmf: getDatamodel() },
  });

  builder.scalarType('Date', DATE_SCALAR);
  builder.scalarType('DateTime', DATE_TIME_SCALAR);
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

/**
 * A request-scoped loader of a person's rows: one query for every person the
 * request asks about, rows grouped by person in the query's order.
 */
export function personRowsLoader<T extends { personId: number }>(ctx: HubContext, name: string, load: (personIds: number[]) => Promise<T[]>): DataLoader<number, T[]> {
  return requestLoader(ctx, name, () =>
    new DataLoaderClass<number, T[]>(async (ids) => {
      const byPerson = new Map<number, T[]>();
      for (const row of await load([...ids])) {
        const rows = byPerson.get(row.personId);
        if (rows) rows.push(row);
        else byPerson.set(row.personId, [row]);
      }
      return ids.map((id) => byPerson.get(id) ?? []);
    }),
  );
}
