// Verifies a Bearer token and turns its claims into an Identity. Asymmetric
// algorithms only ("none" and HS* are never accepted, so a public key cannot
// be used as an HMAC secret), issuer and audience checked, expiry enforced
// with a small clock skew.
import { jwtVerify, type JWTPayload } from 'jose';
import { DISTRICT_CODES, UNIT_CODES, type DistrictCode, type UnitCode } from '../domain/codes.ts';
import { PURPOSES, ROLES, type Purpose, type Role } from './claims.ts';
import type { Identity } from './identity.ts';
import { TOKEN_ALGORITHMS, type AuthSettings } from './keys.ts';

export const CLOCK_SKEW_SECONDS = 30;

export class TokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenError';
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match ? match[1]! : null;
}

export async function verifyToken(token: string, settings: AuthSettings): Promise<Identity> {
  let payload: JWTPayload;
  try {
    const keys = settings.keys;
    const options = {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [...TOKEN_ALGORITHMS],
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp', 'sub'],
    };
    ({ payload } = typeof keys === 'function' ? await jwtVerify(token, keys, options) : await jwtVerify(token, keys, options));
  } catch (error) {
    throw new TokenError(`the token was refused (${(error as { code?: string }).code ?? 'invalid'})`);
  }
  return identityFrom(payload);
}

function identityFrom(payload: JWTPayload): Identity {
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
  return {
    sub: payload.sub!,
    unit: unit as UnitCode,
    org,
    districts: districts as DistrictCode[],
    roles: roles as Role[],
    purpose: (purpose as Purpose | undefined) ?? null,
  };
}
