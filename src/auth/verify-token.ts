// Verifies a Bearer token and turns its claims into an Identity. Asymmetric
// algorithms only ("none" and HS* are never accepted, so a public key cannot
// be used as an HMAC secret), issuer and audience checked, expiry enforced
// with a small clock skew, a bounded lifetime, a non-empty subject, and a
// `kid` only when it names a configured key.
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { DISTRICT_CODES, UNIT_CODES, type DistrictCode, type UnitCode } from '../domain/codes.ts';
import { PURPOSES, ROLES, type Purpose, type Role } from './claims.ts';
import type { Identity } from './identity.ts';
import { DEFAULT_MAX_LIFETIME_SECONDS, TOKEN_ALGORITHMS, type AuthSettings } from './keys.ts';
import { LRUCache } from 'lru-cache';

export const CLOCK_SKEW_SECONDS = 30;

/** What a caller is told about any refused token: the reason stays in `reason`, for logs and tests only. */
export const REFUSED = 'the token was refused';

export class TokenError extends Error {
  /** Why the token was refused; never sent to the caller. */
  readonly reason: string;
  /** True when the request carried no Bearer token at all. */
  readonly missing: boolean;

  constructor(reason: string, options: { missing?: boolean } = {}) {
    super(options.missing ? reason : REFUSED);
    this.name = 'TokenError';
    this.reason = reason;
    this.missing = options.missing ?? false;
  }
}

export const MISSING_TOKEN = 'no token: send Authorization: Bearer <token>';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match ? match[1]! : null;
}

/**
 * Tokens this process has verified, per key settings: a client request is
 * answered by several subgraph fetches, each verifying the caller again (zero
 * trust between the gateway and its subgraphs), and a caseworker's screen
 * sends the same token many times. A verified token stays valid until its
 * exp, so its identity is kept until then (at most 10 minutes); revocation is
 * checked on every request after this, not cached here.
 */
const verifiedTokens = new WeakMap<AuthSettings, LRUCache<string, Identity>>();
const MAX_CACHED_TOKENS = 10_000;
const MAX_CACHED_MS = 10 * 60_000;

export async function verifyToken(token: string, settings: AuthSettings): Promise<Identity> {
  let cache = verifiedTokens.get(settings);
  if (!cache) {
    cache = new LRUCache<string, Identity>({ max: MAX_CACHED_TOKENS });
    verifiedTokens.set(settings, cache);
  }
  const known = cache.get(token);
  if (known) return known;
  const { identity, expiresAtMs } = await verifySignedToken(token, settings);
  const ttl = Math.min(expiresAtMs - Date.now(), MAX_CACHED_MS);
  if (ttl > 0) cache.set(token, identity, { ttl });
  return identity;
}

async function verifySignedToken(token: string, settings: AuthSettings): Promise<{ identity: Identity; expiresAtMs: number }> {
  let payload: JWTPayload;
  try {
    const keys = settings.keys;
    const options = {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [...TOKEN_ALGORITHMS],
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub'],
    };
    ({ payload } = typeof keys === 'function' ? await jwtVerify(token, keys, options) : await jwtVerify(token, keys, options));
  } catch (error) {
    throw new TokenError((error as { code?: string }).code ?? 'invalid');
  }
  // A JWKS resolver already refuses a kid it does not hold; a single key must be checked here.
  if (typeof settings.keys !== 'function') {
    const kid = decodeProtectedHeader(token).kid;
    if (kid !== undefined && kid !== settings.keyId) throw new TokenError(`unknown key id ${JSON.stringify(kid)}`);
  }
  checkLifetime(payload, settings.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS);
  return { identity: identityFrom(payload), expiresAtMs: payload.exp! * 1000 };
}

// A stolen token is useful for as long as it lives: refuse long-lived ones, and
// ones that do not say when they were issued (iat could not bound them).
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw new TokenError('iat and exp are required');
  if (exp - iat > maxSeconds) throw new TokenError(`lifetime ${exp - iat} s exceeds ${maxSeconds} s`);
  // An iat in the future would let exp lie further out than the cap allows.
  if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new TokenError('issued in the future');
}

function identityFrom(payload: JWTPayload): Identity {
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new TokenError('the token names no subject');
  const unit = payload.unit;
  if (typeof unit !== 'string' || !(UNIT_CODES as readonly string[]).includes(unit)) throw new TokenError('the token names no known unit');
  const roles = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    throw new TokenError('the token must carry at least one known role');
  }
  const districts = payload.districts ?? [];
  if (!Array.isArray(districts) || !districts.every((d) => (DISTRICT_CODES as readonly unknown[]).includes(d))) {
    throw new TokenError('the token names an unknown district');
  }
  const org = payload.org == null ? null : Number(payload.org);
  if (unit === 'NGO' && (org === null || !Number.isSafeInteger(org))) throw new TokenError('an NGO token must name its organisation');
  if (unit !== 'NGO' && org !== null) throw new TokenError('only NGO tokens name an organisation');
  const purpose = payload.purpose;
  if (purpose != null && !(PURPOSES as readonly unknown[]).includes(purpose)) throw new TokenError('the token declares an unknown purpose');
  const jti = payload.jti;
  if (jti !== undefined && (typeof jti !== 'string' || jti.trim() === '')) throw new TokenError('the token id (jti) is not a non-empty string');
  return {
    sub: payload.sub!,
    unit: unit as UnitCode,
    org,
    districts: districts as DistrictCode[],
    roles: roles as Role[],
    purpose: (purpose as Purpose | undefined) ?? null,
    ...(jti !== undefined && { jti }),
  };
}
