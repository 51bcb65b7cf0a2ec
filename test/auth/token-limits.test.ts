// Token limits (issue 11, item 5): a bounded lifetime, a named subject, a key
// the hub knows, and a 401 that says "no token" apart from "refused" without
// saying why a token was refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuthSettings } from '../../src/auth/keys.ts';
import { mintDevToken } from '../../src/auth/mint-token.ts';
import { authSettingsFrom } from '../../src/auth/settings.ts';
import { verifyToken } from '../../src/auth/verify-token.ts';
import { readConfig } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { AUDIENCE, ISSUER } from '../support/test-auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const QUERY = { query: '{ districts { code } }' };
const HOUR = 3600;
const CLAIMS = { unit: 'SOCIAL', roles: ['CASEWORKER'], districts: [] };

interface Mint {
  sub?: string | null;
  iat?: number | null;
  exp?: number | null;
  kid?: string;
}

function minter(privateKey: CryptoKey) {
  return (mint: Mint = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = { ...CLAIMS, iss: ISSUER, aud: AUDIENCE };
    const sub = mint.sub === undefined ? 'w-social-limits' : mint.sub;
    const iat = mint.iat === undefined ? now : mint.iat;
    const exp = mint.exp === undefined ? now + 600 : mint.exp;
    if (sub !== null) payload.sub = sub;
    if (iat !== null) payload.iat = iat;
    if (exp !== null) payload.exp = exp;
    return new SignJWT(payload).setProtectedHeader(mint.kid === undefined ? { alg: 'ES256' } : { alg: 'ES256', kid: mint.kid }).sign(privateKey);
  };
}

