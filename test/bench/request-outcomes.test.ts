// How the benchmarks count answers (scripts/bench-support/request-outcomes.ts):
// a refusal — 429 of the per-subject quota, 503 at the deadline, any non-2xx —
// is a failure and never a served request, and a run that mostly failed says so.
import { describe, expect, it } from '@jest/globals';
import {
  codesText, emptyOutcomes, failedOf, failedShare, failureOf, mergeOutcomes, mostlyFailed, recordAnswer, recordNetworkError, succeededOf,
} from '../../scripts/bench-support/request-outcomes.ts';

const RATE_LIMITED = JSON.stringify({ errors: [{ message: 'More than 600 requests in a minute', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 12 } }] });
const FAMILY = JSON.stringify({ data: { family: { id: 'RmFtaWx5OjE=', members: [] } } });

describe('benchmark answer counting', () => {
  it.each([
    ['a 429 of the quota', 429, RATE_LIMITED, ['RATE_LIMITED (HTTP 429)']],
    ['a 503 at the deadline', 503, JSON.stringify({ errors: [{ message: 'retry', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }), ['SERVICE_UNAVAILABLE (HTTP 503)']],
    ['a 502 from a proxy, not JSON', 502, '<html>Bad Gateway</html>', ['HTTP 502 (body not JSON)']],
    ['a 404 with a JSON body and no errors', 404, '{"message":"not here"}', ['HTTP 404']],
    ['a 301 with no body', 301, '', ['HTTP 301 (body not JSON)']],
    ['a 200 with GraphQL errors', 200, JSON.stringify({ data: { family: null }, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }), ['FORBIDDEN']],
    ['a 200 with an error without a code', 200, JSON.stringify({ errors: [{ message: 'x' }] }), ['NO_CODE']],
  ])('counts %s as a failure', (_what, status, body, codes) => {
    expect(failureOf(status, body)).toEqual(codes);
  });

  it('counts a 2xx without errors as a success, unless its body is not the expected one', () => {
    expect(failureOf(200, FAMILY)).toBeNull();
    expect(failureOf(200, FAMILY, /"family":\{/)).toBeNull();
    expect(failureOf(200, JSON.stringify({ data: { family: null } }), /"family":\{/)).toEqual(['UNEXPECTED_BODY']);
    // A string value holding the characters of an errors key is escaped, so it is no error.
    expect(failureOf(200, JSON.stringify({ data: { note: '"errors": none' } }))).toBeNull();
  });

  it('never counts a refusal as served: a run of 429s has no throughput and mostly failed', () => {
    const run = emptyOutcomes();
    for (let i = 0; i < 10; i++) recordAnswer(run, 200, FAMILY, /"family":\{/);
    for (let i = 0; i < 90; i++) recordAnswer(run, 429, RATE_LIMITED, /"family":\{/);
    recordNetworkError(run, 'ECONNRESET');
    expect(run).toMatchObject({ answered: 100, failedAnswers: 90, networkErrors: 1 });
    expect(succeededOf(run)).toBe(10);
    expect(failedOf(run)).toBe(91);
    expect(failedShare(run)).toBeCloseTo(91 / 101);
    expect(mostlyFailed(run)).toBe(true);
    expect(codesText(run)).toBe('RATE_LIMITED (HTTP 429) ×90, ECONNRESET ×1');
  });

  it('tells a run with a few failures from one that mostly failed', () => {
    const fine = emptyOutcomes();
    for (let i = 0; i < 98; i++) recordAnswer(fine, 200, FAMILY);
    recordAnswer(fine, 429, RATE_LIMITED);
    recordAnswer(fine, 503, '');
    expect(failedOf(fine)).toBe(2);
    expect(mostlyFailed(fine)).toBe(false);
    // Exactly half is not "more than half"; nothing succeeded at all is always a failed run.
    const half = emptyOutcomes();
    recordAnswer(half, 200, FAMILY);
    recordAnswer(half, 429, RATE_LIMITED);
    expect(mostlyFailed(half)).toBe(false);
    expect(mostlyFailed(emptyOutcomes())).toBe(true);
  });

  it('merges rounds, adding codes', () => {
    const a = emptyOutcomes();
    const b = emptyOutcomes();
    recordAnswer(a, 429, RATE_LIMITED);
    recordAnswer(b, 429, RATE_LIMITED);
    recordAnswer(b, 200, FAMILY);
    expect(mergeOutcomes([a, b])).toEqual({ answered: 3, failedAnswers: 2, networkErrors: 0, codes: { 'RATE_LIMITED (HTTP 429)': 2 } });
  });
});
