// Pure composition of "who is serving this family": given the current
// members of each family and the open cases, active assignments and open
// referrals that touch them, list one entry per involvement.
export type Involvement = 'CASE' | 'ASSIGNMENT' | 'REFERRAL';

export interface OpenCase {
  id: number;
  familyId: number;
  subjectPersonId: number | null;
  ownerUnitCode: string;
  openedOn: Date;
}

export interface ActiveAssignment {
  id: number;
  caseId: number;
  organizationId: number;
  startDate: Date;
}

export interface OpenReferral {
  id: number;
  familyId: number;
  personId: number;
  toUnitCode: string;
  status: 'PENDING' | 'ACCEPTED';
  requestedAt: Date;
  respondedAt: Date | null;
}

export interface ServingEntry {
  involvement: Involvement;
  unitCode: string;
  caseId: number | null;
  assignmentId: number | null;
  referralId: number | null;
  personId: number | null;
  since: Date;
}

export function composeServingUnits(
  familyIds: readonly number[],
  membersByFamily: ReadonlyMap<number, readonly number[]>,
  cases: readonly OpenCase[],
  assignments: readonly ActiveAssignment[],
  referrals: readonly OpenReferral[],
): Map<number, ServingEntry[]> {
  const result = new Map<number, ServingEntry[]>(familyIds.map((id) => [id, []]));
  const familiesOfPerson = invert(membersByFamily);
  const touches = (familyId: number, personId: number | null) =>
    new Set([familyId, ...(personId === null ? [] : (familiesOfPerson.get(personId) ?? []))]);

  const familiesOfCase = new Map<number, Set<number>>();
  for (const c of cases) {
    const families = touches(c.familyId, c.subjectPersonId);
    familiesOfCase.set(c.id, families);
    const entry: ServingEntry = {
      involvement: 'CASE',
      unitCode: c.ownerUnitCode,
      caseId: c.id,
      assignmentId: null,
      referralId: null,
      personId: c.subjectPersonId,
      since: c.openedOn,
    };
    for (const familyId of families) result.get(familyId)?.push(entry);
  }
  for (const a of assignments) {
    const subject = cases.find((c) => c.id === a.caseId)?.subjectPersonId ?? null;
    const entry: ServingEntry = {
      involvement: 'ASSIGNMENT',
      unitCode: 'NGO',
      caseId: a.caseId,
      assignmentId: a.id,
      referralId: null,
      personId: subject,
      since: a.startDate,
    };
    for (const familyId of familiesOfCase.get(a.caseId) ?? []) result.get(familyId)?.push(entry);
  }
  for (const r of referrals) {
    const entry: ServingEntry = {
      involvement: 'REFERRAL',
      unitCode: r.toUnitCode,
      caseId: null,
      assignmentId: null,
      referralId: r.id,
      personId: r.personId,
      since: r.status === 'ACCEPTED' && r.respondedAt ? r.respondedAt : r.requestedAt,
    };
    for (const familyId of touches(r.familyId, r.personId)) result.get(familyId)?.push(entry);
  }
  for (const entries of result.values()) {
    entries.sort(
      (a, b) =>
        a.since.getTime() - b.since.getTime() ||
        a.unitCode.localeCompare(b.unitCode) ||
        (a.caseId ?? 0) - (b.caseId ?? 0) ||
        (a.referralId ?? 0) - (b.referralId ?? 0),
    );
  }
  return result;
}

function invert(membersByFamily: ReadonlyMap<number, readonly number[]>): Map<number, number[]> {
  const families = new Map<number, number[]>();
  for (const [familyId, personIds] of membersByFamily) {
    for (const personId of personIds) families.set(personId, [...(families.get(personId) ?? []), familyId]);
  }
  return families;
}
