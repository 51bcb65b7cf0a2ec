// Lets tests and diagnostics observe every subgraph fetch the gateway makes,
// to prove a query plan's fetches do not grow with the data.
const listeners = new Set<(subgraph: string) => void>();

export function onSubgraphFetch(listener: (subgraph: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifySubgraphFetch(subgraph: string): void {
  for (const listener of listeners) listener(subgraph);
}
