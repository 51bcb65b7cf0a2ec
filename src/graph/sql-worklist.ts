// A worklist whose order needs SQL (a due date computed from other rows):
// the rows are `SELECT case_id, sort_key, …` over the caller's own records;
// pages follow the sort key, then the case id. Cursors are the case id in
// the format of every other list (paging.ts checks them); the page after one
// starts past that case's sort key, computed again, so it holds even once
// the case has left the list. Two statements: the count and the page.
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import { prisma } from '../db/prisma.ts';
import { Prisma } from '../generated/prisma/client.ts';

export interface SqlPage<Row> {
  totalCount: number;
  entries: Row[];
  hasNextPage: boolean;
}

export interface SqlWorklist {
  /** SELECT case_id, sort_key[, …] of every entry. */
  rows: Prisma.Sql;
  /** The sort key of one case (parameter: its id), as `rows` computes it. */
  sortKeyOf: (caseId: number) => Prisma.Sql;
}

export const cursorOfCase = (caseId: number) => formatPrismaCursor({ id: caseId }, 'id');
export const caseOfCursor = (after: string | null | undefined) => (after == null ? null : Number(parsePrismaCursor(after)));

export async function sqlWorklistPage<Row extends { case_id: number }>(list: SqlWorklist, first: number, afterCase: number | null): Promise<SqlPage<Row>> {
  const keyset = afterCase === null ? Prisma.empty : Prisma.sql`WHERE (w.sort_key, w.case_id) > ((${list.sortKeyOf(afterCase)}), ${afterCase}::int)`;
  const [count, rows] = await Promise.all([
    prisma().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${list.rows}) w`,
    prisma().$queryRaw<Row[]>`SELECT * FROM (${list.rows}) w ${keyset} ORDER BY w.sort_key, w.case_id LIMIT ${first + 1}`,
  ]);
  return { totalCount: count[0]?.n ?? 0, entries: rows.slice(0, first), hasNextPage: rows.length > first };
}
