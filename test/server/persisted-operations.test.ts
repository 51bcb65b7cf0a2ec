// Persisted operations at the gateway: a hash-only request is answered from
// the manifest codegen writes, and in allow-list mode ANALYST and NGO tokens
// may send nothing else, refused before anything runs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { DashboardCatalogueDocument, DashboardTrendDocument } from '../../src/client/graphql.ts';
import { onStatement } from '../../src/db/prisma.ts';
import { loadManifest } from '../../src/server/persisted-operations.ts';
import type { Caller } from '../support/test-auth.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };
const NGO_WORKER: Caller = { unit: 'NGO', sub: 'w-ngo', org: 1 };

// The typed documents carry their manifest key; the type does not declare it.
const keyOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const KEY = keyOf(DashboardCatalogueDocument);
const HASH = KEY.replace(/^sha256:/, '');
const TEXT = loadManifest().get(HASH)!;
const UNKNOWN_HASH = 'f'.repeat(64);

const AD_HOC = '{ indicatorCatalogue { id } }';
// Runs SQL aggregation when executed, so a statement count shows whether it ran.
const AD_HOC_WITH_SQL = '{ indicatorReport(year: 2023) { caseIndicators { id value } } }';
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

const REQUIRED = {
  errors: [{ message: expect.stringMatching(/^This token may send only persisted operations: /), extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }],
};
const NOT_FOUND = {
  errors: [{ message: 'PersistedQueryNotFound: no operation in the persisted-operation manifest has this hash', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
};

function client(hub: () => TestHub) {
  const post = async (body: unknown, caller: Caller) => {
    const response = await hub().post(body, await hub().auth.headers(caller));
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  // Apollo accepts GET queries from clients that pass its CSRF check.
  const get = async (params: Record<string, string>, caller: Caller) => {
    const headers = { ...(await hub().auth.headers(caller)), 'apollo-require-preflight': 'true' };
    const response = await fetch(`${hub().server.url}?${new URLSearchParams(params)}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const statementsDuring = async (work: () => Promise<unknown>) => {
    let statements = 0;
    const stop = onStatement(() => statements++);
    try {
      await work();
    } finally {
      stop();
    }
    return statements;
  };
  return { post, get, statementsDuring };
}

describe('allow-list mode (HUB_PERSISTED_OPERATIONS_ONLY=1)', () => {
  let hub: TestHub;
  const { post, get, statementsDuring } = client(() => hub);
  beforeAll(async () => {
    hub = await startTestHub({ persistedOperationsOnly: true });
  });
  afterAll(() => hub.stop());

  it.each([
    ['the APQ extension', { extensions: apq(HASH) }],
    ['documentId with the manifest prefix', { documentId: KEY }],
    ['documentId as bare hex', { documentId: HASH }],
    ['the APQ extension in upper-case hex', { extensions: apq(HASH.toUpperCase()) }],
  ])('answers an ANALYST sending DashboardCatalogue by hash only: %s', async (_label, body) => {
    const { status, body: response } = await post(body, ANALYST);
    expect(status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.indicatorCatalogue.length).toBeGreaterThan(0);
  });

  it('answers an ANALYST sending the exact manifest text, alone or with its hash', async () => {
    for (const body of [{ query: TEXT }, { query: TEXT, extensions: apq(HASH) }]) {
      const { status, body: response } = await post(body, ANALYST);
      expect({ status, errors: response.errors }).toEqual({ status: 200, errors: undefined });
      expect(response.data.indicatorCatalogue.length).toBeGreaterThan(0);
    }
  });

  it('refuses an ANALYST ad-hoc query with 400 PERSISTED_QUERY_REQUIRED before anything runs', async () => {
    expect(await post({ query: AD_HOC }, ANALYST)).toEqual({ status: 400, body: REQUIRED });
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    expect(await statementsDuring(async () => (refused = await post({ query: AD_HOC_WITH_SQL }, ANALYST)))).toBe(0);
    expect(refused).toEqual({ status: 400, body: REQUIRED });
  });

  it('refuses the same operation in other words: the allow-list is by exact text, so clients send the hash', async () => {
    expect(print(DashboardCatalogueDocument)).not.toBe(TEXT);
    expect(await post({ query: print(DashboardCatalogueDocument) }, ANALYST)).toEqual({ status: 400, body: REQUIRED });
  });

  it('refuses an NGO token’s ad-hoc query the same way', async () => {
    expect(await post({ query: AD_HOC }, NGO_WORKER)).toEqual({ status: 400, body: REQUIRED });
    expect(await post({ query: AD_HOC }, { ...NGO_WORKER, roles: ['SUPERVISOR'] })).toEqual({ status: 400, body: REQUIRED });
  });

  it('leaves other callers alone: a CASEWORKER ad-hoc query runs', async () => {
    const { status, body } = await post({ query: AD_HOC }, SOCIAL_WORKER);
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(body.data.indicatorCatalogue.length).toBeGreaterThan(0);
  });

  it('answers an unknown hash with 400 PERSISTED_QUERY_NOT_FOUND, for every caller', async () => {
    for (const caller of [ANALYST, SOCIAL_WORKER]) {
      expect(await post({ extensions: apq(UNKNOWN_HASH) }, caller)).toEqual({ status: 400, body: NOT_FOUND });
      expect(await post({ documentId: `sha256:${UNKNOWN_HASH}` }, caller)).toEqual({ status: 400, body: NOT_FOUND });
    }
  });

  it('refuses an ANALYST GET with an ad-hoc query, and answers a GET by hash', async () => {
    expect(await get({ query: AD_HOC }, ANALYST)).toEqual({ status: 400, body: REQUIRED });
    // A query parameter given twice is not one manifest text, whichever of the two is.
    expect(await get({ query: TEXT }, ANALYST)).toMatchObject({ status: 200, body: { data: { indicatorCatalogue: expect.any(Array) } } });
    const twice = await fetch(`${hub.server.url}?query=${encodeURIComponent(TEXT)}&query=${encodeURIComponent(AD_HOC)}`, {
      headers: { ...(await hub.auth.headers(ANALYST)), 'apollo-require-preflight': 'true' },
    });
    expect({ status: twice.status, body: await twice.json() }).toEqual({ status: 400, body: REQUIRED });
    // An operation no other test sends, so Apollo's own APQ cache cannot be what answers it.
    const trend = keyOf(DashboardTrendDocument).replace(/^sha256:/, '');
    const byHash = await get({ extensions: JSON.stringify(apq(trend)), variables: JSON.stringify({ fromYear: 2023, granularity: 'QUARTER' }) }, ANALYST);
    expect({ status: byHash.status, errors: byHash.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(byHash.body.data.indicatorTrend).toHaveLength(4);
    expect((await get({ query: AD_HOC }, SOCIAL_WORKER)).status).toBe(200);
  });

  it('checks every entry of a batched body; the server refuses batches anyway', async () => {
    expect(await post([{ extensions: apq(HASH) }, { query: AD_HOC }], ANALYST)).toEqual({ status: 400, body: REQUIRED });
    const batch = await post([{ query: AD_HOC }, { query: AD_HOC }], SOCIAL_WORKER);
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].message).toBe('Operation batching disabled.');
  });

  it('names the reason for a malformed hash or a documentId that is not its query’s', async () => {
    const bad = async (body: unknown) => (await post(body, SOCIAL_WORKER)).body.errors;
    expect(await bad({ extensions: apq('sha256:abc') })).toEqual([
      { message: 'extensions.persistedQuery.sha256Hash must be a sha256 hash: 64 hexadecimal digits', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(await bad({ documentId: 'md5:abc' })).toEqual([
      { message: 'documentId must be a sha256 hash: 64 hexadecimal digits, optionally after "sha256:"', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(await bad({ documentId: KEY, query: AD_HOC })).toEqual([{ message: 'documentId is not the sha256 of the query sent with it', extensions: { code: 'BAD_REQUEST' } }]);
  });
});

describe('allow-list mode off (the default)', () => {
  let hub: TestHub;
  const { post, statementsDuring } = client(() => hub);
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('runs an ANALYST ad-hoc query', async () => {
    const { status, body } = await post({ query: AD_HOC }, ANALYST);
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(body.data.indicatorCatalogue.length).toBeGreaterThan(0);
    // The statement count the refusal above is compared with.
    expect(await statementsDuring(() => post({ query: AD_HOC_WITH_SQL }, ANALYST))).toBeGreaterThan(0);
  });

  it('still answers hash-only requests from the manifest, and unknown hashes with PERSISTED_QUERY_NOT_FOUND', async () => {
    const { body } = await post({ extensions: apq(HASH) }, ANALYST);
    expect(body.data.indicatorCatalogue.length).toBeGreaterThan(0);
    expect(await post({ extensions: apq(UNKNOWN_HASH) }, ANALYST)).toEqual({ status: 400, body: NOT_FOUND });
  });
});

describe('the manifest', () => {
  it('is refused at start when an entry is not the hash of its text', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'hub-manifest-'));
    try {
      const file = path.join(folder, 'persisted-documents.json');
      await writeFile(file, JSON.stringify({ [KEY]: '{ indicatorCatalogue { id } }' }));
      expect(() => loadManifest(file)).toThrow(`persisted-documents.json: "${KEY}" is not the sha256 of its operation; run npm run codegen`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
