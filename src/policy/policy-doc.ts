// Renders the policy tables as Markdown for the agencies' legal review
// (`npm run policy:doc` writes docs/access-policy.md).
import { entityRuleParts, MAX_ENTITY_REPRESENTATIONS, type OperationRules, type ShieldRule } from './operation-rules.ts';
import type { FieldRule, PolicyTable } from './types.ts';

/** A shield rule as a reviewer reads it: `and(readsPersons, hasPurpose)`. */
export function describeRule(rule: ShieldRule): string {
  const logic: Record<string, string> = { RuleAnd: 'and', RuleOr: 'or', RuleChain: 'chain', RuleRace: 'race', RuleNot: 'not' };
  const entities = entityRuleParts.get(rule);
  if (entities) {
    const parts = Object.entries(entities).map(([type, typeRule]) => `${type}: ${describeRule(typeRule)}`);
    return `entities(${parts.length > 0 ? parts.join('; ') : 'none'}; at most ${MAX_ENTITY_REPRESENTATIONS})`;
  }
  const kind = rule.constructor.name;
  if (kind === 'RuleTrue') return 'allow';
  if (kind === 'RuleFalse') return 'deny';
  const children = (rule as { rules?: ShieldRule[] }).rules;
  if (logic[kind] && children) return `${logic[kind]}(${children.map(describeRule).join(', ')})`;
  return (rule as { name?: string }).name ?? kind;
}

function operationRows(rules: OperationRules): string[] {
  const rows: string[] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    for (const [field, rule] of Object.entries(rules[root] ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      rows.push(`| \`${root}.${field}\` | \`${describeRule(rule)}\` |`);
    }
  }
  return rows;
}

function unitsCell(rule: FieldRule): string {
  return Object.entries(rule.units ?? {}).map(([unit, access]) => `${unit}: ${access}`).join(', ') || '—';
}

function row(field: string, rule: FieldRule): string {
  const relatedOnly = rule.related && rule.related !== rule.others ? rule.related : '—';
  // Where the owning unit reads more (or less) than other related units, both are named.
  const ownerPart = rule.owner && rule.owner !== (rule.related ?? rule.others) ? `owning unit: ${rule.owner}` : null;
  const related = ownerPart === null ? relatedOnly : relatedOnly === '—' ? ownerPart : `${relatedOnly}; ${ownerPart}`;
  const deciding = rule.deciding && rule.deciding !== rule.others ? rule.deciding : '—';
  return `| \`${field}\` | ${rule.others} | ${deciding} | ${related} | ${unitsCell(rule)} | ${rule.roles?.join(', ') ?? 'any'} | ${rule.mask ?? '—'} |`;
}

export function renderPolicyDoc(policies: { name: string; policy: PolicyTable; operationRules: OperationRules }[]): string {
  const lines = [
    '# Access policy',
    '',
    'Generated from the rules in the code by `npm run policy:doc`; a test fails when this file is stale.',
    'Do not edit it by hand: change the rules of the subgraph and regenerate.',
    '',
    'Access is decided in three layers, as OWASP splits them:',
    '',
    '1. **Operations** (function level, graphql-shield): may this caller call this entry point at all? Every',
    '   root field of every subgraph has a rule (each Query field, each Mutation, and `_entities` per entity',
    '   type); anything without one is denied, and a denial is FORBIDDEN with no detail. Rules: `readsPersons`',
    '   (CASEWORKER, SUPERVISOR or ADMIN; ANALYST and AUDITOR never read a person), `writesCases` (CASEWORKER',
    '   or SUPERVISOR), `isSupervisor`, `isAuditor`, `hasPurpose` (a declared purpose of use), `purposeIs…`,',
    '   `isCaseworkerOf…` (the caller\'s unit), `notNgo`, `atMostIds…` (list bound), `entities_…` (each',
    '   representation\'s type has a rule that allows, at most 2,000 representations per call).',
    '2. **Records** (row scope, inside each resolver, in the same statement or transaction): which records',
    '   the caller reaches. NGO workers reach only families and cases of their active assignments (offered',
    '   or accepted, within their dates; none once ended or handed back), families of referrals addressed to',
    '   their organisation that it accepted, referrals addressed to it (no other organisation\'s), and',
    '   families on the agenda of a meeting it is invited to, until the meeting\'s stated end of access;',
    '   district-bound workers only their districts; a record outside reads, and is written, as if it did',
    '   not exist (null, or NOT_FOUND exactly as for an unknown id). Writes are narrower: service contacts',
    '   only on the unit\'s own open cases (an NGO: its assigned cases); referrals and reports only about',
    '   persons and families in the caller\'s scope; referral answers only by the receiving unit (closing by',
    '   either); break-glass reviews only of the supervisor\'s own unit. `families` lists only families the',
    '   unit serves or has a referral to decide on (district-bound workers: their districts).',
    '3. **Fields** (the tables below): which properties the caller sees of a record it reached.',
    '',
    'How to read a field row: a unit named under **Units** gets that access whatever its relation to the',
    'record. Any other unit gets **Related** while it has need-to-know on the family, **Deciding** while it',
    'only has a pending referral about the person to decide on, and **Others** otherwise. Need-to-know comes',
    'only from what another party granted or the law assigns: an open case the unit owns, an active NGO',
    'assignment, a referral the unit received and accepted, a referral it sent while it already served the',
    'family, an invitation to a meeting with the family on its agenda (from the invitation until the',
    'meeting\'s stated end of access; the audit entry names the meeting; it cannot be passed on to another',
    'meeting or kept through a referral), or the worker\'s own break-glass grant (4 hours, flagged in the audit trail, reviewed by a',
    'supervisor); owning the record (its own case, referral, contact or intake) counts too, except where the',
    'row names what the **owning unit** gets (a service contact\'s note: only the unit, for NGOs the',
    'organisation, that recorded it). **Roles** limits',
    'the field to callers holding one of those roles. ALLOW returns the value, MASK returns its masked form',
    '(national ID `A12****789`, name `王○明`, address → city and district, birth date → year, amount → a',
    'NT$ 5,000 band), DENY returns null with a FORBIDDEN error. A field missing from the table is denied to',
    'everyone. Confidential addresses of protected victims are withheld from everyone but PROTECTION, on',
    'every field that carries an address.',
  ];
  for (const { name, policy, operationRules } of policies) {
    lines.push('', `## Subgraph \`${name}\``);
    lines.push('', '### Operations', '', '| root field | rule |', '|---|---|', ...operationRows(operationRules));
    for (const [typeName, fields] of Object.entries(policy).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push('', `### ${typeName}`, '', '| field | Others | Deciding | Related | Units | Roles | Mask |', '|---|---|---|---|---|---|---|');
      for (const [field, rule] of Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))) lines.push(row(field, rule));
    }
  }
  return `${lines.join('\n')}\n`;
}
