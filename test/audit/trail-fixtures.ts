// Shared by the partition and retention tests: entries dated where a test
// needs them, and fresh copies of a trail to tamper with.
import pg from 'pg';
import type { AuditContent } from '../../src/audit/chain.ts';
import { SERVER_ENV } from '../support/test-env.ts';

/** For an afterAll that drops copies: each DROP DATABASE waits for a checkpoint, and on a loaded machine a dozen take more than a minute. */
export const DROPS_TIMEOUT = 300_000;

export function dated(n: number, at: Date, extra: Partial<AuditContent> = {}): AuditContent {
  return {
    at, requestId: `req-${n}`, sub: `w-${n % 5}`, unit: 'SOCIAL', org: null, purpose: 'CASE_WORK', operation: 'FamilyView', kind: 'READ',
    personIds: [n], returnedFields: ['Person.name'], maskedFields: ['Person.nationalId'], deniedFields: [], records: [], breakGlass: false, ...extra,
  };
}

/** Noon on `day` of the UTC month `months` from the current one (negative: back). */
export function monthFromNow(months: number, day = 10): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, day, 12));
}

/** "YYYY_MM" of a date, as partitions are named. */
export function partitionOf(at: Date): string {
  return `audit.entry_${at.toISOString().slice(0, 7).replace('-', '_')}`;
}

export async function adminStatement(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env[SERVER_ENV] });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function withSql<T>(url: string, work: (sql: pg.Client) => Promise<T>): Promise<T> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** Makes fresh copies of one database (which nobody may be connected to while it is copied); drops them all at the end. */
export function copier(source: { name: string; url: string }) {
  const names: string[] = [];
  return {
    async copy(plant?: (sql: pg.Client) => Promise<unknown>): Promise<string> {
      const name = `${source.name}_${names.length}`;
      names.push(name);
      await adminStatement(`CREATE DATABASE "${name}" TEMPLATE "${source.name}"`);
      const url = Object.assign(new URL(source.url), { pathname: `/${name}` }).toString();
      if (plant) {
        // As a superuser could: the append-only triggers switched off first.
        await withSql(url, async (sql) => {
          await sql.query('ALTER TABLE audit.entry DISABLE TRIGGER USER');
          await sql.query('ALTER TABLE audit.checkpoint DISABLE TRIGGER USER');
          await sql.query('ALTER TABLE audit.head DISABLE TRIGGER USER');
          await plant(sql);
        });
      }
      return url;
    },
    async dropAll(): Promise<void> {
      for (const name of names) await adminStatement(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
