// The per-operation part of a decision: what a viewer gets on a field before
// looking at any row. Relation-governed fields finish per row (enforce.ts).
import type { Role } from '../auth/claims.ts';
import type { UnitCode } from '../domain/codes.ts';
import type { Access, FieldRule, RelationLevel } from './types.ts';

export type Decision =
  | { kind: 'fixed'; access: Access }
  | { kind: 'relation'; unrelated: Access; deciding: Access; related: Access; owner: Access };

export interface PolicyViewer {
  unit: UnitCode;
  roles: readonly Role[];
}

const DENIED: Decision = { kind: 'fixed', access: 'DENY' };

export function decide(rule: FieldRule | undefined, viewer: PolicyViewer): Decision {
  if (!rule) return DENIED;
  if (rule.roles && !viewer.roles.some((role) => rule.roles!.includes(role))) return DENIED;
  const forUnit = rule.units?.[viewer.unit];
  if (forUnit) return { kind: 'fixed', access: forUnit };
  const related = rule.related ?? rule.others;
  const deciding = rule.deciding ?? rule.others;
  const owner = rule.owner ?? related;
  if (related !== rule.others || deciding !== rule.others || owner !== rule.others) return { kind: 'relation', unrelated: rule.others, deciding, related, owner };
  return { kind: 'fixed', access: rule.others };
}

/** The access a relation decision grants at a level of need-to-know. */
export function accessAt(decision: Extract<Decision, { kind: 'relation' }>, level: RelationLevel): Access {
  return level === 'SERVING' ? decision.related : level === 'DECIDING' ? decision.deciding : decision.unrelated;
}

/** Filtering or sorting by a field is allowed only where every row could be read. */
export function canFilterBy(decision: Decision): 'ALL' | 'OWN' | 'NONE' {
  if (decision.kind === 'fixed') return decision.access === 'ALLOW' ? 'ALL' : 'NONE';
  return decision.related === 'ALLOW' ? 'OWN' : 'NONE';
}
