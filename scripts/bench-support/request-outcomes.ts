// How the benchmarks judge an HTTP answer, and what a run's answers add up
// to. A refusal is fast: counted as a completed request, a run of 429s from
// the per-subject quota (or 503s at the deadline) reads as a fast hub — one
// bench:gateways run showed an impossible 1,106 requests/s that way. So any
// answer other than a 2xx without GraphQL errors is a failure, throughput
// counts only the answers that succeeded, and a run that mostly failed
// measured refusals, not the hub.

/** Failure codes and how often each was seen: a plain object, so a tally crosses IPC as JSON. */
export type CodeCounts = Record<string, number>;

export interface Outcomes {
  /** Answers received, whatever their status. */
  answered: number;
  /** Answers that were failures (non-2xx, GraphQL errors, a body not as expected). */
  failedAnswers: number;
  /** Requests that got no answer: a connection error or the client's timeout. */
  networkErrors: number;
  codes: CodeCounts;
}

/** Above this share of failed requests a run is reported as failed: its figures describe refusals. */
export const MOSTLY_FAILED_SHARE = 0.5;

const isSuccessStatus = (status: number) => status >= 200 && status < 300;

/**
 * Why one answer failed, as codes (GraphQL `extensions.code`, with the HTTP
 * status when that is not 200; else `HTTP <status>`), or null when it
 * succeeded: a 2xx whose body holds no `errors` and matches `expected` when given.
 */
export function failureOf(status: number, body: string, expected?: RegExp): string[] | null {
  const unexpected = () => (expected && !expected.test(body) ? ['UNEXPECTED_BODY'] : null);
  // Only a body naming an `errors` key is parsed (the same characters inside a string value would be
  // escaped): parsing every answer would cost the load generator's CPU.
  if (isSuccessStatus(status) && !body.includes('"errors":')) return unexpected();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`HTTP ${status} (body not JSON)`];
  }
  const errors = typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { errors?: unknown }).errors) ? ((parsed as { errors: unknown[] }).errors) : [];
  const codes = errors.map((error) => String((error as { extensions?: { code?: unknown } } | null)?.extensions?.code ?? 'NO_CODE'));
  if (codes.length === 0) return isSuccessStatus(status) ? unexpected() : [`HTTP ${status}`];
  return status === 200 ? codes : codes.map((code) => `${code} (HTTP ${status})`);
}

export function emptyOutcomes(): Outcomes {
  return { answered: 0, failedAnswers: 0, networkErrors: 0, codes: {} };
}

function note(outcomes: Outcomes, codes: Iterable<string>): void {
  for (const code of new Set(codes)) outcomes.codes[code] = (outcomes.codes[code] ?? 0) + 1;
}

/** Counts one answer; true when it succeeded. */
export function recordAnswer(outcomes: Outcomes, status: number, body: string, expected?: RegExp): boolean {
  outcomes.answered++;
  const failure = failureOf(status, body, expected);
  if (!failure) return true;
  outcomes.failedAnswers++;
  note(outcomes, failure);
  return false;
}

/** Counts one request that got no answer, under its error code (ECONNRESET, ETIMEDOUT, …). */
export function recordNetworkError(outcomes: Outcomes, code: string | undefined): void {
  outcomes.networkErrors++;
  note(outcomes, [code ?? 'NETWORK_ERROR']);
}

export function mergeOutcomes(all: Iterable<Outcomes>): Outcomes {
  const merged = emptyOutcomes();
  for (const one of all) {
    merged.answered += one.answered;
    merged.failedAnswers += one.failedAnswers;
    merged.networkErrors += one.networkErrors;
    for (const [code, n] of Object.entries(one.codes)) merged.codes[code] = (merged.codes[code] ?? 0) + n;
  }
  return merged;
}

export const succeededOf = (outcomes: Outcomes) => outcomes.answered - outcomes.failedAnswers;
export const failedOf = (outcomes: Outcomes) => outcomes.failedAnswers + outcomes.networkErrors;

/** Failed requests over requests sent (answered or not); 0 when none was sent. */
export function failedShare(outcomes: Outcomes): number {
  const sent = outcomes.answered + outcomes.networkErrors;
  return sent === 0 ? 0 : failedOf(outcomes) / sent;
}

/** More than half failed, or nothing succeeded at all: the run measured no serving. */
export function mostlyFailed(outcomes: Outcomes): boolean {
  return failedShare(outcomes) > MOSTLY_FAILED_SHARE || succeededOf(outcomes) === 0;
}

/** "RATE_LIMITED (HTTP 429) ×12, ECONNRESET ×1", most frequent first; "—" when there were none. */
export function codesText(outcomes: Outcomes, count: (n: number) => string = String): string {
  const entries = Object.entries(outcomes.codes).sort((a, b) => b[1] - a[1]);
  return entries.map(([code, n]) => `${code} ×${count(n)}`).join(', ') || '—';
}
