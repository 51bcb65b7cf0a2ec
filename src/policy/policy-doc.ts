// Renders the policy tables as Markdown for the agencies' legal review
// (`npm run policy:doc` writes docs/access-policy.md).
import type { FieldRule, PolicyTable } from './types.ts';

function unitsCell(rule: FieldRule): string {
  return Object.entries(rule.units ?? {}).map(([unit, access]) => `${unit}: ${access}`).join(', ') || '—';
}

function row(field: string, rule: FieldRule): string {
  const related = rule.related && rule.related !== rule.others ? rule.related : '—';
  return `| \`${field}\` | ${rule.others} | ${related} | ${unitsCell(rule)} | ${rule.roles?.join(', ') ?? 'any'} | ${rule.mask ?? '—'} |`;
}

export function renderPolicyDoc(policies: { name: string; policy: PolicyTable }[]): string {
  const lines = [
    '# Access policy',
    '',
    'Generated from the policy data in the code by `npm run policy:doc`; a test fails when this file is stale.',
    'Do not edit it by hand: change the policy table of the subgraph and regenerate.',
    '',
    'How to read a row: a unit named under **Units** gets that access whatever its relation to the record.',
    'Any other unit gets **Related** while it serves the family (an open case, a pending or accepted referral,',
    'or an active NGO assignment) or owns the record, and **Others** otherwise. **Roles** limits the field to',
    'callers holding one of those roles. ALLOW returns the value, MASK returns its masked form (national ID',
    '`A12****789`, name `王○明`, address → city and district, birth date → year, amount → a NT$ 5,000 band),',
    'DENY returns null with a FORBIDDEN error. A field missing from the table is denied to everyone.',
    '',
    'Row scopes apply before any field: NGO workers reach only families and cases of their active',
    'assignments, district-bound workers only their districts; anything else reads as not found.',
    'Confidential addresses of protected victims are withheld from everyone but PROTECTION.',
  ];
  for (const { name, policy } of policies) {
    lines.push('', `## Subgraph \`${name}\``);
    for (const [typeName, fields] of Object.entries(policy).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push('', `### ${typeName}`, '', '| field | Others | Related | Units | Roles | Mask |', '|---|---|---|---|---|---|');
      for (const [field, rule] of Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))) lines.push(row(field, rule));
    }
  }
  return `${lines.join('\n')}\n`;
}
