// Small field checks shared by mutations. Each returns the reason a value is
// refused, or null when it is fine.
export function textProblem(value: string | null | undefined, { required, max }: { required: boolean; max: number }): string | null {
  const trimmed = value?.trim() ?? '';
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
