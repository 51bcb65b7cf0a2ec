// The data check before any load: the three systems must return the same
// family. Each answer is reduced to the same facts (row ids, codes, names,
// dates, agency records; lists in id order). Fields the hub masks for some
// callers (national ID, birth date, addresses) are not compared, and any
// value the hub masked or denied in this answer (a FORBIDDEN error at its
// path, or a masked name) matches whatever the others return there.
import { decodeGlobalID } from '@pothos/plugin-relay';

export const MASKED = Symbol('masked by the hub');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Value = Json | typeof MASKED | undefined | Value[] | { [key: string]: Value };
type Row = Record<string, any>;

interface GraphQLAnswer {
  data?: Row | null;
  errors?: { message: string; path?: (string | number)[] }[];
}

/** Marks, in the hub's answer, every value an error names and every masked string (王○明, A12****789). */
function markMasked(value: any, path: string, denied: readonly string[]): any {
  if (denied.includes(path)) return MASKED;
  if (typeof value === 'string') return /○|\*{2,}/.test(value) ? MASKED : value;
  if (Array.isArray(value)) return value.map((v, i) => markMasked(v, `${path}.${i}`, denied));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markMasked(v, `${path}.${k}`, denied)]));
  }
  return value;
}

const rowId = (globalId: unknown): Value => (typeof globalId === 'string' ? Number(decodeGlobalID(globalId).id) : (globalId as Value));
/** A field of a value the hub may have masked as a whole. */
const at = (value: any, key: string): Value => (value === MASKED ? MASKED : value == null ? null : value[key]);
const list = (value: any): any[] | typeof MASKED => (value === MASKED ? MASKED : (value ?? []));
const day = (value: unknown): Value => (typeof value === 'string' ? new Date(value).toISOString().slice(0, 10) : (value as Value));
const instant = (value: unknown): Value => (typeof value === 'string' ? new Date(value).toISOString() : (value as Value));

