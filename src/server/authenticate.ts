// HTTP gate in front of every GraphQL endpoint (gateway and subgraphs): no
// token, a bad one or a revoked one is HTTP 401 with no data; an unknown
// purpose is 400; a revocation list that cannot be read is 503.
// A missing token and a refused one answer differently (RFC 6750 §3.1), but
// why a token was refused is never told: that would guide a forger.
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AuthSettings } from '../auth/keys.ts';
import { credentialsFrom, identify, type RequestIdentity } from '../auth/request-identity.ts';
import { TokenError } from '../auth/verify-token.ts';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { causeOf, redact } from './format-error.ts';

export function authenticate(settings: AuthSettings, log: (line: string) => void = () => undefined) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.requestIdentity = await identify(credentialsFrom(req.headers), settings);
      next();
    } catch (error) {
      const requestId = requestTraceOf(res)?.traceId;
      if (error instanceof TokenError) {
        // Told to operators with the request's id (never the token): a subgraph refusing every forwarded token shows here.
        log(JSON.stringify({ level: 'warn', requestId, code: 'UNAUTHENTICATED', message: error.missing ? 'request without a token' : 'token refused' }));
        res.status(401).set('WWW-Authenticate', error.missing ? 'Bearer' : 'Bearer error="invalid_token"').json({
          errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }],
        });
      } else if (error instanceof GraphQLError && error.extensions.code === SERVICE_UNAVAILABLE) {
        // The revocation list could not be read: refused, and told to retry, not to sign in again.
        const cause = typeof error.extensions.cause === 'string' ? error.extensions.cause : error.message;
        log(JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, message: redact(causeOf(cause)).slice(0, 300) }));
        res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json({
          errors: [{ message: error.message, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } }],
        });
      } else if (error instanceof GraphQLError) {
        res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
      } else {
        next(error);
      }
    }
  };
}

export function requestIdentityOf(res: Response): RequestIdentity {
  return res.locals.requestIdentity as RequestIdentity;
}
