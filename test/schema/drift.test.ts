// The printed schemas in schema/ are what agencies review and what other
// routers compose; they must match the code. Run `npm run schema` to update.
import { describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { schemaFiles } from '../../src/gateway/schema-files.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { renderPolicyDoc } from '../../src/policy/policy-doc.ts';

// Types the federation spec adds to every subgraph; their descriptions are Apollo's.
const FEDERATION_TYPES = new Set(['link__Import', 'link__Purpose', 'federation__FieldSet', 'FieldSet']);

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../schema');

describe('committed schemas', () => {
  const files = schemaFiles();

  it('has exactly one committed file per subgraph plus the supergraph', async () => {
    const committed = (await readdir(SCHEMA_DIR)).filter((f) => f.endsWith('.graphql')).sort();
    expect(committed).toEqual(Object.keys(files).sort());
  });

  it('docs/access-policy.md is up to date with the policy data (run `npm run policy:doc` if not)', async () => {
    const committed = await readFile(path.resolve(SCHEMA_DIR, '../docs/access-policy.md'), 'utf8');
    expect(committed).toBe(renderPolicyDoc(allSubgraphs()));
  });

  it.each(Object.keys(files))('schema/%s is up to date (run `npm run schema` if not)', async (file) => {
    const committed = await readFile(path.join(SCHEMA_DIR, file), 'utf8');
    expect(committed).toBe(files[file]);
  });

  it.each(allSubgraphs().map((s) => [s.name, s.schema] as const))(
    'subgraph %s describes every type, field, argument and enum value',
    (_name, schema) => {
      const missing: string[] = [];
      for (const type of Object.values(schema.getTypeMap())) {
        if (type.name.startsWith('_') || FEDERATION_TYPES.has(type.name) || isSpecifiedScalarType(type)) continue;
        if (!type.description) missing.push(type.name);
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (field.name.startsWith('_')) continue;
            if (!field.description) missing.push(`${type.name}.${field.name}`);
            for (const arg of 'args' in field ? field.args : []) {
              if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
            }
          }
        }
        if (isEnumType(type)) {
          for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
        }
      }
      expect(missing).toEqual([]);
    },
  );
});
