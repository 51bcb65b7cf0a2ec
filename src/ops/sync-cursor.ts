// Where a connector stands in its source, in a form fit to show anyone who
// may see syncStatus: a timestamp (the newest change taken in) or a file name.
// Cursor positions are the connectors' own (JSON with a row id, a timestamp);
// only the timestamp leaves, and a file name only when it is a plain name, so
// no source key, national id or other record content can pass through.
import { prisma } from '../db/prisma.ts';

const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The timestamp inside a stored position, if there is one. */
export function timestampOf(position: string): string | null {
  let candidate: unknown = position;
  try {
    const parsed: unknown = JSON.parse(position);
    candidate = typeof parsed === 'object' && parsed !== null && 'updatedAt' in parsed ? (parsed as { updatedAt: unknown }).updatedAt : parsed;
  } catch {
    // A bare timestamp is not JSON: it is read as it is.
  }
  if (typeof candidate !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(candidate)) return null;
  const at = new Date(candidate);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export async function syncCursorOf(connector: string): Promise<string | null> {
  // A connector reading more than one table keeps a cursor per table, under its name and a suffix.
  const positions = await prisma().$queryRaw<{ position: string }[]>`
    SELECT position FROM sync.cursor
    WHERE connector = ${connector} OR starts_with(connector, ${`${connector}:`}) OR starts_with(connector, ${`${connector}/`})`;
  const stamps = positions.map((p) => timestampOf(p.position)).filter((s): s is string => s !== null).sort();
  if (stamps.length > 0) return stamps[stamps.length - 1]!;
  // File drops: the newest file taken in. A connector's own database has no file table (its connector reads no drops).
  const [table] = await prisma().$queryRaw<{ present: boolean }[]>`SELECT to_regclass('sync.processed_file') IS NOT NULL AS present`;
  if (!table?.present) return null;
  const [file] = await prisma().$queryRaw<{ name: string }[]>`
    SELECT name FROM sync.processed_file WHERE connector = ${connector} ORDER BY processed_at DESC LIMIT 1`;
  return file && PLAIN_FILE_NAME.test(file.name) ? `file ${file.name}` : null;
}
