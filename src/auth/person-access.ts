// Core's word on what a caller may know of one person, carried to an agency
// subgraph that runs without core's data (issue 16). Core answers
// Person.personAccess (@inaccessible: only the gateway's plan asks for it);
// a connector's Person fields @requires it. It binds the verified caller
// (token subject, unit, organisation), the person, core's need-to-know level
// and whether that came from break-glass, for 30 seconds, under an HMAC.
//
// Zero trust: the connector verifies it against the caller's own verified
// token, so a representation sent straight to the subgraph with an assertion
// made up, edited, issued to another caller, for another person or expired is
// refused — the person is unknown there, as outside the row scope in core.
// Core issues one only for a person inside the caller's row scope (its
// Person entity is scoped), and only to a token core itself accepted (not
// revoked): the 30 seconds also bound how long a revoked token's assertions
// live, within the deny-list's own one-minute bound.
//
// The key: derived (HKDF) from the cohort key every subgraph of a deployment
// already shares (HUB_COHORT_KEY), under its own label, so one secret
// serves both without one use weakening the other.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { cohortKey } from '../../connectors/kit/cohort.ts';
import type { RelationLevel } from '../policy/types.ts';

/** How long an assertion holds: one client request's plan, with room for slow subgraphs. */
export const PERSON_ACCESS_TTL_SECONDS = 30;

const VERSION = 'pa1';
const LEVELS: readonly RelationLevel[] = ['NONE', 'DECIDING', 'SERVING'];

/** Who asks, as the token proves it. */
export interface AccessCaller {
  workerId: string;
  unit: string;
  org: number | null;
}

export interface PersonAccess {
  level: RelationLevel;
  breakGlass: boolean;
}

let cachedKey: { cohort: Buffer; key: Buffer } | undefined;

function assertionKey(): Buffer {
  const cohort = cohortKey();
  if (cachedKey?.cohort !== cohort) cachedKey = { cohort, key: Buffer.from(hkdfSync('sha256', cohort, Buffer.alloc(0), 'safety-net-hub person access v1', 32)) };
  return cachedKey.key;
}

const mac = (payload: string, key: Buffer) => createHmac('sha256', key).update(`${VERSION}.${payload}`).digest('base64url');

export function signPersonAccess(caller: AccessCaller, personId: number, access: PersonAccess, now = Date.now(), key = assertionKey()): string {
  const claims = { s: caller.workerId, u: caller.unit, o: caller.org, p: personId, l: access.level, b: access.breakGlass, e: Math.floor(now / 1000) + PERSON_ACCESS_TTL_SECONDS };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${VERSION}.${payload}.${mac(payload, key)}`;
}

/** What core asserted for this caller and person; null for anything not a valid, current assertion made for exactly them. */
export function verifyPersonAccess(assertion: unknown, caller: AccessCaller, personId: number, now = Date.now(), key = assertionKey()): PersonAccess | null {
  if (typeof assertion !== 'string' || assertion.length > 1_000) return null;
  const [version, payload, signature, extra] = assertion.split('.');
  if (version !== VERSION || !payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: { s?: unknown; u?: unknown; o?: unknown; p?: unknown; l?: unknown; b?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return null;
  }
  const bound = claims.s === caller.workerId && claims.u === caller.unit && claims.o === caller.org && claims.p === personId;
  const current = typeof claims.e === 'number' && claims.e * 1000 > now;
  if (!bound || !current || !LEVELS.includes(claims.l as RelationLevel) || typeof claims.b !== 'boolean') return null;
  return { level: claims.l as RelationLevel, breakGlass: claims.b };
}
