// Retention of the audit trail: whole months older than the kept window are
// dropped, and never without a signed checkpoint written first in the same
// transaction (src/audit/retention-checkpoint.ts).
//
// The chain can only lose a prefix: what is removed must be every entry
// before some id K, or the first retained entry would be chained to an entry
// nobody vouches for. Entries join the chain in id order but carry the time
// they were made, so around a month boundary an entry of the old month can
// follow one of the new month (a write's entry waits for the chain's lock; a
// replica's clock runs a little behind). So K is the smallest id dated in the
// kept window; entries before K are removed, and the few of an old month that
// come after K ("late" entries) are kept: moved out of the dropped partition
// into DEFAULT (no partition covers their month any more) until a later run
// removes them. Nothing is ever deleted row by row; the append-only triggers
// stay on.
//
// Two steps. First, in one read-only snapshot, the entries to be removed are
// walked and checked (hash, link, count, from the previous checkpoint or the
// start), so a checkpoint never vouches for a trail that was tampered with;
// appends go on meanwhile. Then one short transaction takes audit.entry's
// exclusive lock (appends wait a moment), checks nothing moved, writes the
// checkpoint and drops the partitions.
import pg from 'pg';
import { auditKey } from './audit-key.ts';
import { walkChain } from './chain-walk.ts';
import { isEmptyTrail, isSigned, signatureValid } from './head.ts';
import { checkpointsProblem, insertCheckpoint, readCheckpoints, signCheckpoint, type RetentionCheckpoint } from './retention-checkpoint.ts';
import { readHead, startAfter, withClient } from './verify-chain.ts';

export interface RetentionOptions {
  /** Months kept: the current one and whole months back to now minus this many months. At least 1. */
  keepMonths: number;
  /** The audit key; auditKey() unless given. */
  key?: Buffer;
  /** "Now" for the window; the database's clock unless given (tests). */
  asOf?: Date;
  /** How long to wait for the exclusive lock on audit.entry (appends wait as long). */
  lockTimeoutMs?: number;
}

export type RetentionResult =
  | { removed: false; keptFrom: Date; reason: string }
  | {
      removed: true;
      keptFrom: Date;
      checkpoint: RetentionCheckpoint;
      /** Partitions dropped. */
      partitions: string[];
      /** Entries of dropped months kept because they come after the first retained entry; now in DEFAULT. */
      lateEntriesKept: number;
      /** First retained entry, null when none is left. */
      firstRetainedId: string | null;
    };

/** The trail does not verify where retention would remove it: no checkpoint may vouch for it. Nothing was removed. */
export class RetentionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionRefused';
  }
}

/** The exclusive lock was not granted in time (a long read or verification held the trail). Nothing was removed. */
export class RetentionBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionBusy';
  }
}

const ENTRY_COLUMNS = `id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
  masked_fields, denied_fields, prev_hash, hash, records, break_glass`;

interface Plan {
  keptFrom: Date;
  previous: RetentionCheckpoint | null;
  /** The smallest id kept: every entry before it is removed. */
  firstKeptId: string;
  firstRemovedId: string;
  lastRemovedId: string;
  lastRemovedHash: string;
  entries: number;
  removed: number;
}

export async function retainAuditTrail(databaseUrl: string, options: RetentionOptions): Promise<RetentionResult> {
  if (!Number.isSafeInteger(options.keepMonths) || options.keepMonths < 1) throw new RangeError('keepMonths must be a whole number, at least 1');
  const key = options.key ?? auditKey();
  return withClient(databaseUrl, async (client) => {
    const plan = await planRemoval(client, key, options);
    if (!('firstKeptId' in plan)) return plan;
    return removeUnderCheckpoint(client, key, plan, options.lockTimeoutMs ?? 3_000);
  });
}

