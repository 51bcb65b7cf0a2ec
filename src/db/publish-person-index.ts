// Core publishes what a connector on a database of its own may read of core
// (issue 16) into that database: the person index identity linking matches
// against, and the token deny-list. Read-only for the connector (only this
// publisher writes there), and minimal: per person only what linking
// compares (id, national ID, name and its key, sex, birth date, address
// unless confidential, household number), plus the district of residence
// only where the connector's own migrations add that column (labor-referrals
// counts its indicators by it) — never families, cases or contact details.
// It is core's own published.person view, so a connector links the same way
// on its own database as in the shared one.
//
// Each publication replaces the whole copy in one transaction: the connector
// never reads a half-published index, and a person core no longer holds
// leaves it. Run before each sync of the connector (`npm run
// publish:person-index -- --to <url>`); published.publication tells when.
import pg from 'pg';

/** Rows copied per statement. */
const BATCH = 5_000;

export interface Publication {
  persons: number;
  revocations: number;
}

/** The columns of the connector's published.person, with their types, in order. */
async function indexColumns(target: pg.Client): Promise<{ name: string; type: string }[]> {
  const { rows } = await target.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = 'published.person'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  return rows;
}

export async function publishPersonIndex(hubDatabaseUrl: string, targetDatabaseUrl: string): Promise<Publication> {
  const hub = new pg.Client({ connectionString: hubDatabaseUrl });
  const target = new pg.Client({ connectionString: targetDatabaseUrl });
  await hub.connect();
  try {
    await target.connect();
    try {
      await refuseHubDatabase(target);
      // One snapshot of core for the whole copy.
      await hub.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await target.query('BEGIN');
      await target.query('TRUNCATE published.person, published.revocation');
      // Only the columns the connector's own migrations gave its index: each connector gets what it needs, no more.
      const columns = await indexColumns(target);
      // Read as text, typed again on insert; ordered by the table's id (p.id), not the text column of the same name.
      const selected = columns.map((c) => `p.${pg.escapeIdentifier(c.name)}::text AS ${pg.escapeIdentifier(c.name)}`).join(', ');
      const unnested = columns.map((c, i) => `$${i + 1}::text[]`).join(', ');
      const typed = columns.map((c) => `${pg.escapeIdentifier(c.name)}::${c.type}`).join(', ');
      const names = columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
      let persons = 0;
      for (let after = 0; ; ) {
        const { rows } = await hub.query<Record<string, string | null>>(`SELECT ${selected} FROM published.person p WHERE p.id > $1 ORDER BY p.id LIMIT ${BATCH}`, [after]);
        if (rows.length === 0) break;
        await target.query(
          `INSERT INTO published.person (${names}) SELECT ${typed} FROM unnest(${unnested}) AS s(${names})`,
          columns.map((c) => rows.map((r) => r[c.name] ?? null)),
        );
        persons += rows.length;
        after = Number(rows[rows.length - 1]!.id);
      }
      const revoked = await hub.query<{ kind: string; value: string }>('SELECT kind, value FROM published.revocation');
      await target.query('INSERT INTO published.revocation (kind, value) SELECT * FROM unnest($1::text[], $2::text[])', [revoked.rows.map((r) => r.kind), revoked.rows.map((r) => r.value)]);
      await target.query(
        `INSERT INTO published.publication (id, published_at, persons, revocations) VALUES (1, now(), $1, $2)
         ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at, persons = EXCLUDED.persons, revocations = EXCLUDED.revocations`,
        [persons, revoked.rows.length],
      );
      // Counts by district follow the persons who moved, in the same transaction as the index they come from.
      const views = await target.query<{ name: string }>(`SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews WHERE matviewname = 'indicator_buckets' ORDER BY 1`);
      for (const { name } of views.rows) await target.query(`REFRESH MATERIALIZED VIEW ${name}`);
      await target.query('COMMIT');
      await hub.query('COMMIT');
      return { persons, revocations: revoked.rows.length };
    } catch (error) {
      await target.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await target.end().catch(() => undefined);
    }
  } finally {
    await hub.end().catch(() => undefined);
  }
}

/** Publishing into the hub's own database would replace nothing (its published.* are views): refused plainly. */
async function refuseHubDatabase(target: pg.Client): Promise<void> {
  const { rows } = await target.query<{ kind: string | null }>(
    `SELECT c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'published' AND c.relname = 'person'`,
  );
  if (rows[0]?.kind !== 'r') throw new Error('The target is not a subgraph\'s own database (no published.person table): migrate it with the subgraph\'s own set first');
}
