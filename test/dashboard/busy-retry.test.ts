// The dashboard's client (src/dashboard/api.js, run in Node with a stand-in
// fetch: pure logic, no hub): a hub that answers 503 SERVICE_UNAVAILABLE with
// retryAfterSeconds is asked again as told, a few times, and then the page is
// told; any other failure is not retried.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';

/* eslint-disable @typescript-eslint/no-explicit-any -- browser module without types */
let api: any;
const realFetch = globalThis.fetch;
const OPERATIONS = { DashboardReport: { query: 'query DashboardReport { x }', hash: 'abc' } };

const busy = () => new Response(JSON.stringify({ errors: [{ message: 'busy', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 0 } }] }), { status: 503 });
const answer = () => new Response(JSON.stringify({ data: { indicatorReport: { year: 2023 } } }), { status: 200 });
const refused = () => new Response(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }), { status: 200 });

function answering(...responses: (() => Response)[]) {
  const calls: unknown[] = [];
  globalThis.fetch = (async (...args: unknown[]) => {
    calls.push(args);
    return (responses[calls.length - 1] ?? responses.at(-1)!)();
  }) as typeof fetch;
  return calls;
}

describe('the dashboard asks a busy hub again', () => {
  beforeAll(async () => {
    api = await import(pathToFileURL(path.resolve('src/dashboard/api.js')).href);
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('waits as told and gets the answer', async () => {
    const calls = answering(busy, busy, answer);
    await expect(api.runOperation(OPERATIONS, 'DashboardReport', {}, 't')).resolves.toEqual({ data: { indicatorReport: { year: 2023 } }, errors: [] });
    expect(calls).toHaveLength(3);
  });

  it('gives up after three more tries, saying the hub is busy', async () => {
    const calls = answering(busy);
    await expect(api.runOperation(OPERATIONS, 'DashboardReport', {}, 't')).rejects.toMatchObject({ codes: ['SERVICE_UNAVAILABLE'] });
    expect(calls).toHaveLength(4);
  });

  it('does not retry a refusal', async () => {
    const calls = answering(refused);
    await expect(api.runOperation(OPERATIONS, 'DashboardReport', {}, 't')).rejects.toMatchObject({ codes: ['FORBIDDEN'] });
    expect(calls).toHaveLength(1);
  });
});
