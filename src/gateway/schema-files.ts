// The printed schemas committed under schema/, computed from code. The drift
// test compares these with the committed files.
import { composeSupergraph, printSubgraph } from './compose.ts';
import { allSubgraphs } from './subgraphs.ts';

export function schemaFiles(): Record<string, string> {
  const subgraphs = allSubgraphs();
  const files: Record<string, string> = {};
  for (const subgraph of subgraphs) files[`${subgraph.name}.graphql`] = `${printSubgraph(subgraph).trim()}\n`;
  files['supergraph.graphql'] = `${composeSupergraph(subgraphs).trim()}\n`;
  return files;
}
