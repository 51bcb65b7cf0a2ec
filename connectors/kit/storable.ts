// Makes what a connector keeps about a record it could not take in (its key,
// raw form and reason) storable whatever the source sent. PostgreSQL text
// and jsonb cannot hold U+0000, and a B-tree entry over about 2.7 kB fails
// its insert ("index row size exceeds maximum"), so one planted value used to
// fail the batch that was trying to quarantine it.
import { createHash } from 'node:crypto';

/**
 * Quarantine keys up to this length are stored as they are; longer ones are
 * shortened and hashed. A key the mapping builds from fields that passed the
 * record guard (two free-text fields of at most 255 characters and short
 * codes and dates) stays under it, so such a record keeps the same key in the
 * quarantine as in the review list and the connector's table; 600 characters
 * of CJK text (1.8 kB) still fit an index entry (2.7 kB).
 */
export const MAX_KEY_CHARS = 600;
/** Each text value of a raw record kept in quarantine; longer values are truncated, with the whole value's sha256. */
export const MAX_RAW_TEXT_CHARS = 1_000;
export const MAX_REASON_CHARS = 1_000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** U+0000 written as the six characters \u0000, as JSON writes it: visible, and storable as text. */
export function escapeNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\\u0000') : text;
}

/** The first `count` characters, never splitting a surrogate pair (a half pair is not valid UTF-8). */
function head(text: string, count: number): string {
  const cut = text.slice(0, count);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Text of at most `max` characters: NULs escaped; a longer value keeps its beginning, its length and its sha256. */
export function storableText(text: string, max = MAX_RAW_TEXT_CHARS): string {
  const escaped = escapeNul(text);
  if (escaped.length <= max) return escaped;
  const note = `… [${text.length.toLocaleString('en-US')} characters, sha256 ${sha256(text)}]`;
  return head(escaped, Math.max(0, max - note.length)) + note;
}

/**
 * A quarantine key the unique index can hold: a long key (built by the
 * mapping from a 2,000-character name or a 10 MB field) keeps its first
 * characters and ends in the whole key's sha256, so the same bad record
 * finds its quarantine row again on the next run.
 */
export function storableKey(key: string): string {
  const escaped = escapeNul(key);
  if (escaped.length <= MAX_KEY_CHARS) return escaped;
  return `${head(escaped, 64)}…sha256:${sha256(key)}`;
}

export function storableReason(reason: string): string {
  return storableText(reason, MAX_REASON_CHARS);
}

/** The raw record as JSON for jsonb: every key and text value storable (dates as JSON writes them). */
export function storableJson(raw: unknown): string {
  return JSON.stringify(raw ?? null, (_key, value: unknown) => {
    if (typeof value === 'string') return storableText(value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k, MAX_KEY_CHARS), v]));
    }
    return value;
  });
}