function sortedBy<T>(items: T[] | typeof MASKED, key: (item: T) => string | number): T[] | typeof MASKED {
  if (items === MASKED) return MASKED;
  const keyOf = (item: T) => {
    const k: unknown = key(item);
    return typeof k === 'symbol' ? '' : (k as string | number);
  };
  return [...items].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

interface AgencyParts {
  householdRegistration: any;
  welfareStatuses: any;
  dropoutEpisodes: any;
  laborReferrals: any;
  probationTransitions: any;
}

function agencyFacts(parts: AgencyParts) {
  const registration = parts.householdRegistration;
  return {
    household: registration === MASKED || registration == null ? registration ?? null : {
      householdNumber: at(registration, 'householdNumber'),
      relationship: at(registration, 'relationship'),
      registeredOn: at(registration, 'registeredOn'),
    },
    welfare: sortedBy(list(parts.welfareStatuses), (s: Row) => `${s.validFrom}|${s.kind}`),
    dropouts: sortedBy(list(parts.dropoutEpisodes), (e: Row) => `${e.startedOn}|${e.schoolCode}`),
    labor: sortedBy(list(parts.laborReferrals), (l: Row) => l.caseNumber),
    probation: sortedBy(list(parts.probationTransitions), (t: Row) => `${t.startedOn}|${t.kind}`),
  };
}

function contactFacts(contacts: any) {
  return sortedBy(
    list(contacts) === MASKED ? MASKED : (list(contacts) as Row[]).map((c) => ({ kind: at(c, 'kind'), contactedOn: at(c, 'contactedOn'), unit: at(at(c, 'unit'), 'code') })),
    (c) => `${String(c.contactedOn)}|${String(c.kind)}|${String(c.unit)}`,
  );
}

function servingKey(s: Row): string {
  return [s.since, s.unit, s.involvement, s.caseKind, s.leadWorker, s.organization, s.person].map(String).join('|');
}

/** The hub's answer, and the SQL endpoint's (the same shape, with row ids). */
export function factsOfHubShape(answer: GraphQLAnswer, masking: boolean) {
  const denied = masking ? (answer.errors ?? []).map((e) => ['data', ...(e.path ?? [])].join('.')) : [];
  const data = masking ? markMasked(answer.data, 'data', denied) : answer.data;
  const family = at(data, 'family') as any;
  if (!family || family === MASKED) return null;
  return {
    id: rowId(family.id),
    district: at(family.district, 'code'),
    members: sortedBy(
      list(family.members) === MASKED ? MASKED : (family.members as Row[]).map((m) => ({
        personId: rowId(at(m.person, 'id')),
        name: at(m.person, 'name'),
        sex: at(m.person, 'sex'),
        relationship: m.relationship,
        startDate: m.startDate,
        ...agencyFacts(m.person),
      })),
      (m) => m.personId as number,
    ),
    cases: sortedBy(
      list(family.cases) === MASKED ? MASKED : (family.cases as Row[]).map((c) => ({
        id: rowId(c.id),
        kind: c.kind,
        status: c.status,
        riskLevel: c.riskLevel,
        openedOn: c.openedOn,
        ownerUnit: at(c.ownerUnit, 'code'),
        leadWorker: at(c.leadWorker, 'name'),
        contactCount: c.contactCount,
        contacts: contactFacts(c.contacts),
      })),
      (c) => c.id as number,
    ),
    referrals: sortedBy(
      list(family.referrals) === MASKED ? MASKED : (family.referrals as Row[]).map((r) => ({
        id: rowId(r.id),
        status: r.status,
        reason: r.reason,
        requestedAt: instant(r.requestedAt),
        fromUnit: at(r.fromUnit, 'code'),
        toUnit: at(r.toUnit, 'code'),
        person: at(r.person, 'name'),
      })),
      (r) => r.id as number,
    ),
    servingUnits: sortedBy(
      list(family.servingUnits) === MASKED ? MASKED : (family.servingUnits as Row[]).map((s) => ({
        unit: at(s.unit, 'code'),
        involvement: s.involvement,
        caseKind: s.caseKind,
        since: s.since,
        leadWorker: at(s.leadWorker, 'name'),
        organization: at(s.organization, 'name'),
        person: at(s.person, 'name'),
      })),
      servingKey,
    ),
  };
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** PostGraphile's answer: its rows, with "who serves the family" composed as the hub composes it. */
export function factsOfPostGraphile(answer: GraphQLAnswer) {
  const family = answer.data?.familyByRowId as Row | null | undefined;
  if (!family) return null;
  const members = family.familyMembershipsByFamilyId.nodes as Row[];
  const today = todayUtc();
  const cases = new Map<number, Row>();
  const referrals = new Map<number, Row>();
  for (const holder of [family, ...members.map((m) => m.personByPersonId)]) {
    for (const c of holder.openCases.nodes) cases.set(c.rowId, c);
    for (const r of [...holder.pendingReferrals.nodes, ...holder.acceptedReferrals.nodes]) referrals.set(r.rowId, r);
  }
  const serving: Row[] = [];
  for (const c of cases.values()) {
    const person = c.personBySubjectPersonId?.name ?? null;
    serving.push({ unit: c.networkUnitByOwnerUnitCode.code, involvement: 'CASE', caseKind: c.kind, since: c.openedOn, leadWorker: c.workerByLeadWorkerId?.name ?? null, organization: null, person });
    for (const a of c.assignmentsByCaseId.nodes) {
      if (a.startDate > today || (a.endDate !== null && a.endDate < today)) continue;
      serving.push({ unit: 'NGO', involvement: 'ASSIGNMENT', caseKind: c.kind, since: a.startDate, leadWorker: null, organization: a.organizationByOrganizationId.name, person });
    }
  }
  for (const r of referrals.values()) {
    const since = r.status === 'ACCEPTED' && r.respondedAt ? r.respondedAt : r.requestedAt;
    serving.push({ unit: r.networkUnitByToUnitCode.code, involvement: 'REFERRAL', caseKind: null, since: day(since), leadWorker: null, organization: null, person: r.personByPersonId.name });
  }
  return {
    id: family.rowId,
    district: family.districtByDistrictCode.code,
    members: sortedBy(
      members.map((m) => {
        const p = m.personByPersonId;
        return {
          personId: p.rowId,
          name: p.name,
          sex: p.sex,
          relationship: m.relationship,
          startDate: m.startDate,
          ...agencyFacts({
            householdRegistration: p.householdRegistrationByPersonId,
            welfareStatuses: p.welfareStatusesByPersonId.nodes,
            dropoutEpisodes: p.educationDropoutEpisodesByPersonId.nodes,
            laborReferrals: p.laborReferralsByPersonId.nodes,
            probationTransitions: p.probationTransitionsByPersonId.nodes,
          }),
        };
      }),
      (m) => m.personId,
    ),
    cases: sortedBy(
      (family.casesByFamilyId.nodes as Row[]).map((c) => ({
        id: c.rowId,
        kind: c.kind,
        status: c.status,
        riskLevel: c.riskLevel,
        openedOn: c.openedOn,
        ownerUnit: c.networkUnitByOwnerUnitCode.code,
        leadWorker: c.workerByLeadWorkerId?.name ?? null,
        contactCount: c.serviceContactsByCaseId.totalCount,
        contacts: contactFacts((c.serviceContactsByCaseId.nodes as Row[]).map((s) => ({ ...s, unit: { code: s.unitCode } }))),
      })),
      (c) => c.id,
    ),
    referrals: sortedBy(
      (family.referralsByFamilyId.nodes as Row[]).map((r) => ({
        id: r.rowId,
        status: r.status,
        reason: r.reason,
        requestedAt: instant(r.requestedAt),
        fromUnit: r.fromUnitCode,
        toUnit: r.toUnitCode,
        person: r.personByPersonId.name,
      })),
      (r) => r.id,
    ),
    servingUnits: sortedBy(serving, servingKey),
  };
}

export interface Difference {
  path: string;
  expected: string;
  actual: string;
}

/** Where `actual` differs from the hub's facts; a value the hub masked matches anything. Counts the masked values skipped. */
export function differences(hub: unknown, actual: unknown, path = 'family', found: Difference[] = [], skipped = { masked: 0 }) {
  if (hub === MASKED) {
    skipped.masked++;
    return { found, skipped };
  }
  const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));
  if (Array.isArray(hub) && Array.isArray(actual)) {
    if (hub.length !== actual.length) found.push({ path: `${path}.length`, expected: String(hub.length), actual: String(actual.length) });
    for (let i = 0; i < Math.min(hub.length, actual.length); i++) differences(hub[i], actual[i], `${path}.${i}`, found, skipped);
  } else if (hub && actual && typeof hub === 'object' && typeof actual === 'object' && !Array.isArray(hub) && !Array.isArray(actual)) {
    for (const key of Object.keys(hub)) differences((hub as Row)[key], (actual as Row)[key], `${path}.${key}`, found, skipped);
  } else if (JSON.stringify(hub) !== JSON.stringify(actual)) {
    found.push({ path, expected: show(hub), actual: show(actual) });
  }
  return { found, skipped };
}
