// The hand-written SQL migrations must produce exactly the database the
// Prisma schema describes: every model and field, type and nullability,
// every enum value, and no table Prisma does not know.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { DISTRICT_CODES, UNIT_CODES } from '../../src/domain/codes.ts';
import * as prismaEnums from '../../src/generated/prisma/enums.ts';
import { getDatamodel } from '../../src/generated/pothos-prisma-types.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../prisma/schema');

interface Column {
  table: string;
  column: string;
  dataType: string;
  udtName: string;
  nullable: boolean;
}

/** Model → { table, schema, field → column } from the Prisma files (names, @map, @@map, @@schema, @db.Date). */
async function readPrismaMappings() {
  const files = (await readdir(SCHEMA_DIR)).filter((f) => f.endsWith('.prisma'));
  const text = (await Promise.all(files.map((f) => readFile(path.join(SCHEMA_DIR, f), 'utf8')))).join('\n');
  const models = new Map<string, { table: string; schema: string; columns: Map<string, string>; dateOnly: Set<string> }>();
  for (const match of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match as unknown as [string, string, string];
    const columns = new Map<string, string>();
    const dateOnly = new Set<string>();
    for (const line of body.split('\n')) {
      const field = /^\s+(\w+)\s+\w+/.exec(line);
      if (!field || line.trim().startsWith('@@') || line.trim().startsWith('///')) continue;
      columns.set(field[1]!, /@map\("([^"]+)"\)/.exec(line)?.[1] ?? field[1]!);
      if (line.includes('@db.Date')) dateOnly.add(field[1]!);
    }
    models.set(name, {
      table: /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name,
      schema: /@@schema\("([^"]+)"\)/.exec(body)?.[1] ?? 'public',
      columns,
      dateOnly,
    });
  }
  return models;
}

function expectedSqlType(type: string, isList: boolean, dateOnly: boolean): string {
  const base: Record<string, string> = { String: 'text', Int: 'integer', Boolean: 'boolean', BigInt: 'bigint', Float: 'double precision', Json: 'jsonb' };
  const scalar = type === 'DateTime' ? (dateOnly ? 'date' : 'timestamp with time zone') : (base[type] ?? `enum:${type}`);
  return isList ? `${scalar}[]` : scalar;
}

const ARRAY_ELEMENT_TYPES: Record<string, string> = { _text: 'text', _int4: 'integer' };

function actualSqlType(column: Column): string {
  if (column.dataType === 'ARRAY') return `${ARRAY_ELEMENT_TYPES[column.udtName] ?? column.udtName}[]`;
  if (column.dataType === 'USER-DEFINED') return `enum:${column.udtName}`;
  return column.dataType;
}

describe('migrated database matches the Prisma datamodel', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('has every model as a table with every scalar field as a column of the right type and nullability', async () => {
    const mappings = await readPrismaMappings();
    const { rows } = await client.query<Column>(`
      SELECT c.table_schema || '.' || c.table_name AS "table", c.column_name AS "column", c.data_type AS "dataType",
             c.udt_name AS "udtName", c.is_nullable = 'YES' AS nullable
      FROM information_schema.columns c
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
        -- The job queue's schema is graphile-worker's, migrated by its own package (src/notifications/job-queue-schema.ts).
        AND c.table_schema <> 'graphile_worker'
        -- What core publishes to connectors (views here, tables in a connector's own database) is read by raw SQL, not modelled.
        AND c.table_schema <> 'published'
        -- A partition (a month of audit.entry) repeats its parent's columns; the parent is the table Prisma knows.
        AND NOT EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
                        WHERE n.nspname = c.table_schema AND k.relname = c.table_name AND k.relispartition)`);
    const actual = new Map(rows.map((r) => [`${r.table}.${r.column}`, r]));
    const expected = new Map<string, { type: string; nullable: boolean }>();
    const { datamodel } = getDatamodel();
    for (const [modelName, model] of Object.entries(datamodel.models)) {
      const mapping = mappings.get(modelName);
      expect(mapping).toBeDefined();
      for (const field of model.fields.filter((f) => f.kind !== 'object')) {
        const column = mapping!.columns.get(field.name);
        expect(column).toBeDefined();
        expected.set(`${mapping!.schema}.${mapping!.table}.${column}`, {
          type: expectedSqlType(field.type, field.isList, mapping!.dateOnly.has(field.name)),
          nullable: !field.isRequired,
        });
      }
    }
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) {
      const got = actual.get(key)!;
      expect({ key, type: actualSqlType(got), nullable: got.nullable }).toEqual({ key, ...want });
    }
  });

  it('has every Prisma enum with exactly its values, in order', async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(
      Object.entries(prismaEnums)
        .filter(([, value]) => typeof value === 'object')
        .map(([name, value]) => [name, Object.values(value as Record<string, string>)]),
    );
    expect(actual).toEqual(expected);
  });

  it('holds the reference units and districts the GraphQL enums name', async () => {
    const units = await client.query<{ code: string }>('SELECT code FROM core.network_unit ORDER BY code');
    const districts = await client.query<{ code: string }>('SELECT code FROM core.district ORDER BY code');
    expect(units.rows.map((r) => r.code)).toEqual([...UNIT_CODES].sort());
    expect(districts.rows.map((r) => r.code)).toEqual([...DISTRICT_CODES].sort());
  });
});
