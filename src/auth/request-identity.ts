// What a request proves about its caller: the verified identity and the
// declared purpose of use. Used by the gateway and again by every subgraph.
import { GraphQLError } from 'graphql';
import { PURPOSE_HEADER, PURPOSES, type Purpose } from './claims.ts';
import type { Identity } from './identity.ts';
import type { AuthSettings } from './keys.ts';
import { isRevoked } from './revocation.ts';
import { bearerToken, MISSING_TOKEN, TokenError, verifyToken } from './verify-token.ts';

export interface ForwardedCredentials {
  authorization: string | undefined;
  purpose: string | undefined;
}

export interface RequestIdentity {
  identity: Identity;
  purpose: Purpose | null;
  credentials: ForwardedCredentials;
}

export function credentialsFrom(headers: Record<string, string | string[] | undefined>): ForwardedCredentials {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { authorization: first(headers.authorization), purpose: first(headers[PURPOSE_HEADER]) };
}

/**
 * Throws TokenError when the caller is not proven or its token is revoked;
 * GraphQLError BAD_USER_INPUT for an unknown purpose, SERVICE_UNAVAILABLE
 * when the revocation list cannot be read and no recent copy is at hand.
 */
export async function identify(credentials: ForwardedCredentials, settings: AuthSettings): Promise<RequestIdentity> {
  const token = bearerToken(credentials.authorization);
  if (token === null) throw new TokenError(MISSING_TOKEN, { missing: true });
  const identity = await verifyToken(token, settings);
  // A revoked token is refused exactly as a forged one: the caller is not told why.
  if (await isRevoked(identity)) throw new TokenError('revoked');
  return { identity, purpose: purposeOf(credentials.purpose, identity), credentials };
}

function purposeOf(header: string | undefined, identity: Identity): Purpose | null {
  const declared = header?.trim().toUpperCase();
  if (!declared) return identity.purpose;
  if (!(PURPOSES as readonly string[]).includes(declared)) {
    throw new GraphQLError(`${PURPOSE_HEADER}: unknown purpose "${header}"; use one of ${PURPOSES.join(', ')}`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  return declared as Purpose;
}
