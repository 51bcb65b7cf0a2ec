// Walks the hash chain in id order from where it starts — the start of the
// trail, or the last entry a retention checkpoint removed — checking each
// entry's link and hash, and names the first break in plain words. Used by
// the verifier (the whole retained trail) and by retention (the entries it is
// about to remove, which it must not vouch for unless they are intact).
import type pg from 'pg';
import { entryHash, GENESIS_HASH } from './chain.ts';

const PAGE = 5_000;
/** How far back an entry may be chained to and still be recognised (an insertion, not a deletion). */
const RECENT = 1_000;

/** Where the walk starts: the start of the trail, or the end of what a checkpoint removed. */
export interface WalkStart {
  /** Null at the start of the trail; else the last id the checkpoint removed. */
  id: string | null;
  /** GENESIS_HASH, or the checkpoint's last hash. */
  hash: string;
  /** Entries before the walk's first one (the checkpoint's count), so counts stay comparable with the head's. */
  count: number;
  /** The checkpoint's number, when the walk starts from one. */
  checkpoint: number | null;
}

export const TRAIL_START: WalkStart = { id: null, hash: GENESIS_HASH, count: 0, checkpoint: null };

export interface Break {
  entryId: string;
  problem: string;
  /** Entries found sound before the break, when fewer than were walked (inserted ones looked sound on their own). */
  sound?: number;
}

export interface Walked {
  /** Entries found sound by this walk, in order. */
  verified: number;
  /** The trail's count up to the last sound entry (start.count + verified). */
  entries: number;
  /** First and last sound entry; null when none. */
  firstId: string | null;
  lastId: string | null;
  /** Hash of the last sound entry (the start's hash when none). */
  lastHash: string;
  /** The first break, which ended the walk. */
  broken?: Break;
}

/** Called with each entry that is sound: its id, hash and how many entries the trail holds up to it. */
export type Visit = (id: string, hash: string, count: number) => Break | null;

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

interface Recent {
  id: string;
  hash: string;
  verified: number;
}

const MIN_ID = '-9223372036854775808';

/**
 * Walks the entries after `start` in id order (up to, not including,
 * `beforeId` when given); the first entry whose link or hash does not hold is
 * the break. Pages by (id, at), the table's key: ids are unique only by the
 * sequence, and a second entry under one id must be seen, not skipped.
 */
export async function walkChain(client: pg.Client, start: WalkStart, visit: Visit = () => null, beforeId?: string): Promise<Walked> {
  let prevHash = start.hash;
  let prevId: string | null = null;
  let cursor: { id: string; at: Date | string } = { id: start.id ?? MIN_ID, at: '-infinity' };
  let verified = 0;
  let firstId: string | null = null;
  const recent: Recent[] = [];
  const walked = (broken?: Break): Walked => ({ verified, entries: start.count + verified, firstId, lastId: prevId, lastHash: prevHash, ...(broken && { broken }) });
  for (;;) {
    const { rows }: pg.QueryResult<EntryRow> = await client.query<EntryRow>(
      // Ordered by the table's numeric id: a bare `id` here would name the text output column, which sorts 10 before 9.
      `SELECT e.id::text AS id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields, masked_fields,
              denied_fields, records, break_glass, prev_hash, hash
       FROM audit.entry e WHERE (e.id, e.at) > ($1::bigint, $2::timestamptz) ${beforeId ? 'AND e.id < $3::bigint' : ''}
       ORDER BY e.id, e.at LIMIT ${PAGE}`,
      beforeId ? [cursor.id, cursor.at, beforeId] : [cursor.id, cursor.at],
    );
    for (const row of rows) {
      if (row.id === prevId) return walked({ entryId: row.id, problem: `is a second entry with id ${row.id}: it was inserted` });
      if (row.prev_hash !== prevHash) return walked(await linkBreak(client, row, start, { prevId, prevHash, firstId, recent }));
      const expected = entryHash(prevHash, {
        at: row.at, requestId: row.request_id, sub: row.sub, unit: row.unit, org: row.org, purpose: row.purpose,
        operation: row.operation, kind: row.kind, personIds: row.person_ids, returnedFields: row.returned_fields,
        maskedFields: row.masked_fields, deniedFields: row.denied_fields, records: row.records, breakGlass: row.break_glass,
      });
      if (row.hash !== expected) return walked({ entryId: row.id, problem: 'its content no longer matches its hash: the entry was edited' });
      const broken = visit(row.id, row.hash, start.count + verified + 1);
      if (broken) return walked(broken);
      verified++;
      firstId ??= row.id;
      prevHash = row.hash;
      prevId = row.id;
      cursor = { id: row.id, at: row.at };
      recent.push({ id: row.id, hash: row.hash, verified });
      if (recent.length > RECENT) recent.shift();
    }
    if (rows.length < PAGE) return walked();
  }
}

