// A protected victim's confidential address (core.person.address_confidential)
// is readable by PROTECTION only, on every field that can carry it. Core
// withholds Person.address and Family.address; a connector field whose value
// is an address withholds it the same way, through this helper, so the rule
// cannot be bypassed by asking an agency subgraph instead of core.
import DataLoaderClass from 'dataloader';
import type { HubContext } from '../../src/graph/context.ts';
import { requestLoader } from './subgraph-builder.ts';

/** The only unit that reads confidential addresses (README, "Authorization and audit"). */
export function readsConfidentialAddresses(ctx: HubContext): boolean {
  return ctx.viewer.unit === 'PROTECTION';
}

/**
 * The value of an address-valued field for the caller: the address, or null
 * when it is confidential and the caller is not PROTECTION. Whether it is
 * confidential is asked of a request-scoped loader named `name`:
 * `confidentialKeys` gets every key the request asks about at once and returns
 * those whose address is confidential, in one statement. PROTECTION never asks.
 */
export async function withholdConfidentialAddress<K>(
  ctx: HubContext,
  name: string,
  key: K,
  address: string | null,
  confidentialKeys: (keys: K[]) => Promise<K[]>,
): Promise<string | null> {
  if (address === null || readsConfidentialAddresses(ctx)) return address;
  const loader = requestLoader(ctx, name, () =>
    new DataLoaderClass<K, boolean>(async (keys) => {
      const confidential = new Set(await confidentialKeys([...keys]));
      return keys.map((k) => confidential.has(k));
    }),
  );
  return (await loader.load(key)) ? null : address;
}
