// Who is calling, as proven by a verified token. The unit always comes from
// here, never from a header or an argument.
import type { DistrictCode, UnitCode } from '../domain/codes.ts';
import type { Purpose, Role } from './claims.ts';

export interface Identity {
  /** The worker (token subject). */
  sub: string;
  unit: UnitCode;
  /** Organisation id, for NGO workers. */
  org: number | null;
  /** Districts a district-bound worker is limited to; empty = not district-bound. */
  districts: DistrictCode[];
  roles: Role[];
  /** Purpose declared in the token, if any; a request header may declare it instead. */
  purpose: Purpose | null;
  /** The token's own id (jti), when it carries one: that one token can then be revoked alone. */
  jti?: string;
}
