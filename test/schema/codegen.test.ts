// The typed client in src/client/ is generated from the committed supergraph
// and operations/; it must match what `npm run codegen` would write now.
// Codegen runs as its own process: its presets do not load inside Jest's VM.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('@graphql-codegen/cli/package.json')), 'cjs/bin.js');

describe('generated typed client', () => {
  it('is up to date with schema/supergraph.graphql and operations/ (run `npm run codegen` if not)', () => {
    const run = spawnSync(process.execPath, [CLI, '--config', 'codegen.yml', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stale: run.stdout.match(/stale files[\s\S]*/)?.[0] ?? '' }).toEqual({ status: 0, stale: '' });
  }, 60_000);
});