/** Step one, read-only: what goes, and whether it verifies. */
async function planRemoval(client: pg.Client, key: Buffer, options: RetentionOptions): Promise<Plan | RetentionResult & { removed: false }> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query('LOCK TABLE audit.entry, audit.checkpoint IN ACCESS SHARE MODE');
    const { rows: [window] } = await client.query<{ kept_from: Date }>(
      'SELECT audit.month_start(audit.add_months(coalesce($1::timestamptz, now()), -$2::int)) AS kept_from',
      [options.asOf ?? null, options.keepMonths],
    );
    const keptFrom = window!.kept_from;
    const nothing = (reason: string) => ({ removed: false as const, keptFrom, reason });

    const checkpoints = await readCheckpoints(client);
    const bad = checkpointsProblem(key, checkpoints);
    if (bad) throw new RetentionRefused(`Checkpoint ${bad.number} does not hold: ${bad.problem}. Nothing was removed; run \`npm run audit:verify\`.`);
    const previous = checkpoints.at(-1) ?? null;

    const head = await readHead(client);
    if (!head) throw new RetentionRefused('The head of the trail (audit.head) is missing. Nothing was removed; run `npm run audit:verify`.');
    if (isEmptyTrail(head)) return nothing('the trail is empty');
    if (!isSigned(head) || !signatureValid(key, head)) {
      throw new RetentionRefused('The head of the trail is not signed, or its signature does not verify with the audit key. Nothing was removed; run `npm run audit:verify`.');
    }

    const firstKeptId = await firstIdFrom(client, keptFrom) ?? String(BigInt(head.lastId) + 1n);
    const walked = await walkChain(client, startAfter(previous), undefined, firstKeptId);
    if (walked.broken) {
      throw new RetentionRefused(`The entries to be removed do not verify: entry ${walked.broken.entryId}: ${walked.broken.problem}. Nothing was removed; run \`npm run audit:verify\`.`);
    }
    if (walked.verified === 0) return nothing(`no entry before ${keptFrom.toISOString()} comes before the first entry of the kept window`);

    // The kept part must go on from the last removed entry, or the checkpoint would vouch for a gap.
    const { rows: [first] } = await client.query<{ prev_hash: string }>('SELECT prev_hash FROM audit.entry WHERE id = $1::bigint ORDER BY at LIMIT 1', [firstKeptId]);
    if (first ? first.prev_hash !== walked.lastHash : head.lastId !== walked.lastId || head.lastHash !== walked.lastHash || head.entries !== walked.entries) {
      const what = first ? `entry ${firstKeptId}, the first one kept,` : 'the signed head';
      throw new RetentionRefused(`${what} does not go on from entry ${walked.lastId}, the last one to be removed. Nothing was removed; run \`npm run audit:verify\`.`);
    }
    return {
      keptFrom, previous, firstKeptId,
      firstRemovedId: walked.firstId!, lastRemovedId: walked.lastId!, lastRemovedHash: walked.lastHash, entries: walked.entries, removed: walked.verified,
    };
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The smallest id dated in the kept window, or null. */
async function firstIdFrom(client: pg.Client, keptFrom: Date): Promise<string | null> {
  const { rows } = await client.query<{ id: string | null }>('SELECT min(e.id)::text AS id FROM audit.entry e WHERE e.at >= $1', [keptFrom]);
  return rows[0]?.id ?? null;
}

interface OldPartition {
  name: string;
  month: string;
  /** It holds entries before the first kept id (the months the checkpoint names). */
  removes: boolean;
}

