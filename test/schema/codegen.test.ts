// The typed client in src/client/ is generated from the committed supergraph
// and operations/; it must match what `npm run codegen` would write now.
// `--check` compares every file codegen writes, the persisted-operation
// manifest (persisted-documents.json) included. Codegen runs as its own
// process: its presets do not load inside Jest's VM.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import * as typedDocuments from '../../src/client/graphql.ts';
import { loadManifest } from '../../src/server/persisted-operations.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('@graphql-codegen/cli/package.json')), 'cjs/bin.js');

describe('generated typed client', () => {
  it('is up to date with schema/supergraph.graphql and operations/, persisted-documents.json included (run `npm run codegen` if not)', () => {
    const run = spawnSync(process.execPath, [CLI, '--config', 'codegen.yml', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stale: run.stdout.match(/stale files[\s\S]*/)?.[0] ?? '' }).toEqual({ status: 0, stale: '' });
  }, 60_000);

  // --check only compares files codegen still writes: were persistedDocuments dropped from codegen.yml,
  // an old manifest would pass it unnoticed, so the manifest is compared with operations/ here.
  it('lists every operation of operations/ in the persisted-operation manifest, under its typed document’s hash', () => {
    const manifest = loadManifest(); // refuses an entry whose key is not the sha256 of its text
    const operationNames = (source: string) =>
      parse(source).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
    const folder = path.join(ROOT, 'operations');
    const declared = readdirSync(folder).filter((f) => f.endsWith('.graphql')).flatMap((f) => operationNames(readFileSync(path.join(folder, f), 'utf8')));
    expect([...manifest.values()].flatMap(operationNames).sort()).toEqual(declared.sort());
    const hashes = Object.values(typedDocuments).flatMap((d) => {
      const hash = (d as { __meta__?: { hash?: string } } | undefined)?.__meta__?.hash;
      return hash ? [hash.replace(/^sha256:/, '')] : [];
    });
    expect(hashes.sort()).toEqual([...manifest.keys()].sort());
  });
});
