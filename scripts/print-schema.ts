// `npm run schema`: writes each subgraph's SDL to schema/<name>.graphql and
// the composed supergraph to schema/supergraph.graphql.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { schemaFiles } from '../src/gateway/schema-files.ts';

const outDir = path.resolve(import.meta.dirname, '../schema');
await mkdir(outDir, { recursive: true });
for (const [file, sdl] of Object.entries(schemaFiles())) {
  await writeFile(path.join(outDir, file), sdl);
  process.stdout.write(`wrote schema/${file}\n`);
}