/** Month partitions wholly before `keptFrom`, oldest first (DEFAULT is never one). */
async function oldPartitions(client: pg.Client, keptFrom: Date, firstKeptId: string): Promise<OldPartition[]> {
  const { rows } = await client.query<Omit<OldPartition, 'removes'>>(
    `SELECT name, to_char(lower_bound AT TIME ZONE 'UTC', 'YYYY-MM') AS month
     FROM (
       SELECT c.oid::regclass::text AS name,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lower_bound,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper_bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit.entry'::regclass
     ) AS p
     WHERE upper_bound <= $1
     ORDER BY lower_bound`,
    [keptFrom],
  );
  const partitions: OldPartition[] = [];
  for (const row of rows) {
    const { rows: [holds] } = await client.query<{ removes: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${row.name} WHERE id < $1::bigint) AS removes`, [firstKeptId]);
    partitions.push({ ...row, removes: holds!.removes });
  }
  return partitions;
}

/** Step two, one transaction: lock, check nothing moved, write the checkpoint, drop. */
async function removeUnderCheckpoint(client: pg.Client, key: Buffer, plan: Plan, lockTimeoutMs: number): Promise<RetentionResult> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await client.query('LOCK TABLE audit.entry IN ACCESS EXCLUSIVE MODE').catch((error: { code?: string }) => {
      if (error.code === '55P03') {
        throw new RetentionBusy(`The audit trail stayed busy for ${lockTimeoutMs} ms (a long read or a verification held it). Nothing was removed; run again.`);
      }
      throw error;
    });
    const newest = (await readCheckpoints(client)).at(-1) ?? null;
    if ((newest?.number ?? 0) !== (plan.previous?.number ?? 0)) {
      throw new RetentionBusy('Another retention run wrote a checkpoint meanwhile. Nothing was removed; run again.');
    }
    const firstKept = await firstIdFrom(client, plan.keptFrom);
    if (firstKept !== null && BigInt(firstKept) < BigInt(plan.firstKeptId)) {
      throw new RetentionRefused(`Entry ${firstKept} appeared in the kept window with an id before entry ${plan.firstKeptId} while retention ran. Nothing was removed; run \`npm run audit:verify\`.`);
    }
    // No append is under way now (they wait for the lock): the head read here is the one the checkpoint remembers.
    const head = await readHead(client);
    if (!head || !signatureValid(key, head) || BigInt(head.lastId) < BigInt(plan.lastRemovedId)) {
      throw new RetentionRefused('The head of the trail changed in a way appends cannot explain while retention ran. Nothing was removed; run `npm run audit:verify`.');
    }

    // Old months' entries waiting in DEFAULT that are to go get their month's partition, so they go the same way as the rest.
    // (Two statements: one that still reads DEFAULT could not let the function replace it.)
    const { rows: [waiting] } = await client.query<{ months: Date[] }>(
      'SELECT ARRAY(SELECT DISTINCT audit.month_start(d.at) FROM audit.entry_default d WHERE d.at < $1 AND d.id < $2::bigint) AS months',
      [plan.keptFrom, plan.firstKeptId],
    );
    if (waiting!.months.length > 0) await client.query('SELECT audit.add_month_partitions($1::timestamptz[])', [waiting!.months]);
    const partitions = await oldPartitions(client, plan.keptFrom, plan.firstKeptId);
    const checkpoint = signCheckpoint(key, {
      number: (plan.previous?.number ?? 0) + 1,
      firstId: plan.firstRemovedId,
      lastId: plan.lastRemovedId,
      lastHash: plan.lastRemovedHash,
      entries: plan.entries,
      removed: plan.removed,
      months: partitions.filter((p) => p.removes).map((p) => p.month),
      keptFrom: plan.keptFrom,
      headEntries: head.entries,
      createdAt: new Date(),
    });
    await insertCheckpoint(client, checkpoint);

    let lateEntriesKept = 0;
    for (const partition of partitions) lateEntriesKept += await dropKeepingLate(client, partition.name, plan.firstKeptId);

    const { rows: [left] } = await client.query<{ id: string | null }>('SELECT min(e.id)::text AS id FROM audit.entry e');
    if (left?.id != null && BigInt(left.id) < BigInt(plan.firstKeptId)) {
      throw new Error(`Retention would leave entry ${left.id}, before the first kept entry ${plan.firstKeptId}, behind; nothing was removed`);
    }
    await client.query('COMMIT');
    return { removed: true, keptFrom: plan.keptFrom, checkpoint, partitions: partitions.map((p) => p.name), lateEntriesKept, firstRetainedId: left?.id ?? null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Drops one old month's partition. Entries in it that come after the first
 * kept id are kept: the partition is detached first, they are inserted again
 * through audit.entry (into DEFAULT, now that their month has no partition),
 * and only then is it dropped. Returns how many were kept.
 */
async function dropKeepingLate(client: pg.Client, partition: string, firstKeptId: string): Promise<number> {
  const { rows: [late] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${partition} WHERE id >= $1::bigint`, [firstKeptId]);
  if (late!.n > 0) {
    await client.query(`ALTER TABLE audit.entry DETACH PARTITION ${partition}`);
    await client.query(`INSERT INTO audit.entry (${ENTRY_COLUMNS}) SELECT ${ENTRY_COLUMNS} FROM ${partition} WHERE id >= $1::bigint ORDER BY id`, [firstKeptId]);
  }
  await client.query(`DROP TABLE ${partition}`);
  return late!.n;
}
