// Demo sources live in an agency schema of the hub's database; each demo
// generator rebuilds its table in one transaction from the demo city.
import pg from 'pg';

export interface AgencyTable {
  schema: string;
  table: string;
  /** Column definitions, as in CREATE TABLE. */
  columns: string;
  /** Fills the table; returns how many rows the generator wrote. */
  fill(client: pg.Client): Promise<number>;
}

export async function rebuildAgencyTable(databaseUrl: string, spec: AgencyTable): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${spec.schema}`);
    await client.query(`DROP TABLE IF EXISTS ${spec.schema}.${spec.table}`);
    await client.query(`CREATE TABLE ${spec.schema}.${spec.table} (${spec.columns})`);
    const rows = await spec.fill(client);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

/** SQL for a date column in the ROC calendar as agencies write it: 112/03/05. */
export function rocSql(column: string): string {
  return `(extract(year FROM ${column})::int - 1911)::text || to_char(${column}, '/MM/DD')`;
}

export interface AgencyChange {
  /** schema.table */
  table: string;
  /** Column whose hash picks the changed rows. */
  key: string;
  /** SET clause: what the agency changed, including the row's update stamp. */
  set: string;
}

/** Lets about `share` of an agency table's rows change at the source now (for the sync benchmark); returns how many changed. */
export async function changeAgencyRows(databaseUrl: string, share: number, change: AgencyChange): Promise<number> {
  const every = Math.max(1, Math.round(1 / share));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(`UPDATE ${change.table} SET ${change.set} WHERE (hashtext(${change.key}::text) & 2147483647) % ${every} = 0`);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}
