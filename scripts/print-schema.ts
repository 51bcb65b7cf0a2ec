// `npm run schema`: writes each subgraph's SDL to schema/<name>.graphql and
// the composed supergraph to schema/supergraph.graphql.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../src/cli/run-cli.ts';
import { schemaFiles } from '../src/gateway/schema-files.ts';

await runCli(async () => {
  const outDir = path.resolve(import.meta.dirname, '../schema');
  await mkdir(outDir, { recursive: true });
  for (const [file, sdl] of Object.entries(schemaFiles())) {
    await writeFile(path.join(outDir, file), sdl);
    process.stdout.write(`wrote schema/${file}\n`);
  }
});
