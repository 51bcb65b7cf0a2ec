// HTTP gate in front of every GraphQL endpoint (gateway and subgraphs): the
// caller is identified before anything else, or refused as token-refusal.ts
// says (401, 400 or 503, no data).
import type { NextFunction, Request, Response } from 'express';
import type { AuthSettings } from '../auth/keys.ts';
import { credentialsFrom, identify, type RequestIdentity } from '../auth/request-identity.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { tokenRefusal } from './token-refusal.ts';

export function authenticate(settings: AuthSettings, log: (line: string) => void = () => undefined) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.requestIdentity = await identify(credentialsFrom(req.headers), settings);
      next();
    } catch (error) {
      const refusal = tokenRefusal(error, requestTraceOf(res)?.traceId);
      if (!refusal) return next(error);
      if (refusal.logLine) log(refusal.logLine);
      res.status(refusal.status).set(refusal.headers).json(refusal.body);
    }
  };
}

export function requestIdentityOf(res: Response): RequestIdentity {
  return res.locals.requestIdentity as RequestIdentity;
}
