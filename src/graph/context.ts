// Per-request state. A fresh context is built for every request (and again
// in every subgraph); nothing here may outlive it.
import { randomUUID } from 'node:crypto';
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
  requestId: string;
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

export function createContext(request: RequestIdentity, requestId: string = randomUUID()): HubContext {
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
    loaders: createLoaders(viewer, () => {
      accessLog.breakGlass = true;
    }),
    policyDecisions: new Map(),
    accessLog,
    relatedRows: new WeakMap(),
    connectorLoaders: new Map(),
  };
}
