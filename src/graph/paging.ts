// Paging of every connection: page sizes within bounds and cursors of the
// list, checked before the Prisma plugin reads them (it refuses bad ones with
// plain errors, which would reach the client as a server fault).
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';

/** Largest page any connection returns, whatever `first`/`last` asks for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Refuses page sizes above MAX_PAGE_SIZE instead of silently shortening the
 * page, so a client never mistakes a clipped page for the whole answer.
 */
export function assertPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`${name}: must be between 0 and ${MAX_PAGE_SIZE} (asked for ${size})`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  }
}

function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Every connection of this subgraph pages by the row id (`cursor: 'id'`), a positive integer. */
function isCursorOfList(cursor: string): boolean {
  try {
    const value = parsePrismaCursor(cursor);
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
  } catch {
    return false;
  }
}

/**
 * Checks a connection's paging arguments before the Prisma plugin reads
 * them: the plugin refuses bad ones with its own plain errors, which would
 * reach the client as a server fault.
 */
function assertConnectionArgs(args: ConnectionArgs): void {
  assertPageSize(args);
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor != null && !isCursorOfList(cursor)) throw badUserInput(`${name}: is not a cursor of this list`);
  }
  if (args.after != null && args.before != null) throw badUserInput('before: cannot be combined with after');
  if (args.before != null && args.first != null) throw badUserInput('first: cannot be combined with before; use last');
  if (args.after != null && args.last != null) throw badUserInput('last: cannot be combined with after; use first');
}

/**
 * Runs `assertConnectionArgs` ahead of every connection field (any field
 * taking `first` and `after`). Other fields keep their resolver untouched,
 * so the check costs nothing outside connections.
 */
class ConnectionArgsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!('first' in fieldConfig.args && 'after' in fieldConfig.args)) return resolver;
    return (parent, args, context, info) => {
      assertConnectionArgs(args as ConnectionArgs);
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      hubConnectionArgs: ConnectionArgsPlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin('hubConnectionArgs', ConnectionArgsPlugin);
