// What each kind of meeting is (DOMAIN.md, cross-network coordination): who
// convenes it, at which level, what must be on its agenda and who must be
// invited. Pure rules, checked before anything is written.
import type { Role } from '../auth/claims.ts';
import { isSecretariat } from '../indicators/returns/secretariat.ts';

export const MEETING_KINDS = ['RE_REPORT_NETWORK', 'DISTRICT_CROSS_DEPARTMENT', 'CASE_CONFERENCE', 'RELEASE_TRANSITION', 'BUREAU', 'CITY_COORDINATION'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export type MeetingLevel = 'CITY' | 'BUREAU' | 'DISTRICT' | 'CENTRE';

interface KindRule {
  level: MeetingLevel;
  /** Units whose caseworkers or supervisors convene it; 'SECRETARIAT' for the coordination meeting's secretariat. */
  convenors: readonly string[] | 'ANY_UNIT' | 'SECRETARIAT';
  agenda: 'FAMILIES' | 'CASES' | 'OPTIONAL' | 'NONE';
  needsDistrict: boolean;
  mustInvite: readonly string[];
}

export const KIND_RULES: Record<MeetingKind, KindRule> = {
  // 網絡會議: high-risk family-preservation cases re-reported during service, discussed case by case.
  RE_REPORT_NETWORK: { level: 'CITY', convenors: ['PROTECTION', 'SOCIAL'], agenda: 'CASES', needsDistrict: false, mustInvite: [] },
  // 跨部門區域聯繫會議: each family welfare service centre, quarterly; civil affairs must be invited.
  DISTRICT_CROSS_DEPARTMENT: { level: 'DISTRICT', convenors: ['SOCIAL'], agenda: 'OPTIONAL', needsDistrict: true, mustInvite: ['CIVIL_AFFAIRS'] },
  // 個案研討會: agrees a co-case plan for the families on its agenda.
  CASE_CONFERENCE: { level: 'CENTRE', convenors: 'ANY_UNIT', agenda: 'FAMILIES', needsDistrict: false, mustInvite: [] },
  // 出監(院)轉銜會議: convened by prosecutors or corrections.
  RELEASE_TRANSITION: { level: 'DISTRICT', convenors: ['JUSTICE'], agenda: 'FAMILIES', needsDistrict: false, mustInvite: [] },
  // 局級會議: a unit with the NGOs it works with.
  BUREAU: { level: 'BUREAU', convenors: 'ANY_UNIT', agenda: 'OPTIONAL', needsDistrict: false, mustInvite: [] },
  // 推動會報: policy and progress, no family on its agenda; its secretariat records it.
  CITY_COORDINATION: { level: 'CITY', convenors: 'SECRETARIAT', agenda: 'NONE', needsDistrict: false, mustInvite: [] },
};

export const MAX_ACCESS_DAYS = 30;
export const DEFAULT_ACCESS_DAYS = 7;
export const MAX_AGENDA = 200;
export const MAX_DAYS_AHEAD_WITH_FAMILIES = 90;
export const MAX_INVITED = 60;
const DAY_MS = 86_400_000;
const YEAR_MS = 366 * DAY_MS;

export function mayConvene(kind: MeetingKind, viewer: { unit: string; roles: readonly Role[] }): boolean {
  const rule = KIND_RULES[kind].convenors;
  if (viewer.unit === 'NGO') return false;
  if (rule === 'ANY_UNIT') return true;
  if (rule === 'SECRETARIAT') return isSecretariat(viewer);
  return rule.includes(viewer.unit);
}

export interface MeetingPlan {
  kind: MeetingKind;
  startsAt: Date;
  districtCode: string | null;
  familyCount: number;
  caseCount: number;
  invitedUnits: readonly string[];
  invitedOrganizations: readonly number[];
  accessDaysAfter: number;
}

/** Field problems of a plan, in input order; empty when it may be scheduled. */
export function planProblems(plan: MeetingPlan, convenorUnit: string, now: Date): { field: string; reason: string }[] {
  const rule = KIND_RULES[plan.kind];
  const problems: { field: string; reason: string }[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reason });
  if (Math.abs(plan.startsAt.getTime() - now.getTime()) > YEAR_MS) add('startsAt', 'must be within a year of today');
  // An invitation opens the agenda's families from the invitation on: not months before the meeting.
  else if (plan.familyCount + plan.caseCount > 0 && plan.startsAt.getTime() - now.getTime() > MAX_DAYS_AHEAD_WITH_FAMILIES * DAY_MS) {
    add('startsAt', `a meeting with families on its agenda is scheduled at most ${MAX_DAYS_AHEAD_WITH_FAMILIES} days ahead (the invitations open them until after it)`);
  }
  if (rule.needsDistrict && plan.districtCode === null) add('district', `a ${plan.kind} meeting is held for a district; name it`);
  const agendaSize = plan.familyCount + plan.caseCount;
  if (rule.agenda === 'NONE' && agendaSize > 0) add('agenda', `a ${plan.kind} meeting has no family or case on its agenda`);
  if (rule.agenda === 'FAMILIES' && agendaSize === 0) add('agenda', `a ${plan.kind} meeting needs at least one family or case on its agenda`);
  if (rule.agenda === 'CASES' && plan.caseCount === 0) add('agenda.caseIds', `a ${plan.kind} meeting discusses cases; name at least one`);
  if (rule.agenda === 'CASES' && plan.familyCount > 0) add('agenda.familyIds', `a ${plan.kind} meeting discusses cases, not whole families; name the cases`);
  if (agendaSize > MAX_AGENDA) add('agenda', `at most ${MAX_AGENDA} families and cases`);
  if (plan.invitedUnits.includes(convenorUnit)) add('invite.units', 'the convening unit is not invited to its own meeting');
  if (plan.invitedUnits.includes('NGO')) add('invite.units', 'invite NGOs by organisation (invite.organizationIds)');
  if (new Set(plan.invitedUnits).size !== plan.invitedUnits.length || new Set(plan.invitedOrganizations).size !== plan.invitedOrganizations.length) {
    add('invite', 'names a unit or organisation twice');
  }
  if (plan.invitedUnits.length + plan.invitedOrganizations.length === 0) add('invite', 'invite at least one unit or organisation');
  if (plan.invitedUnits.length + plan.invitedOrganizations.length > MAX_INVITED) add('invite', `at most ${MAX_INVITED} units and organisations`);
  for (const unit of rule.mustInvite) if (!plan.invitedUnits.includes(unit)) add('invite.units', `a ${plan.kind} meeting must invite ${unit}`);
  if (!Number.isInteger(plan.accessDaysAfter) || plan.accessDaysAfter < 1 || plan.accessDaysAfter > MAX_ACCESS_DAYS) {
    add('accessDaysAfter', `must be a whole number of days from 1 to ${MAX_ACCESS_DAYS}`);
  }
  return problems;
}

/** The end of the invited parties' view of the agenda's families: the stated days after the meeting starts. */
export function accessUntilOf(startsAt: Date, accessDaysAfter: number): Date {
  return new Date(startsAt.getTime() + accessDaysAfter * DAY_MS);
}

/** Action item status changes an owner may make: an item done or dropped stays so (a new item is agreed at the next meeting). */
export function actionItemStatusProblem(from: string, to: string): string | null {
  if (from === 'DONE' || from === 'DROPPED') return `the item is already ${from}`;
  if (from === to) return `the item is already ${to}`;
  return null;
}
