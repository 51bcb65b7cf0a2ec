// Per-request state. A fresh context is built for every request (and again
// in every subgraph); nothing here may outlive it.
import { randomUUID } from 'node:crypto';
import type { Context as TraceContext } from '@opentelemetry/api';
import type { Purpose, Role } from '../auth/claims.ts';
import type { ForwardedCredentials, RequestIdentity } from '../auth/request-identity.ts';
import type { DistrictCode, UnitCode } from '../domain/codes.ts';
import { AccessLog } from '../policy/access-log.ts';
import type { Decision } from '../policy/decide.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { RelationLevel } from '../policy/types.ts';

/** The verified caller of this request. */
export interface Viewer {
  workerId: string;
  unit: UnitCode;
  org: number | null;
  districts: DistrictCode[];
  roles: Role[];
  purpose: Purpose | null;
}

export interface HubContext {
  /** The W3C trace id of the client request (src/telemetry/tracing.ts), quoted in logs, audit entries and errors. */
  requestId: string;
  /** Where this request's spans hang: the HTTP span, then the operation's span. */
  trace?: TraceContext;
  viewer: Viewer;
  /** The caller's own credentials, forwarded to subgraphs, which verify them again. */
  credentials: ForwardedCredentials;
  loaders: Loaders;
  /** Field decisions that do not depend on rows, made once per operation. */
  policyDecisions: Map<string, Decision>;
  /** What this request read, for the audit trail. */
  accessLog: AccessLog;
  /** Need-to-know answers per row, for this request only. */
  relatedRows: WeakMap<object, RelationLevel | Promise<RelationLevel>>;
  /** DataLoaders of agency subgraphs, made on first use (connectors/kit/subgraph-builder.ts). */
  connectorLoaders: Map<string, unknown>;
}

/**
 * `shared`: the context of the client request this one serves, when it runs
 * in the same process with the same credentials (a subgraph fetch of the
 * gateway's plan). Its loaders are reused, so need-to-know is asked once per
 * client request rather than once per subgraph; break-glass is then noted on
 * the client request's log, which takes in every fetch's log anyway.
 */
export function createContext(request: RequestIdentity, requestId: string = randomUUID(), shared?: Pick<HubContext, 'loaders' | 'viewer'>): HubContext {
  const { identity, purpose, credentials } = request;
  const viewer: Viewer = {
    workerId: identity.sub,
    unit: identity.unit,
    org: identity.org,
    districts: identity.districts,
    roles: identity.roles,
    purpose,
  };
  const accessLog = new AccessLog();
  return {
    requestId,
    viewer,
    credentials,
    loaders:
      shared && sameViewer(shared.viewer, viewer)
        ? shared.loaders
        : createLoaders(viewer, {
            breakGlass: () => {
              accessLog.breakGlass = true;
            },
            // The meeting whose invitation gave the access is named among the entry's records.
            meeting: (meetingId) => accessLog.records.add(`Meeting:${meetingId}`),
          }),
    policyDecisions: new Map(),
    accessLog,
    relatedRows: new WeakMap(),
    connectorLoaders: new Map(),
  };
}

function sameViewer(a: Viewer, b: Viewer): boolean {
  return (
    a.workerId === b.workerId && a.unit === b.unit && a.org === b.org && a.purpose === b.purpose &&
    a.districts.join() === b.districts.join() && a.roles.join() === b.roles.join()
  );
}
