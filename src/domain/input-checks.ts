// Small field checks shared by mutations. Each returns the reason a value is
// refused, or null when it is fine.

/**
 * C0 and C1 control characters and DEL, except tab and newline: a NUL
 * cannot be stored in a PostgreSQL text column at all, and the others turn
 * up in case files, exports and terminals as garbage or escape sequences.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function textProblem(value: string | null | undefined, { required, max }: { required: boolean; max: number }): string | null {
  const trimmed = value?.trim() ?? '';
  if (value && CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  if (!trimmed) return required ? 'must not be empty' : null;
  if (trimmed.length > max) return `must be at most ${max} characters (got ${trimmed.length})`;
  return null;
}

export function futureProblem(value: Date, now: Date = new Date()): string | null {
  return value.getTime() > now.getTime() ? 'must not be in the future' : null;
}

/** Collects `{ field, reason }` pairs, skipping checks that passed. */
export function collectProblems(checks: Record<string, string | null>): { field: string; reason: string }[] {
  return Object.entries(checks)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([field, reason]) => ({ field, reason }));
}
