// One statement on its own short connection, for the set-up statements of
// benchmarks and tools (CREATE DATABASE and DROP DATABASE cannot run in a
// transaction or through a pool bound to the database they change).
import pg from 'pg';

export async function runAdminStatement(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
