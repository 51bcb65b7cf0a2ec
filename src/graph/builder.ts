// Configures the Pothos builder of the core subgraph. No GraphQL types are
// defined here; they live next to their entry points in src/graph/types/.
import SchemaBuilder from '@pothos/core';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import { prisma } from '../db/prisma.ts';
import type PrismaTypes from '../generated/pothos-prisma-types.ts';
import { getDatamodel } from '../generated/pothos-prisma-types.ts';
import type { YearOnly } from '../policy/masks.ts';
import type { HubContext } from './context.ts';
import { decodeLenientGlobalID, nodeIdProblem } from './ids.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';

interface HubSchemaTypes {
  Context: HubContext;
  PrismaTypes: PrismaTypes;
  Scalars: {
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    PartialDate: { Input: Date; Output: Date | YearOnly };
  };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

type HubTypes = PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>;

function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

type DecodedID = { typename: string; id: string };

/**
 * `node(id)`: a malformed ID is BAD_USER_INPUT; a well-formed ID of a record
 * that does not exist or is outside the caller's scope stays a plain null.
 */
function resolveNode(args: { id: DecodedID }, context: HubContext, info: GraphQLResolveInfo): Promise<unknown> {
  const problem = nodeIdProblem(args.id, info.schema);
  if (problem) throw badUserInput(`id: ${problem}`);
  return resolveNodes(builder, context, info, [args.id]).then((nodes) => nodes[0]);
}

/**
 * `nodes(ids)`: each malformed ID fails only its own slot (null with an
 * error on that path); the others are fetched together as before.
 */
async function resolveNodeList(args: { ids: DecodedID[] }, context: HubContext, info: GraphQLResolveInfo): Promise<unknown[]> {
  const problems = args.ids.map((id) => nodeIdProblem(id, info.schema));
  const found = await resolveNodes(builder, context, info, args.ids.map((id, i) => (problems[i] ? null : id)) as DecodedID[]);
  return found.map((node, i) => (problems[i] ? badUserInput(`ids[${i}]: ${problems[i]}`) : node));
}

export const builder = new SchemaBuilder<HubSchemaTypes>({
  plugins: [DirectivesPlugin, PrismaPlugin, RelayPlugin, FederationPlugin, 'hubConnectionArgs'],
  prisma: {
    client: () => prisma(),
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    decodeGlobalID: decodeLenientGlobalID,
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The records of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The record.' },
    cursorFieldOptions: { description: 'Opaque cursor of this record, for `after` / `before`.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    nodeTypeOptions: { description: 'Any record with a global ID, fetchable with `node(id)`.' },
    idFieldOptions: { description: 'Opaque global ID.' },
    pageInfoTypeOptions: { description: 'Relay page information.' },
    hasNextPageFieldOptions: { description: 'True when more records follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when records precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first record of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last record of the page; pass it as `after` for the next page.' },
    firstArgOptions: { description: `Page size counting forward (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` },
    lastArgOptions: { description: `Page size counting backward (at most ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Return records after this cursor.' },
    beforeArgOptions: { description: 'Return records before this cursor.' },
    nodeQueryOptions: {
      description: 'Any record by its global ID; null when no such record exists.',
      args: { id: { description: 'Global ID of the record.' } },
      resolve: (_root, args, context, info) => resolveNode(args, context, info),
    },
    nodesQueryOptions: {
      description: 'Several records by global ID, in the order asked; null for each that does not exist.',
      args: { ids: { description: 'Global IDs of the records.' } },
      resolve: (_root, args, context, info) => resolveNodeList(args, context, info),
    },
  },
});

/**
 * The Prisma plugin's totalCount field, restated with a description (the
 * plugin's own has none). The extension keeps its count-only optimisation.
 */
export function describedTotalCount(what: string) {
  return <Shape extends object>(t: PothosSchemaTypes.ObjectFieldBuilder<HubTypes, Shape>) => ({
    totalCount: t.int({
      nullable: false,
      description: `Number of ${what} matching the filter, over all pages.`,
      extensions: { pothosPrismaTotalCount: true },
      resolve: (parent) => (parent as { totalCount?: () => number | Promise<number> }).totalCount?.() ?? 0,
    }),
  });
}
