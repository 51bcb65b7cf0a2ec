// Signs development tokens with the development key (`npm run token`).
import { SignJWT } from 'jose';
import type { Identity } from './identity.ts';
import { DEV_ALGORITHM, DEV_KEY_ID, ensureDevKeys } from './keys.ts';

export interface MintOptions {
  dataDir: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export async function mintDevToken(identity: Identity, options: MintOptions): Promise<string> {
  const { privateKey } = await ensureDevKeys(options.dataDir);
  const claims: Record<string, unknown> = { unit: identity.unit, roles: identity.roles, districts: identity.districts };
  if (identity.org !== null) claims.org = identity.org;
  if (identity.purpose) claims.purpose = identity.purpose;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: DEV_KEY_ID })
    .setSubject(identity.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds)
    .sign(privateKey);
}
