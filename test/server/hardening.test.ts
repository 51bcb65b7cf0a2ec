// Outside development: no introspection, no schema hints, and every limit
// answers 400 with a clear message, never 500.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LIMITS } from '../../src/server/limits.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

describe('hardening outside development', () => {
  let hub: TestHub;
  let headers: Record<string, string>;
  beforeAll(async () => {
    hub = await startTestHub({ development: false });
    headers = await hub.auth.headers(SOCIAL_WORKER);
  });
  afterAll(() => hub.stop());

  const send = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await hub.post({ query, variables }, headers);
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] } };
  };

  it('refuses introspection', async () => {
    const { status, body } = await send('{ __schema { types { name } } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it.each([
    ['a misspelled field', '{ familys { totalCount } }', {}],
    ['a misspelled input field', '{ families(filter: { distric: XITUN }) { totalCount } }', {}],
    ['a misspelled enum in a variable', 'query ($u: UnitCode!) { referrals(filter: { toUnit: $u }) { edges { cursor } } }', { u: 'SOCAIL' }],
    ['a misspelled input field in a variable', 'query ($f: FamilyFilter) { families(filter: $f) { totalCount } }', { f: { distric: 'XITUN' } }],
  ])('gives no schema hints for %s', async (_label, query, variables) => {
    const { status, text } = await send(query, variables);
    expect(status).toBe(400);
    expect(text).not.toMatch(/Did you mean/);
  });

  it('limits depth', async () => {
    const deep = '{ families(first: 1) { edges { node { members { person { memberships { family { members { person { memberships { family { members { person { name } } } } } } } } } } } } } }';
    const { status, body } = await send(deep);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`^Query depth \\d+ exceeds the limit of ${LIMITS.depth}$`));
  });

  it('counts every alias, repeated ones included', async () => {
    const aliases = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await send(`{ ${aliases} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe(`The document uses ${LIMITS.aliases + 1} aliases; the limit is ${LIMITS.aliases}`);
  });

  it('limits tokens in the parser, answering 400', async () => {
    const { status, body } = await send(`{ ${'__typename '.repeat(LIMITS.tokens)} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('limits the estimated cost', async () => {
    const costly = '{ families(first: 100) { edges { node { members { person { memberships { family { members { person { name cases { kind } } } } } } } } } } }';
    const { status, body } = await send(costly);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/^Estimated cost \d+ exceeds the limit of 250000/);
  });

  it('limits the body size and refuses malformed JSON with 400 and no stack', async () => {
    const big = await hub.post({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }, headers);
    expect(big.status).toBe(400);
    expect(await big.json()).toEqual({ errors: [{ message: 'The request body is larger than the 1 MB limit', extensions: { code: 'BAD_REQUEST' } }] });
    const malformed = await fetch(hub.server.url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).not.toMatch(/at \w|node_modules|SyntaxError/);
  });
});

describe('in development', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ development: true });
  });
  afterAll(() => hub.stop());

  it('keeps schema hints, so the production tests above prove their removal', async () => {
    const response = await hub.query('query ($u: UnitCode!) { referrals(filter: { toUnit: $u }) { edges { cursor } } }', { u: 'SOCAIL' });
    expect(response.errors?.[0]?.message).toMatch(/Did you mean/);
    const field = await hub.query('{ familys { totalCount } }');
    expect(field.errors?.[0]?.message).toMatch(/Did you mean/);
  });

  it('allows introspection for the explorer', async () => {
    const response = await hub.query('{ __schema { queryType { name } } }');
    expect(response).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
