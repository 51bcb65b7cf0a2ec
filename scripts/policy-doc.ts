// `npm run policy:doc`: writes docs/access-policy.md from the policy data.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../src/cli/run-cli.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { renderPolicyDoc } from '../src/policy/policy-doc.ts';

await runCli(async () => {
  const file = path.resolve(import.meta.dirname, '../docs/access-policy.md');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderPolicyDoc(allSubgraphs()));
  process.stdout.write('wrote docs/access-policy.md\n');
});
