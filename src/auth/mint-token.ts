// Signs development tokens with the development key (`npm run token`).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { jwtMaxLifetimeHoursFrom } from '../config.ts';
import type { Identity } from './identity.ts';
import { DEV_ALGORITHM, DEV_KEY_ID, ensureDevKeys } from './keys.ts';

export interface MintOptions {
  dataDir: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** The hub's lifetime cap; HUB_JWT_MAX_LIFETIME_HOURS unless given. */
  maxLifetimeSeconds?: number;
}

export async function mintDevToken(identity: Identity, options: MintOptions): Promise<string> {
  const cap = options.maxLifetimeSeconds ?? Math.round(jwtMaxLifetimeHoursFrom() * 3600);
  // A token the hub would refuse is of no use: say so now, not at the first request.
  if (options.ttlSeconds > cap) {
    throw new Error(`A token may live at most ${cap / 3600} h (HUB_JWT_MAX_LIFETIME_HOURS); asked for ${options.ttlSeconds / 3600} h`);
  }
  const { privateKey } = await ensureDevKeys(options.dataDir);
  const claims: Record<string, unknown> = { unit: identity.unit, roles: identity.roles, districts: identity.districts };
  if (identity.org !== null) claims.org = identity.org;
  if (identity.purpose) claims.purpose = identity.purpose;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: DEV_KEY_ID })
    .setSubject(identity.sub)
    // Its own id, so that this one token can be revoked without its worker's others.
    .setJti(randomUUID())
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .sign(privateKey);
}
