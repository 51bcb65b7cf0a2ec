// Policy as data: for every field of a subgraph, which unit reads it how.
import type { Role } from '../auth/claims.ts';
import type { UnitCode } from '../domain/codes.ts';

export type Access = 'ALLOW' | 'MASK' | 'DENY';

/**
 * How much need-to-know a caller has on a row: none; enough to decide on a
 * referral it received (DECIDING); or it serves the family (SERVING).
 */
export type RelationLevel = 'NONE' | 'DECIDING' | 'SERVING';

export type MaskName = 'nationalId' | 'name' | 'address' | 'birthDate' | 'amountRange';

export interface FieldRule {
  /** Access of a unit named here, whatever its relation to the record. */
  units?: Partial<Record<UnitCode, Access>>;
  /**
   * Access of other units while they have an open case, a pending or accepted
   * referral, or an active assignment on the record's family, or own the record.
   */
  related?: Access;
  /**
   * Access of other units while they only have a pending referral about the
   * person to decide on; `others` unless set.
   */
  deciding?: Access;
  /** Access of other units otherwise. */
  others: Access;
  /**
   * Access of the unit that owns the record (recorded it: for an NGO, its
   * organisation), when it differs from `related`: e.g. a contact's note,
   * which other units serving the family do not read.
   */
  owner?: Access;
  /** Only callers holding one of these roles get anything but DENY. */
  roles?: readonly Role[];
  /** How a MASK decision shows the value. */
  mask?: MaskName;
  /** Counts under small-cell protection, not a record about anyone: not listed in the audit trail. */
  aggregate?: true;
}

/** Field name → rule, for one GraphQL type. */
export type TypePolicy = Record<string, FieldRule>;

/** Type name → its fields' rules. A field without a rule is denied. */
export type PolicyTable = Record<string, TypePolicy>;

export const ALLOW_ALL: FieldRule = { others: 'ALLOW' };

/** Rules for structural fields that carry no personal data themselves. */
export function allowAll(fields: readonly string[]): TypePolicy {
  return Object.fromEntries(fields.map((field) => [field, ALLOW_ALL]));
}
