// Global IDs are opaque to clients ("Person:42" base64-encoded by the Relay
// plugin); resolvers need the row id back, and a malformed one is simply an
// ID that matches nothing.
import { decodeGlobalID } from '@pothos/plugin-relay';

export function rowIdOf(globalId: string, typename: string): number | null {
  try {
    const decoded = decodeGlobalID(globalId);
    const id = Number(decoded.id);
    return decoded.typename === typename && Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}
