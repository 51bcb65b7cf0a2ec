// Checked before a source record is mapped, so that one record cannot fail
// its whole batch: a text PostgreSQL cannot store (a NUL character) or longer
// than any agency field would break the first statement that carries it —
// identity linking's lookups, the connector's table, the review list's index
// — and a mapper that throws on a record shaped unlike the others (a number
// where the API promised text) would end the run. Such a record is
// quarantined on its own; the reason names the field, never the value
// (it may be a name or an ID).
export const MAX_FIELD_CHARS = 255;

type Failure = { ok: false; sourceKey: string; reason: string };

/** Why the record's fields cannot be taken in, naming the first bad field; null when they can. */
export function unstorableField(record: unknown): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'not a record (expected named fields)';
  return firstProblem(record as Record<string, unknown>, '');
}

function firstProblem(fields: Record<string, unknown>, prefix: string): string | null {
  for (const [name, value] of Object.entries(fields)) {
    const field = `${prefix}${name}`;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return `${field}: contains a NUL character`;
      // Any agency field is an ID, a name, a code, a date or an address: 255 is the widest column of
      // their systems (VARCHAR(255)), far beyond the longest address, and keeps every key built from
      // a few fields within what an index entry can hold (2.7 kB, a CJK character being 3 bytes).
      if (value.length > MAX_FIELD_CHARS) return `${field}: ${value.length.toLocaleString('en-US')} characters, more than the ${MAX_FIELD_CHARS} a field may hold`;
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const nested = firstProblem(value as Record<string, unknown>, `${field}.`);
      if (nested) return nested;
    }
  }
  return null;
}

export interface GuardOptions {
  /** The record's key when the mapper could not even name it. */
  fallbackKey: string;
  /** Where the record is, for the reason (e.g. "112-welfare-status.csv line 7"). */
  where?: string;
}

/**
 * Maps a record unless its fields cannot be stored, or the mapper throws: then
 * the record fails with the reason, under the key the mapping gives it (so a
 * corrected record clears its quarantine as any other would).
 */
export function guardRecord<Result extends { ok: true } | Failure>(
  record: unknown,
  map: () => Result,
  keyOf: (mapped: Exclude<Result, Failure>) => string,
  options: GuardOptions,
): Result | Failure {
  const at = options.where ? `${options.where}: ` : '';
  const problem = unstorableField(record);
  let result: Result;
  try {
    result = map();
  } catch (error) {
    return { ok: false, sourceKey: options.fallbackKey, reason: `${at}${problem ?? `could not be read (${(error as Error).name ?? 'error'})`}` };
  }
  if (problem === null) return result;
  return { ok: false, sourceKey: result.ok ? keyOf(result as Exclude<Result, Failure>) : (result as Failure).sourceKey, reason: `${at}${problem}` };
}