describe('token limits over HTTP', () => {
  let db: TestDatabase;
  let hub: HubServer;
  let mint: ReturnType<typeof minter>;

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    mint = minter(privateKey);
    // Settings as an embedder or an older test builds them: no lifetime cap, no key id given.
    const auth: AuthSettings = { issuer: ISSUER, audience: AUDIENCE, keys: publicKey, development: false };
    hub = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: () => undefined, persistedOperationsOnly: false });
  });
  afterAll(async () => {
    await hub.stop();
    await disconnectPrisma();
    await db.drop();
  });

  const send = (headers: Record<string, string>) =>
    fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(QUERY) });
  const status = async (token: string) => (await send({ authorization: `Bearer ${token}` })).status;

  it('accepts an ordinary token', async () => {
    expect(await status(await mint())).toBe(200);
  });

  it('refuses a token living longer than 12 hours, or not saying how long it lives', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await status(await mint({ exp: now + 10 * 365 * 24 * HOUR }))).toBe(401);
    expect(await status(await mint({ exp: now + 12 * HOUR + 60 }))).toBe(401);
    expect(await status(await mint({ exp: now + 12 * HOUR }))).toBe(200);
    // Backdating iat does not stretch a token past the cap either.
    expect(await status(await mint({ iat: now - 13 * HOUR, exp: now + HOUR }))).toBe(401);
    // Nor does an iat in the future.
    expect(await status(await mint({ iat: now + 20 * HOUR, exp: now + 21 * HOUR }))).toBe(401);
    expect(await status(await mint({ iat: null }))).toBe(401);
    expect(await status(await mint({ exp: null }))).toBe(401);
  });

  it('refuses a token without a subject', async () => {
    expect(await status(await mint({ sub: '' }))).toBe(401);
    expect(await status(await mint({ sub: '   ' }))).toBe(401);
    expect(await status(await mint({ sub: null }))).toBe(401);
  });

  it('refuses a token naming a key the hub does not have', async () => {
    expect(await status(await mint({ kid: 'retired-2025' }))).toBe(401);
  });

  it('tells a missing token apart from a refused one, and says nothing more about the refusal', async () => {
    const missing = await send({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toEqual({
      errors: [{ message: 'no token: send Authorization: Bearer <token>', extensions: { code: 'UNAUTHENTICATED' } }],
    });

    const now = Math.floor(Date.now() / 1000);
    const refusedTokens = [
      'not-a-jwt',
      await mint({ exp: now - 3600, iat: now - 7200 }),
      await mint({ exp: now + 10 * 365 * 24 * HOUR }),
      await mint({ sub: '' }),
      await mint({ kid: 'retired-2025' }),
      await new SignJWT({ ...CLAIMS, unit: 'MARS' }).setProtectedHeader({ alg: 'ES256' }).sign((await generateKeyPair('ES256')).privateKey),
    ];
    for (const token of refusedTokens) {
      const refused = await send({ authorization: `Bearer ${token}` });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(await refused.json()).toEqual({ errors: [{ message: 'the token was refused', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
});

describe('token limits in the verifier', () => {
  it('applies the configured cap', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const mint = minter(privateKey);
    const now = Math.floor(Date.now() / 1000);
    const settings: AuthSettings = { issuer: ISSUER, audience: AUDIENCE, keys: publicKey, development: false, maxLifetimeSeconds: 2 * HOUR };
    await expect(verifyToken(await mint({ exp: now + 2 * HOUR }), settings)).resolves.toMatchObject({ sub: 'w-social-limits' });
    await expect(verifyToken(await mint({ exp: now + 3 * HOUR }), settings)).rejects.toThrow('the token was refused');
  });

  it('takes the cap from HUB_JWT_MAX_LIFETIME_HOURS (12 unless set), and refuses nonsense', () => {
    const saved = process.env.HUB_JWT_MAX_LIFETIME_HOURS;
    try {
      delete process.env.HUB_JWT_MAX_LIFETIME_HOURS;
      expect(readConfig().jwtMaxLifetimeHours).toBe(12);
      process.env.HUB_JWT_MAX_LIFETIME_HOURS = '4';
      expect(readConfig().jwtMaxLifetimeHours).toBe(4);
      for (const bad of ['0', '-1', 'twelve']) {
        process.env.HUB_JWT_MAX_LIFETIME_HOURS = bad;
        expect(() => readConfig()).toThrow(/HUB_JWT_MAX_LIFETIME_HOURS/);
      }
    } finally {
      if (saved === undefined) delete process.env.HUB_JWT_MAX_LIFETIME_HOURS;
      else process.env.HUB_JWT_MAX_LIFETIME_HOURS = saved;
    }
  });

  it('matches kid against a JWKS and against the key id of a PEM key', async () => {
    const one = await generateKeyPair('ES256', { extractable: true });
    const two = await generateKeyPair('ES256', { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(one.publicKey)), kid: 'k1', alg: 'ES256' }, { ...(await exportJWK(two.publicKey)), kid: 'k2', alg: 'ES256' }] };
    const viaJwks: AuthSettings = { issuer: ISSUER, audience: AUDIENCE, keys: createLocalJWKSet(jwks), development: false };
    await expect(verifyToken(await minter(two.privateKey)({ kid: 'k2' }), viaJwks)).resolves.toMatchObject({ unit: 'SOCIAL' });
    await expect(verifyToken(await minter(two.privateKey)({ kid: 'k3' }), viaJwks)).rejects.toThrow('the token was refused');

    const viaPem: AuthSettings = { issuer: ISSUER, audience: AUDIENCE, keys: one.publicKey, keyId: 'idp-2026', development: false };
    await expect(verifyToken(await minter(one.privateKey)({ kid: 'idp-2026' }), viaPem)).resolves.toMatchObject({ unit: 'SOCIAL' });
    await expect(verifyToken(await minter(one.privateKey)(), viaPem)).resolves.toMatchObject({ unit: 'SOCIAL' });
    await expect(verifyToken(await minter(one.privateKey)({ kid: 'idp-2025' }), viaPem)).rejects.toThrow('the token was refused');
  });

  it('keeps development tokens within the cap: the dashboard link (8 h) verifies, a longer one is not minted', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-token-limits-'));
    const config = { ...readConfig(), dataDir, nodeEnv: 'development', jwtPublicKeyFile: undefined, jwksFile: undefined, jwtMaxLifetimeHours: 12 };
    const identity = { sub: 'w-dashboard', unit: 'SOCIAL' as const, org: null, districts: [], roles: ['ANALYST' as const], purpose: null };
    const options = { dataDir, issuer: config.jwtIssuer, audience: config.jwtAudience };
    const dashboardLink = await mintDevToken(identity, { ...options, ttlSeconds: 8 * HOUR });
    await expect(verifyToken(dashboardLink, await authSettingsFrom(config))).resolves.toMatchObject({ sub: 'w-dashboard' });
    await expect(mintDevToken(identity, { ...options, ttlSeconds: 24 * HOUR })).rejects.toThrow(/HUB_JWT_MAX_LIFETIME_HOURS/);
    await expect(mintDevToken(identity, { ...options, ttlSeconds: 4 * HOUR, maxLifetimeSeconds: 2 * HOUR })).rejects.toThrow(/at most 2 h/);
  });
});
