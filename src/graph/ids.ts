// Global IDs are opaque to clients ("Person:42" base64-encoded by the Relay
// plugin); resolvers need the row id back, and a malformed one is simply an
// ID that matches nothing.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLSchema } from 'graphql';

/** Every record's row id is a positive integer, written without sign, leading zeros or exponent. */
const ROW_ID = /^[1-9]\d*$/;

export function rowIdOf(globalId: string, typename: string): number | null {
  try {
    const decoded = decodeGlobalID(globalId);
    const id = Number(decoded.id);
    return decoded.typename === typename && Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** What `decodeLenientGlobalID` returns for an ID that does not decode: no type is named ''. */
const UNDECODABLE = { typename: '', id: '' } as const;

/**
 * The Relay plugin's decoder for `node`/`nodes` arguments, made total: it
 * decodes while the arguments are read, before any resolver runs, so a throw
 * there would fail the whole field (every slot of `nodes`) as a server fault.
 * An undecodable ID comes back with no type; `nodeIdProblem` refuses it.
 */
export function decodeLenientGlobalID(globalId: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalId);
  } catch {
    return { ...UNDECODABLE };
  }
}

/**
 * Why a decoded ID cannot name a record `node` can fetch, or null when it
 * can: it must name a type implementing Node and carry a row id. Whether
 * that record exists, or is in the caller's scope, is not asked here: that
 * answer is a plain null, exactly as for a record that does not exist.
 */
export function nodeIdProblem(decoded: { typename: string; id: string } | null | undefined, schema: GraphQLSchema): string | null {
  const type = decoded?.typename ? schema.getType(decoded.typename) : undefined;
  const isNode = isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
  const id = Number(decoded?.id);
  return isNode && ROW_ID.test(decoded!.id) && Number.isSafeInteger(id) ? null : 'is not a valid ID';
}
