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
// The first publication copies the index whole; later ones write only the
// persons whose published columns differ from the target's copy and remove
// those core no longer holds. Core keeps no change time per person (nor per
// household registration), so "changed" is found by comparing a hash of each
// person's published columns on both sides, inside the target's transaction:
// the hashes travel, the unchanged rows stay put. Either way one snapshot of
// core is published in one transaction: the connector never reads a
// half-published index. The deny-list, which must travel fast, can also be
// published alone (publishRevocations). published.publication tells when
// the index was published, and how many persons and revocations it holds.
import pg from 'pg';

/** Rows copied per statement. */
const BATCH = 5_000;
/** Hashes compared per statement: ids and 64-bit hashes are small. */
const HASH_BATCH = 50_000;

export interface Publication {
  /** Persons in the target's index after the publication. */
  persons: number;
  revocations: number;
  /** whole: the index replaced whole; changes: only what differed written, the rest left as it was. */
  mode: 'whole' | 'changes';
  /** Persons added or changed (all of them for a whole copy). */
  written: number;
  /** Persons removed because core no longer holds them (0 for a whole copy, which replaces everything). */
  removed: number;
}

export interface PublishOptions {
  /** Replace the index whole even when one was published before. */
  whole?: boolean;
}

interface Column {
  name: string;
  type: string;
}

/** The columns of the connector's published.person, with their types, in order. */
async function indexColumns(target: pg.Client): Promise<Column[]> {
  const { rows } = await target.query<Column>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = 'published.person'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  return rows;
}

/** A 64-bit hash of a person's published columns, written the same way over core's view and the target's table. */
const rowHash = (columns: Column[], alias: string) =>
  `('x' || left(md5(row(${columns.map((c) => `${alias}.${pg.escapeIdentifier(c.name)}::text`).join(', ')})::text), 16))::bit(64)::bigint`;

