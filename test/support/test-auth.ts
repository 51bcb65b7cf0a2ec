// Token issuing for tests: an in-memory key pair per test file, with tokens
// minted the way an identity provider would.
import { generateKeyPair, SignJWT } from 'jose';
import type { Purpose, Role } from '../../src/auth/claims.ts';
import type { AuthSettings } from '../../src/auth/keys.ts';
import type { DistrictCode, UnitCode } from '../../src/domain/codes.ts';

export interface Caller {
  unit: UnitCode;
  sub: string;
  roles?: Role[];
  org?: number;
  districts?: DistrictCode[];
  /** Sent as the x-purpose-of-use header; CASE_WORK unless set; null sends none. */
  purpose?: Purpose | string | null;
  /** Purpose carried as a token claim instead. */
  tokenPurpose?: Purpose;
}

export const ISSUER = 'test-idp';
export const AUDIENCE = 'safety-net-hub';

export interface TestAuth {
  settings: AuthSettings;
  token(caller: Caller, overrides?: { expiresIn?: string | number; issuer?: string; audience?: string; jti?: string }): Promise<string>;
  headers(caller: Caller | null): Promise<Record<string, string>>;
}

export async function createTestAuth(): Promise<TestAuth> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const token: TestAuth['token'] = (caller, overrides = {}) => {
    const claims: Record<string, unknown> = { unit: caller.unit, roles: caller.roles ?? ['CASEWORKER'], districts: caller.districts ?? [] };
    if (caller.org !== undefined) claims.org = caller.org;
    if (caller.tokenPurpose) claims.purpose = caller.tokenPurpose;
    if (overrides.jti !== undefined) claims.jti = overrides.jti;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(caller.sub)
      .setIssuer(overrides.issuer ?? ISSUER)
      .setAudience(overrides.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(overrides.expiresIn ?? '10m')
      .sign(privateKey);
  };
  return {
    settings: { issuer: ISSUER, audience: AUDIENCE, keys: publicKey, development: false },
    token,
    async headers(caller) {
      if (!caller) return {};
      const headers: Record<string, string> = { authorization: `Bearer ${await token(caller)}` };
      const purpose = caller.purpose === undefined ? 'CASE_WORK' : caller.purpose;
      if (purpose) headers['x-purpose-of-use'] = purpose;
      return headers;
    },
  };
}
