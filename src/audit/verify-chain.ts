// Checks the audit trail: walks every entry in id order (each hash covers its
// content and the previous hash), then the signed head (the newest entry, its
// hash and the number of entries, under the audit key), then any checkpoints
// (signed heads kept outside the database). Reports the first break, naming
// the entry and what is wrong with it.
import pg from 'pg';
import { auditKey } from './audit-key.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';
import { isEmptyTrail, isSigned, signatureValid, signHead, type AuditHead, type SignedHead } from './head.ts';

export type ChainReport =
  | { ok: true; entries: number; head: AuditHead }
  | { ok: false; entries: number; entryId: string; problem: string };

export interface VerifyOptions {
  /** The audit key; auditKey() unless given. */
  key?: Buffer;
  /** Signed heads kept outside the database: each must still be part of the trail. */
  checkpoints?: SignedHead[];
}

/** Signing over a signed head would let anyone who can run this with the key launder a restored or forged head. */
export class HeadAlreadySigned extends Error {
  constructor() {
    super('The audit head is signed already; --sign-head only signs the head of a trail written before signed heads');
  }
}

const PAGE = 5_000;
/** How far back an entry may be chained to and still be recognised (an insertion, not a deletion). */
const RECENT = 1_000;

interface Break {
  entryId: string;
  problem: string;
  /** Entries found sound before the break, when fewer than were walked (inserted ones looked sound on their own). */
  sound?: number;
}

interface Walked {
  /** Entries found sound, in order. */
  entries: number;
  lastId: string;
  lastHash: string;
  /** The first break, which ended the walk. */
  broken?: Break;
}

/** Called with each entry that is sound: its id, hash and how many entries the trail holds up to it. */
type Visit = (id: string, hash: string, count: number) => Break | null;

