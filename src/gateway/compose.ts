// Composes the subgraphs into the supergraph with Apollo's composition
// library, the same one Rover and GraphOS use, so the result is standard.
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { Subgraph } from './subgraphs.ts';

/** URL recorded in the supergraph for in-process subgraphs. */
export function localUrlOf(name: string): string {
  return `local://${name}`;
}

export function printSubgraph(subgraph: Subgraph): string {
  return printSubgraphSchema(subgraph.schema);
}

export function composeSupergraph(subgraphs: Subgraph[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: localUrlOf(s.name), typeDefs: parse(printSubgraph(s)) })),
  );
  if (result.errors || !result.supergraphSdl) {
    const details = (result.errors ?? []).map((e) => e.message).join('\n');
    throw new Error(`Supergraph composition failed:\n${details}`);
  }
  return result.supergraphSdl;
}
