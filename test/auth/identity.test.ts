// Identity: only a verified token gets in, and it says who the unit is.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT, UnsecuredJWT, exportSPKI } from 'jose';
import { createHmac } from 'node:crypto';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../src/auth/mint-token.ts';
import { authSettingsFrom } from '../../src/auth/settings.ts';
import { verifyToken } from '../../src/auth/verify-token.ts';
import { readConfig } from '../../src/config.ts';
import { AUDIENCE, ISSUER } from '../support/test-auth.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

const QUERY = { query: '{ districts { code } }' };

describe('identity', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const status = async (authorization: string | undefined, body: unknown = QUERY) =>
    (await hub.post(body, authorization ? { authorization } : {})).status;

  it('lets a valid token in', async () => {
    expect(await status(`Bearer ${await hub.auth.token(SOCIAL_WORKER)}`)).toBe(200);
  });

  it.each([
    ['no header', undefined],
    ['not a bearer token', 'Basic dXNlcjpwYXNz'],
    ['garbage', 'Bearer not.a.token'],
  ])('answers 401 with no data for %s', async (_label, header) => {
    const response = await hub.post(QUERY, header ? { authorization: header } : {});
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses expired tokens, wrong issuer and wrong audience', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await status(`Bearer ${await hub.auth.token(SOCIAL_WORKER, { expiresIn: now - 120 })}`)).toBe(401);
    expect(await status(`Bearer ${await hub.auth.token(SOCIAL_WORKER, { expiresIn: now - 5 })}`)).toBe(200); // within clock skew
    expect(await status(`Bearer ${await hub.auth.token(SOCIAL_WORKER, { issuer: 'someone-else' })}`)).toBe(401);
    expect(await status(`Bearer ${await hub.auth.token(SOCIAL_WORKER, { audience: 'another-api' })}`)).toBe(401);
  });

  it('refuses unsigned tokens, HMAC tokens keyed with the public key, and other keys', async () => {
    const claims = { unit: 'SOCIAL', roles: ['CASEWORKER'], sub: 'x' };
    const unsigned = new UnsecuredJWT(claims).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode();
    expect(await status(`Bearer ${unsigned}`)).toBe(401);

    const other = await generateKeyPair('ES256');
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(other.privateKey);
    expect(await status(`Bearer ${foreign}`)).toBe(401);

    const publicPem = await exportSPKI(hub.auth.settings.keys as CryptoKey);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsignedPart = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })}`;
    const confused = `${unsignedPart}.${createHmac('sha256', publicPem).update(unsignedPart).digest('base64url')}`;
    expect(await status(`Bearer ${confused}`)).toBe(401);
  });

  it('refuses tokens whose claims are not a known unit, role or organisation', async () => {
    expect(await status(`Bearer ${await hub.auth.token({ unit: 'MARS' as 'SOCIAL', sub: 'x' })}`)).toBe(401);
    expect(await status(`Bearer ${await hub.auth.token({ unit: 'SOCIAL', sub: 'x', roles: ['KING' as 'ADMIN'] })}`)).toBe(401);
    expect(await status(`Bearer ${await hub.auth.token({ unit: 'NGO', sub: 'x' })}`)).toBe(401);
    expect(await status(`Bearer ${await hub.auth.token({ unit: 'NGO', sub: 'x', org: 3 })}`)).toBe(200);
  });

  it('takes the unit from the token, not from headers', async () => {
    const headers = { ...(await hub.auth.headers({ unit: 'LABOR', sub: 'w-labor' })), 'x-hub-unit': 'PROTECTION' };
    const response = await hub.post({ query: 'mutation { declineReferral(id: "UmVmZXJyYWw6OTk5", reason: "x") { error { code } } }' }, headers);
    expect(((await response.json()) as { data: { declineReferral: { error: { code: string } } } }).data.declineReferral.error.code).toBe('NOT_FOUND');
  });
});

describe('purpose of use', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('is required before any person-level data is read', async () => {
    const response = await hub.query('{ families(first: 1) { edges { node { id } } } }', {}, { ...SOCIAL_WORKER, purpose: null });
    expect(response.data).toBeUndefined();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/^x-purpose-of-use: person-level requests must declare a purpose of use/);
  });

  it('is not needed for reference lists', async () => {
    const response = await hub.query('{ districts { code } networkUnits { code } }', {}, { ...SOCIAL_WORKER, purpose: null });
    expect(response.errors).toBeUndefined();
  });

  it('refuses an unknown purpose', async () => {
    const response = await hub.post(QUERY, { ...(await hub.auth.headers({ ...SOCIAL_WORKER, purpose: 'CURIOSITY' })) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'x-purpose-of-use: unknown purpose "CURIOSITY"; use one of CASE_WORK, REFERRAL, CASE_CONFERENCE, INTAKE_TRIAGE, AUDIT, SUPERVISION',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  it('accepts a purpose declared in the token', async () => {
    const response = await hub.query('{ families(first: 1) { totalCount } }', {}, { ...SOCIAL_WORKER, purpose: null, tokenPurpose: 'REFERRAL' });
    expect(response).toEqual({ data: { families: { totalCount: 0 } } });
  });
});

describe('development keys', () => {
  it('mints tokens the development settings verify, and production refuses that key', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-keys-'));
    await chmod(dataDir, 0o700);
    const base = { ...readConfig(), dataDir, jwtPublicKeyFile: undefined, jwksFile: undefined };
    const development = await authSettingsFrom({ ...base, nodeEnv: 'development' });
    expect(development.development).toBe(true);
    const token = await mintDevToken(
      { sub: 'w-1', unit: 'HEALTH', org: null, districts: ['XITUN'], roles: ['CASEWORKER'], purpose: null },
      { dataDir, issuer: development.issuer, audience: development.audience, ttlSeconds: 60 },
    );
    await expect(verifyToken(token, development)).resolves.toMatchObject({ sub: 'w-1', unit: 'HEALTH', districts: ['XITUN'] });

    await expect(authSettingsFrom({ ...base, nodeEnv: 'production' })).rejects.toThrow(/needs HUB_JWT_PUBLIC_KEY_FILE or HUB_JWKS_FILE/);
    await expect(
      authSettingsFrom({ ...base, nodeEnv: 'production', jwtPublicKeyFile: path.join(dataDir, 'keys', 'dev-public.pem') }),
    ).rejects.toThrow(/refuses the development signing key/);

    const real = await generateKeyPair('ES256', { extractable: true });
    const realFile = path.join(dataDir, 'idp.pem');
    await writeFile(realFile, await exportSPKI(real.publicKey));
    // With the identity provider's key, production also needs its issuer named.
    await expect(authSettingsFrom({ ...base, nodeEnv: 'production', jwtPublicKeyFile: realFile })).rejects.toThrow(/HUB_JWT_ISSUER/);
    await expect(authSettingsFrom({ ...base, nodeEnv: 'production', jwtPublicKeyFile: realFile, jwtIssuer: 'https://idp.city.example' })).resolves.toMatchObject({ development: false });
  });
});
