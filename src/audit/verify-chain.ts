// Walks the whole audit trail in order and reports the first entry whose
// hash or link to its predecessor does not hold.
import pg from 'pg';
import { entryHash, GENESIS_HASH } from './chain.ts';

export type ChainReport = { ok: true; entries: number } | { ok: false; entries: number; entryId: string; problem: string };

const PAGE = 5_000;

export async function verifyAuditChain(databaseUrl: string): Promise<ChainReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let prevHash = GENESIS_HASH;
    let lastId = '0';
    let entries = 0;
    for (;;) {
      const { rows } = await client.query(
        // Ordered by the numeric id: the text form (an output column of the same name) sorts 10 before 9.
        `SELECT e.id::text AS id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields, masked_fields,
                denied_fields, records, break_glass, prev_hash, hash
         FROM audit.entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT ${PAGE}`,
        [lastId],
      );
      for (const row of rows) {
        entries++;
        if (row.prev_hash !== prevHash) {
          return { ok: false, entries, entryId: row.id, problem: 'does not follow the previous entry (an entry was deleted or inserted before it)' };
        }
        const expected = entryHash(prevHash, {
          at: row.at, requestId: row.request_id, sub: row.sub, unit: row.unit, org: row.org, purpose: row.purpose,
          operation: row.operation, kind: row.kind, personIds: row.person_ids, returnedFields: row.returned_fields,
          maskedFields: row.masked_fields, deniedFields: row.denied_fields, records: row.records, breakGlass: row.break_glass,
        });
        if (row.hash !== expected) return { ok: false, entries, entryId: row.id, problem: 'its content does not match its hash (the entry was edited)' };
        prevHash = row.hash;
        lastId = row.id;
      }
      if (rows.length < PAGE) return { ok: true, entries };
    }
  } finally {
    await client.end();
  }
}