/** Everything is read in one snapshot, so entries the hub appends meanwhile cannot look like tampering. */
export async function verifyAuditChain(databaseUrl: string, options: VerifyOptions = {}): Promise<ChainReport> {
  const key = options.key ?? auditKey();
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await inspect(client, await readHead(client), key, options.checkpoints ?? [], true);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

/**
 * Signs a head nobody signed yet (a trail written before signed heads), once
 * the whole trail verifies up to it. Holds the head's lock meanwhile, so no
 * entry is appended between the check and the signature.
 */
export async function signUnsignedHead(databaseUrl: string, options: VerifyOptions = {}): Promise<ChainReport> {
  const key = options.key ?? auditKey();
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN');
    try {
      const head = await readHead(client, true);
      if (head && isSigned(head)) throw new HeadAlreadySigned();
      const report = await inspect(client, head, key, options.checkpoints ?? [], false);
      if (report.ok) {
        const signed = signHead(key, report.head);
        await client.query('UPDATE audit.head SET signed_at = $1, signature = $2 WHERE id = 1', [signed.signedAt, signed.signature]);
        report.head = signed;
      }
      await client.query('COMMIT');
      return report;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readHead(client: pg.Client, forUpdate = false): Promise<AuditHead | null> {
  const { rows } = await client.query(
    `SELECT last_id::text AS last_id, last_hash, entries::text AS entries, signed_at, signature FROM audit.head WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  const row = rows[0];
  if (!row) return null;
  return { lastId: row.last_id, lastHash: row.last_hash, entries: Number(row.entries), signedAt: row.signed_at, signature: row.signature };
}

async function inspect(client: pg.Client, head: AuditHead | null, key: Buffer, checkpoints: SignedHead[], requireSignature: boolean): Promise<ChainReport> {
  for (const [i, checkpoint] of checkpoints.entries()) {
    if (!signatureValid(key, checkpoint)) {
      throw new Error(`Checkpoint ${i + 1} (of ${checkpoint.signedAt.toISOString()}) does not verify with the audit key: it was edited, or it belongs to another trail or key`);
    }
  }
  const pending = [...checkpoints].sort((a, b) => compareIds(a.lastId, b.lastId));
  let headSeen: { hash: string; count: number } | null = null;
  let afterHead: string | null = null;
  const visit: Visit = (id, hash, count) => {
    while (pending.length > 0 && compareIds(pending[0]!.lastId, id) <= 0) {
      const checkpoint = pending.shift()!;
      const broken = checkpointBreak(checkpoint, checkpoint.lastId === id ? { id, hash, count } : null);
      if (broken) return broken;
    }
    if (head && id === head.lastId) headSeen = { hash, count };
    if (head && afterHead === null && compareIds(id, head.lastId) > 0) afterHead = id;
    return null;
  };
  const walked = await walkChain(client, visit);
  if (walked.broken) {
    const { entryId, problem, sound } = walked.broken;
    return { ok: false, entries: sound ?? walked.entries, entryId, problem };
  }

  const fail = (entryId: string, problem: string): ChainReport => ({ ok: false, entries: walked.entries, entryId, problem });
  const checked = `${walked.entries} entries`;
  if (!head) return fail(walked.lastId, 'the head of the trail (audit.head) is missing: it was deleted');
  if (requireSignature && !isEmptyTrail(head)) {
    if (!isSigned(head)) {
      return fail(head.lastId, 'the head of the trail is not signed: it was written before signed heads (check the trail, then sign it once with --sign-head), or its signature was removed');
    }
    if (!signatureValid(key, head)) {
      return fail(head.lastId, 'the signature of the head of the trail does not verify with the audit key: the head was altered (or HUB_AUDIT_KEY is not the key of the hub that wrote it)');
    }
  }
  if (afterHead !== null) {
    const covered = head.lastId === '0' ? 'the head records an empty trail' : `entry ${head.lastId} is the newest entry the signed head records`;
    return fail(afterHead, `was added after the head of the trail (${covered}): entries were written outside the hub`);
  }
  const seen = headSeen as { hash: string; count: number } | null;
  if (!seen && head.lastId !== '0') {
    const holds = walked.entries === 0 ? 'the trail is empty' : `the trail ends at entry ${walked.lastId} (${checked})`;
    return fail(head.lastId, `is missing: the signed head records the trail up to entry ${head.lastId} (${head.entries} entries), but ${holds}: the newest entries were deleted`);
  }
  if (seen && seen.hash !== head.lastHash) {
    return fail(head.lastId, 'its hash is not the one the signed head records: this entry (or entries before it) was rewritten and the chain recomputed');
  }
  if ((seen?.count ?? 0) !== head.entries) {
    return fail(head.lastId, `the trail up to this entry holds ${checked}, the signed head records ${head.entries}: entries were deleted or inserted and the chain recomputed`);
  }
  for (const checkpoint of pending) {
    const broken = checkpointBreak(checkpoint, null, walked);
    if (broken) return fail(broken.entryId, broken.problem);
  }
  return { ok: true, entries: walked.entries, head };
}

function checkpointBreak(checkpoint: SignedHead, found: { id: string; hash: string; count: number } | null, end?: Walked): Break | null {
  const of = `the checkpoint of ${checkpoint.signedAt.toISOString()}`;
  if (!found) {
    const holds = !end ? 'it is not in the trail' : end.entries === 0 ? 'the trail is empty' : `the trail ends at entry ${end.lastId} (${end.entries} entries)`;
    return { entryId: checkpoint.lastId, problem: `is missing: ${of} records the trail up to it (${checkpoint.entries} entries), but ${holds}: entries were deleted` };
  }
  if (found.hash !== checkpoint.lastHash) {
    return { entryId: found.id, problem: `its hash is not the one ${of} records: this entry (or entries before it) was rewritten and the chain recomputed` };
  }
  if (found.count !== checkpoint.entries) {
    return { entryId: found.id, problem: `the trail up to this entry holds ${found.count} entries, ${of} records ${checkpoint.entries}: entries were deleted or inserted and the chain recomputed` };
  }
  return null;
}

interface EntryRow {
  id: string;
  at: Date;
  request_id: string;
  sub: string;
  unit: string;
  org: number | null;
  purpose: string | null;
  operation: string;
  kind: 'READ' | 'WRITE' | 'REFUSED';
  person_ids: number[];
  returned_fields: string[];
  masked_fields: string[];
  denied_fields: string[];
  records: string[];
  break_glass: boolean;
  prev_hash: string;
  hash: string;
}

/** Walks the entries by numeric id; the first entry whose link or hash does not hold is the break. */
async function walkChain(client: pg.Client, visit: Visit): Promise<Walked> {
  let prevHash = GENESIS_HASH;
  let prevId: string | null = null;
  let entries = 0;
  let firstId: string | null = null;
  const recent: { id: string; hash: string; count: number }[] = [];
  for (;;) {
    const { rows }: pg.QueryResult<EntryRow> = await client.query<EntryRow>(
      // Ordered by the table's numeric id: a bare `id` here would name the text output column, which sorts 10 before 9.
      `SELECT e.id::text AS id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields, masked_fields,
              denied_fields, records, break_glass, prev_hash, hash
       FROM audit.entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT ${PAGE}`,
      [prevId ?? '-9223372036854775808'],
    );
    const stop = (broken: Break): Walked => ({ entries, lastId: prevId ?? '0', lastHash: prevHash, broken });
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return stop(await linkBreak(client, row, { prevId, prevHash, firstId, recent }));
      const expected = entryHash(prevHash, {
        at: row.at, requestId: row.request_id, sub: row.sub, unit: row.unit, org: row.org, purpose: row.purpose,
        operation: row.operation, kind: row.kind, personIds: row.person_ids, returnedFields: row.returned_fields,
        maskedFields: row.masked_fields, deniedFields: row.denied_fields, records: row.records, breakGlass: row.break_glass,
      });
      if (row.hash !== expected) return stop({ entryId: row.id, problem: 'its content no longer matches its hash: the entry was edited' });
      const broken = visit(row.id, row.hash, entries + 1);
      if (broken) return stop(broken);
      entries++;
      firstId ??= row.id;
      prevHash = row.hash;
      prevId = row.id;
      recent.push({ id: row.id, hash: row.hash, count: entries });
      if (recent.length > RECENT) recent.shift();
    }
    if (rows.length < PAGE) return { entries, lastId: prevId ?? '0', lastHash: prevHash };
  }
}

/** Tells an inserted entry from deleted ones by what the entries around the break are chained to. */
async function linkBreak(
  client: pg.Client,
  row: { id: string; prev_hash: string; hash: string },
  before: { prevId: string | null; prevHash: string; firstId: string | null; recent: { id: string; hash: string; count: number }[] },
): Promise<Break> {
  const { rows } = await client.query('SELECT e.id::text AS id, prev_hash FROM audit.entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT 1', [row.id]);
  const next = rows[0] as { id: string; prev_hash: string } | undefined;
  if (next && next.prev_hash === before.prevHash) {
    const between = before.prevId ? `between entry ${before.prevId} and entry ${next.id}` : `before entry ${next.id}`;
    return { entryId: row.id, problem: `was inserted ${between}: entry ${next.id} is chained to ${before.prevId ? `entry ${before.prevId}` : 'the start of the trail'}, not to it` };
  }
  if (row.prev_hash === GENESIS_HASH && before.prevId) {
    // Two entries claim the start: the one the rest of the trail goes on from is genuine.
    if (next?.prev_hash === row.hash && before.firstId) {
      return { entryId: before.firstId, problem: `was inserted before the start of the trail: entry ${row.id} is the one chained to the start`, sound: 0 };
    }
    return { entryId: row.id, problem: `was inserted: it is chained to the start of the trail, which entry ${before.firstId} already begins` };
  }
  const linked = before.recent.findIndex((e) => e.hash === row.prev_hash);
  if (linked >= 0) {
    const [anchor, inserted] = [before.recent[linked]!, before.recent[linked + 1]!];
    return {
      entryId: inserted.id,
      problem: `was inserted between entry ${anchor.id} and entry ${row.id}: entry ${row.id} is chained to entry ${anchor.id}, not to it`,
      sound: anchor.count,
    };
  }
  if (!before.prevId) {
    return { entryId: row.id, problem: 'is chained to an entry that is not in the trail: the entries before it were deleted' };
  }
  if (!next) {
    return { entryId: row.id, problem: `is chained to an entry that is not in the trail: it was inserted after entry ${before.prevId}, or the entries between entry ${before.prevId} and it were deleted` };
  }
  return {
    entryId: row.id,
    problem: `is chained to an entry that is not in the trail: an entry between entry ${before.prevId} and it was deleted (or entry ${before.prevId} was rewritten with its hash recomputed)`,
  };
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