/** Both connections, the target's checked, core's snapshot and the target's transaction open; committed or rolled back around `work`. */
async function inPublication<T>(hubDatabaseUrl: string, targetDatabaseUrl: string, work: (hub: pg.Client, target: pg.Client) => Promise<T>): Promise<T> {
  const hub = new pg.Client({ connectionString: hubDatabaseUrl });
  const target = new pg.Client({ connectionString: targetDatabaseUrl });
  await hub.connect();
  try {
    await target.connect();
    try {
      await refuseHubDatabase(target);
      // One snapshot of core for everything published.
      await hub.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await target.query('BEGIN');
      // One publisher at a time per target: the job runner's and `npm run publish:person-index` wait for each other.
      await target.query("SELECT pg_advisory_xact_lock(hashtext('hub-publication'))");
      const result = await work(hub, target);
      await target.query('COMMIT');
      await hub.query('COMMIT');
      return result;
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

/** Copies core's rows chosen by `where` (over `p`, with `params`) into the target's index, in batches by id. */
async function copyPersons(hub: pg.Client, target: pg.Client, columns: Column[], where: string, params: unknown[]): Promise<number> {
  // Read as text, typed again on insert; ordered by the table's id (p.id), not the text column of the same name.
  const selected = columns.map((c) => `p.${pg.escapeIdentifier(c.name)}::text AS ${pg.escapeIdentifier(c.name)}`).join(', ');
  const unnested = columns.map((_c, i) => `$${i + 1}::text[]`).join(', ');
  const typed = columns.map((c) => `${pg.escapeIdentifier(c.name)}::${c.type}`).join(', ');
  const names = columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
  let copied = 0;
  for (let after = 0; ; ) {
    const { rows } = await hub.query<Record<string, string | null>>(
      `SELECT ${selected} FROM published.person p WHERE p.id > $1 AND (${where}) ORDER BY p.id LIMIT ${BATCH}`,
      [after, ...params],
    );
    if (rows.length === 0) break;
    await target.query(
      `INSERT INTO published.person (${names}) SELECT ${typed} FROM unnest(${unnested}) AS s(${names})`,
      columns.map((c) => rows.map((r) => r[c.name] ?? null)),
    );
    copied += rows.length;
    after = Number(rows[rows.length - 1]!.id);
  }
  return copied;
}

/**
 * Only what differs: core's hashes go into a temporary table of the target,
 * which then knows the persons it holds that core no longer does (removed)
 * and those new or changed (deleted, then copied again from core: deleting
 * first lets a national ID move from one person to another without meeting
 * itself on the unique index).
 */
async function publishChanges(hub: pg.Client, target: pg.Client, columns: Column[]): Promise<{ written: number; removed: number }> {
  await target.query('CREATE TEMPORARY TABLE core_hash (id integer PRIMARY KEY, h bigint NOT NULL) ON COMMIT DROP');
  for (let after = 0; ; ) {
    const { rows } = await hub.query<{ id: number; h: string }>(`SELECT p.id, ${rowHash(columns, 'p')} AS h FROM published.person p WHERE p.id > $1 ORDER BY p.id LIMIT ${HASH_BATCH}`, [after]);
    if (rows.length === 0) break;
    await target.query('INSERT INTO core_hash (id, h) SELECT * FROM unnest($1::int[], $2::bigint[])', [rows.map((r) => r.id), rows.map((r) => r.h)]);
    after = rows[rows.length - 1]!.id;
  }
  const removed = await target.query('DELETE FROM published.person t WHERE NOT EXISTS (SELECT 1 FROM core_hash c WHERE c.id = t.id)');
  const { rows: changed } = await target.query<{ id: number }>(
    `SELECT c.id FROM core_hash c LEFT JOIN published.person t ON t.id = c.id WHERE t.id IS NULL OR ${rowHash(columns, 't')} <> c.h ORDER BY c.id`,
  );
  const ids = changed.map((r) => r.id);
  if (ids.length === 0) return { written: 0, removed: removed.rowCount ?? 0 };
  await target.query('DELETE FROM published.person WHERE id = ANY($1::int[])', [ids]);
  let written = 0;
  for (let i = 0; i < ids.length; i += BATCH) written += await copyPersons(hub, target, columns, 'p.id = ANY($2::int[])', [ids.slice(i, i + BATCH)]);
  return { written, removed: removed.rowCount ?? 0 };
}

/** Replaces the target's deny-list with core's active entries; returns how many. */
async function replaceRevocations(hub: pg.Client, target: pg.Client): Promise<number> {
  const revoked = await hub.query<{ kind: string; value: string }>('SELECT kind, value FROM published.revocation');
  // DELETE, not TRUNCATE: the subgraph's own reads of the list go on meanwhile instead of waiting for the lock.
  await target.query('DELETE FROM published.revocation');
  await target.query('INSERT INTO published.revocation (kind, value) SELECT * FROM unnest($1::text[], $2::text[])', [revoked.rows.map((r) => r.kind), revoked.rows.map((r) => r.value)]);
  return revoked.rows.length;
}

export async function publishPersonIndex(hubDatabaseUrl: string, targetDatabaseUrl: string, options: PublishOptions = {}): Promise<Publication> {
  return inPublication(hubDatabaseUrl, targetDatabaseUrl, async (hub, target) => {
    // Only the columns the connector's own migrations gave its index: each connector gets what it needs, no more.
    const columns = await indexColumns(target);
    const { rows: before } = await target.query('SELECT 1 FROM published.publication');
    const mode = options.whole || before.length === 0 ? 'whole' : 'changes';
    let written: number;
    let removed = 0;
    if (mode === 'whole') {
      await target.query('TRUNCATE published.person');
      written = await copyPersons(hub, target, columns, 'true', []);
    } else {
      ({ written, removed } = await publishChanges(hub, target, columns));
    }
    const revocations = await replaceRevocations(hub, target);
    const { rows: count } = await target.query<{ n: number }>('SELECT count(*)::int AS n FROM published.person');
    const persons = count[0]!.n;
    await target.query(
      `INSERT INTO published.publication (id, published_at, persons, revocations) VALUES (1, now(), $1, $2)
       ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at, persons = EXCLUDED.persons, revocations = EXCLUDED.revocations`,
      [persons, revocations],
    );
    // Counts by district follow the persons who moved, in the same transaction as the index they come from.
    if (written + removed > 0) {
      const views = await target.query<{ name: string }>(`SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews WHERE matviewname = 'indicator_buckets' ORDER BY 1`);
      for (const { name } of views.rows) await target.query(`REFRESH MATERIALIZED VIEW ${name}`);
    }
    return { persons, revocations, mode, written, removed };
  });
}

/**
 * The deny-list alone, on its own short cadence: a revoked token must not
 * wait for the next index. published.publication keeps the index's time and
 * takes the new count only if an index was published (a deny-list alone does
 * not make a database ready for linking).
 */
export async function publishRevocations(hubDatabaseUrl: string, targetDatabaseUrl: string): Promise<{ revocations: number }> {
  return inPublication(hubDatabaseUrl, targetDatabaseUrl, async (hub, target) => {
    const revocations = await replaceRevocations(hub, target);
    await target.query('UPDATE published.publication SET revocations = $1', [revocations]);
    return { revocations };
  });
}

/** Publishing into the hub's own database would replace nothing (its published.* are views): refused plainly. */
async function refuseHubDatabase(target: pg.Client): Promise<void> {
  const { rows } = await target.query<{ kind: string | null }>(
    `SELECT c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'published' AND c.relname = 'person'`,
  );
  if (rows[0]?.kind !== 'r') throw new Error('The target is not a subgraph\'s own database (no published.person table): migrate it with the subgraph\'s own set first');
}