/** What the walk starts from, in words. */
function startOf(start: WalkStart): string {
  return start.checkpoint === null ? 'the start of the trail' : `the last entry checkpoint ${start.checkpoint} removed (entry ${start.id})`;
}

/** Tells an inserted entry from deleted ones by what the entries around the break are chained to. */
async function linkBreak(
  client: pg.Client,
  row: { id: string; prev_hash: string; hash: string },
  start: WalkStart,
  before: { prevId: string | null; prevHash: string; firstId: string | null; recent: Recent[] },
): Promise<Break> {
  const { rows } = await client.query('SELECT e.id::text AS id, prev_hash FROM audit.entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT 1', [row.id]);
  const next = rows[0] as { id: string; prev_hash: string } | undefined;
  if (next && next.prev_hash === before.prevHash) {
    const between = before.prevId ? `between entry ${before.prevId} and entry ${next.id}` : `before entry ${next.id}`;
    return { entryId: row.id, problem: `was inserted ${between}: entry ${next.id} is chained to ${before.prevId ? `entry ${before.prevId}` : startOf(start)}, not to it` };
  }
  if (row.prev_hash === start.hash && before.prevId) {
    // Two entries claim the start: the one the rest of the trail goes on from is genuine.
    const genesis = start.checkpoint === null;
    if (next?.prev_hash === row.hash && before.firstId) {
      const where = genesis ? 'the start of the trail' : `the first entry after checkpoint ${start.checkpoint}`;
      return { entryId: before.firstId, problem: `was inserted before ${where}: entry ${row.id} is the one chained to ${genesis ? 'the start' : startOf(start)}`, sound: 0 };
    }
    return { entryId: row.id, problem: `was inserted: it is chained to ${startOf(start)}, which entry ${before.firstId} already ${genesis ? 'begins' : 'follows'}` };
  }
  const linked = before.recent.findIndex((e) => e.hash === row.prev_hash);
  if (linked >= 0) {
    const [anchor, inserted] = [before.recent[linked]!, before.recent[linked + 1]!];
    return {
      entryId: inserted.id,
      problem: `was inserted between entry ${anchor.id} and entry ${row.id}: entry ${row.id} is chained to entry ${anchor.id}, not to it`,
      sound: anchor.verified,
    };
  }
  if (!before.prevId) {
    if (start.checkpoint === null) {
      return { entryId: row.id, problem: 'is chained to an entry that is not in the trail: the entries before it were deleted' };
    }
    return {
      entryId: row.id,
      problem:
        `is the first entry after checkpoint ${start.checkpoint}, but it is not chained to ${startOf(start)}: ` +
        'entries after the checkpoint were deleted (or a newer checkpoint recording their removal was deleted)',
    };
  }
  if (!next) {
    return { entryId: row.id, problem: `is chained to an entry that is not in the trail: it was inserted after entry ${before.prevId}, or the entries between entry ${before.prevId} and it were deleted` };
  }
  return {
    entryId: row.id,
    problem: `is chained to an entry that is not in the trail: an entry between entry ${before.prevId} and it was deleted (or entry ${before.prevId} was rewritten with its hash recomputed)`,
  };
}
