// Core publishes what a connector on a database of its own may read of core
// (issue 16) into that database: the person index identity linking matches
// against, and the token deny-list. Read-only for the connector (only this
// publisher writes there), and minimal: per person only what linking
// compares (id, national ID, name and its key, sex, birth date, address
// unless confidential, household number) — no districts, families, cases or
// contact details. It is exactly core's own published.person view, so a
// connector links the same way on its own database as in the shared one.
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

type PublishedPerson = { id: number; national_id: string | null; name: string; name_key: string; sex: string; birth_date: string; address: string | null; household_number: string | null };

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
      let persons = 0;
      for (let after = 0; ; ) {
        const { rows } = await hub.query<PublishedPerson>(
          `SELECT id, national_id, name, name_key, sex, birth_date::text AS birth_date, address, household_number
           FROM published.person WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
          [after],
        );
        if (rows.length === 0) break;
        await target.query(
          `INSERT INTO published.person (id, national_id, name, name_key, sex, birth_date, address, household_number)
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[])`,
          [rows.map((r) => r.id), rows.map((r) => r.national_id), rows.map((r) => r.name), rows.map((r) => r.name_key), rows.map((r) => r.sex), rows.map((r) => r.birth_date), rows.map((r) => r.address), rows.map((r) => r.household_number)],
        );
        persons += rows.length;
        after = rows[rows.length - 1]!.id;
      }
      const revoked = await hub.query<{ kind: string; value: string }>('SELECT kind, value FROM published.revocation');
      await target.query('INSERT INTO published.revocation (kind, value) SELECT * FROM unnest($1::text[], $2::text[])', [revoked.rows.map((r) => r.kind), revoked.rows.map((r) => r.value)]);
      await target.query(
        `INSERT INTO published.publication (id, published_at, persons, revocations) VALUES (1, now(), $1, $2)
         ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at, persons = EXCLUDED.persons, revocations = EXCLUDED.revocations`,
        [persons, revoked.rows.length],
      );
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
