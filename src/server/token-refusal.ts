// How a request whose caller is not proven is answered, whichever gateway
// answers it (the built-in one's authenticate(), Hive Gateway's edge plugin
// in gateway/hive/): no token, a bad one or a revoked one is HTTP 401 with no
// data; an unknown purpose is 400; a revocation list that cannot be read is 503.
// A missing token and a refused one answer differently (RFC 6750 §3.1), but
// why a token was refused is never told: that would guide a forger.
import { GraphQLError } from 'graphql';
import { TokenError } from '../auth/verify-token.ts';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { causeOf, redact } from './format-error.ts';

export interface TokenRefusal {
  status: number;
  headers: Record<string, string>;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
  /** The JSON line for operators, with the request's id; never the token. Absent when there is nothing to tell. */
  logLine?: string;
}

/** The answer to what identify() threw, or undefined when it is not a refusal (an unexpected failure). */
export function tokenRefusal(error: unknown, requestId: string | undefined): TokenRefusal | undefined {
  if (error instanceof TokenError) {
    return {
      status: 401,
      headers: { 'WWW-Authenticate': error.missing ? 'Bearer' : 'Bearer error="invalid_token"' },
      body: { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] },
      // A subgraph refusing every forwarded token shows here.
      logLine: JSON.stringify({ level: 'warn', requestId, code: 'UNAUTHENTICATED', message: error.missing ? 'request without a token' : 'token refused' }),
    };
  }
  if (error instanceof GraphQLError && error.extensions.code === SERVICE_UNAVAILABLE) {
    // The revocation list could not be read: refused, and told to retry, not to sign in again.
    const cause = typeof error.extensions.cause === 'string' ? error.extensions.cause : error.message;
    return {
      status: 503,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      body: { errors: [{ message: error.message, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } }] },
      logLine: JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, message: redact(causeOf(cause)).slice(0, 300) }),
    };
  }
  if (error instanceof GraphQLError) {
    return { status: 400, headers: {}, body: { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] } };
  }
  return undefined;
}
