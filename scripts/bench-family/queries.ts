// The joined family view, written three times: for the hub (the persisted
// FamilyView operation with the five agencies' parts added to each member),
// for PostGraphile (the same rows through its generated schema), and as one
// hand-written SQL statement that builds the hub's JSON in PostgreSQL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

const OPERATIONS_FILE = path.resolve(import.meta.dirname, '../../operations/family-view.graphql');

/** What each agency contributes to a member; the same columns are read by the other two systems. */
const AGENCY_PARTS = `{
  householdRegistration { householdNumber relationship address district registeredOn }
  welfareStatuses { kind validFrom validTo }
  dropoutEpisodes { schoolCode startedOn returnedOn referredToCounselling caseOpened }
  laborReferrals { caseNumber kind mentalDisability referredOn outcome placedOn }
  probationTransitions { kind startedOn releaseOn meetingOn invitedUnits }
}`;

/** FamilyView from operations/family-view.graphql, with the agency parts added to `members.person`. */
function hubFamilyView(): string {
  const document = parse(readFileSync(OPERATIONS_FILE, 'utf8'));
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === 'FamilyView',
  );
  if (!operation) throw new Error(`${OPERATIONS_FILE} has no FamilyView operation`);
  const agencyFields = (parse(`query ${AGENCY_PARTS}`).definitions[0] as OperationDefinitionNode).selectionSet.selections;
  const fieldPath: string[] = [];
  const extended = visit(operation, {
    Field: {
      enter(node: FieldNode) {
        fieldPath.push(node.name.value);
        if (fieldPath.join('.') !== 'family.members.person' || !node.selectionSet) return undefined;
        const selectionSet: SelectionSetNode = { ...node.selectionSet, selections: [...node.selectionSet.selections, ...agencyFields] };
        return { ...node, selectionSet };
      },
      leave() {
        fieldPath.pop();
      },
    },
  });
  if (!print(extended).includes('probationTransitions')) throw new Error('FamilyView no longer selects family.members.person');
  return print(extended);
}

export const HUB_FAMILY_VIEW = hubFamilyView();

/**
 * The same family through PostGraphile's generated schema: current members
 * (no membership in the demo city ends in the future, so `endDate: null` is
 * the hub's "current"), and for "who serves the family" the open cases with
 * their assignments and the open referrals of the family and of each member,
 * which the hub composes into `servingUnits`.
 */
export const POSTGRAPHILE_FAMILY_VIEW = `query FamilyView($id: Int!) {
  familyByRowId(rowId: $id) {
    rowId
    address
    districtByDistrictCode { code name nameZh }
    familyMembershipsByFamilyId(condition: { endDate: null }, orderBy: [START_DATE_ASC, PRIMARY_KEY_ASC]) {
      nodes {
        relationship
        startDate
        personByPersonId {
          rowId name sex birthDate nationalId address addressConfidential
          householdRegistrationByPersonId { householdNumber relationship address districtCode registeredOn }
          welfareStatusesByPersonId(orderBy: VALID_FROM_DESC) { nodes { kind validFrom validTo } }
          educationDropoutEpisodesByPersonId(orderBy: STARTED_ON_DESC) { nodes { schoolCode startedOn returnedOn referredToCounselling caseOpened } }
          laborReferralsByPersonId(orderBy: REFERRED_ON_DESC) { nodes { caseNumber kind mentalDisability referredOn outcome placedOn } }
          probationTransitionsByPersonId(orderBy: STARTED_ON_DESC) { nodes { kind startedOn releaseOn meetingOn invitedUnits } }
          openCases: casesBySubjectPersonId(condition: { status: OPEN }) { nodes { ...ServingCase } }
          pendingReferrals: referralsByPersonId(condition: { status: PENDING }) { nodes { ...ServingReferral } }
          acceptedReferrals: referralsByPersonId(condition: { status: ACCEPTED }) { nodes { ...ServingReferral } }
        }
      }
    }
    casesByFamilyId(orderBy: [OPENED_ON_DESC, PRIMARY_KEY_ASC]) {
      nodes {
        rowId kind status riskLevel openedOn
        networkUnitByOwnerUnitCode { code nameZh }
        workerByLeadWorkerId { rowId name }
        serviceContactsByCaseId(orderBy: [CONTACTED_ON_DESC, PRIMARY_KEY_DESC]) { totalCount nodes { kind contactedOn unitCode } }
      }
    }
    openCases: casesByFamilyId(condition: { status: OPEN }) { nodes { ...ServingCase } }
    referralsByFamilyId(orderBy: [REQUESTED_AT_DESC, PRIMARY_KEY_ASC]) {
      nodes { rowId status reason requestedAt fromUnitCode toUnitCode personByPersonId { name } }
    }
    pendingReferrals: referralsByFamilyId(condition: { status: PENDING }) { nodes { ...ServingReferral } }
    acceptedReferrals: referralsByFamilyId(condition: { status: ACCEPTED }) { nodes { ...ServingReferral } }
  }
}
fragment ServingCase on Case {
  rowId kind openedOn
  networkUnitByOwnerUnitCode { code name nameZh }
  workerByLeadWorkerId { name }
  personBySubjectPersonId { name }
  assignmentsByCaseId { nodes { rowId startDate endDate organizationByOrganizationId { name } } }
}
fragment ServingReferral on Referral {
  rowId status requestedAt respondedAt
  networkUnitByToUnitCode { code name nameZh }
  personByPersonId { name }
}`;

/** One statement, $1 the family's row id: `{ "family": … }` as text, in the hub's shape with row ids for ids. */
export const FAMILY_VIEW_SQL = `
WITH members AS (
  SELECT m.* FROM core.family_membership m
  WHERE m.family_id = $1 AND (m.end_date IS NULL OR m.end_date >= current_date)
),
open_cases AS (
  SELECT c.* FROM core."case" c
  WHERE c.status = 'OPEN' AND (c.family_id = $1 OR c.subject_person_id IN (SELECT person_id FROM members))
),
serving AS (
  SELECT 'CASE' AS involvement, c.owner_unit_code AS unit_code, c.kind::text AS case_kind, c.opened_on AS since,
         c.id AS case_id, NULL::int AS referral_id, c.lead_worker_id, NULL::int AS organization_id, c.subject_person_id AS person_id
  FROM open_cases c
  UNION ALL
  SELECT 'ASSIGNMENT', 'NGO', c.kind::text, a.start_date, c.id, NULL, NULL, a.organization_id, c.subject_person_id
  FROM open_cases c
  JOIN core.assignment a ON a.case_id = c.id AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date)
  UNION ALL
  SELECT 'REFERRAL', r.to_unit_code, NULL,
         ((CASE WHEN r.status = 'ACCEPTED' AND r.responded_at IS NOT NULL THEN r.responded_at ELSE r.requested_at END) AT TIME ZONE 'UTC')::date,
         NULL, r.id, NULL, NULL, r.person_id
  FROM core.referral r
  WHERE r.status IN ('PENDING', 'ACCEPTED') AND (r.family_id = $1 OR r.person_id IN (SELECT person_id FROM members))
)
SELECT json_build_object('family', (
  SELECT json_build_object(
    'id', f.id,
    'address', CASE WHEN EXISTS (SELECT 1 FROM members m JOIN core.person p ON p.id = m.person_id WHERE p.address_confidential)
                    THEN NULL ELSE f.address END,
    'district', (SELECT json_build_object('code', d.code, 'name', d.name, 'nameZh', d.name_zh) FROM core.district d WHERE d.code = f.district_code),
    'members', (
      SELECT coalesce(json_agg(json_build_object(
        'relationship', m.relationship,
        'startDate', m.start_date,
        'person', json_build_object(
          'id', p.id, 'name', p.name, 'sex', p.sex, 'birthDate', p.birth_date, 'nationalId', p.national_id,
          'address', p.address, 'addressWithheld', p.address_confidential,
          'householdRegistration', (
            SELECT json_build_object('householdNumber', h.household_number, 'relationship', h.relationship, 'address', h.address,
                                     'district', h.district_code, 'registeredOn', h.registered_on)
            FROM household.registration h WHERE h.person_id = p.id),
          'welfareStatuses', (
            SELECT coalesce(json_agg(json_build_object('kind', s.kind, 'validFrom', s.valid_from, 'validTo', s.valid_to) ORDER BY s.valid_from DESC), '[]')
            FROM welfare.status s WHERE s.person_id = p.id),
          'dropoutEpisodes', (
            SELECT coalesce(json_agg(json_build_object('schoolCode', e.school_code, 'startedOn', e.started_on, 'returnedOn', e.returned_on,
                                                       'referredToCounselling', e.referred_to_counselling, 'caseOpened', e.case_opened) ORDER BY e.started_on DESC), '[]')
            FROM education.dropout_episode e WHERE e.person_id = p.id),
          'laborReferrals', (
            SELECT coalesce(json_agg(json_build_object('caseNumber', l.case_number, 'kind', l.kind, 'mentalDisability', l.mental_disability,
                                                       'referredOn', l.referred_on, 'outcome', l.outcome, 'placedOn', l.placed_on) ORDER BY l.referred_on DESC), '[]')
            FROM labor.referral l WHERE l.person_id = p.id),
          'probationTransitions', (
            SELECT coalesce(json_agg(json_build_object('kind', t.kind, 'startedOn', t.started_on, 'releaseOn', t.release_on,
                                                       'meetingOn', t.meeting_on, 'invitedUnits', t.invited_units) ORDER BY t.started_on DESC), '[]')
            FROM probation.transition t WHERE t.person_id = p.id)
        )) ORDER BY m.start_date, m.id), '[]')
      FROM members m JOIN core.person p ON p.id = m.person_id),
    'cases', (
      SELECT coalesce(json_agg(json_build_object(
        'id', c.id, 'kind', c.kind, 'status', c.status, 'riskLevel', c.risk_level, 'openedOn', c.opened_on,
        'ownerUnit', json_build_object('code', u.code, 'nameZh', u.name_zh),
        'leadWorker', CASE WHEN w.id IS NULL THEN NULL ELSE json_build_object('id', w.id, 'name', w.name) END,
        'contactCount', (SELECT count(*) FROM core.service_contact sc WHERE sc.case_id = c.id),
        'contacts', (
          SELECT coalesce(json_agg(json_build_object('kind', sc.kind, 'contactedOn', sc.contacted_on, 'unit', json_build_object('code', sc.unit_code))
                                   ORDER BY sc.contacted_on DESC, sc.id DESC), '[]')
          FROM core.service_contact sc WHERE sc.case_id = c.id)
      ) ORDER BY c.opened_on DESC, c.id), '[]')
      FROM core."case" c
      JOIN core.network_unit u ON u.code = c.owner_unit_code
      LEFT JOIN core.worker w ON w.id = c.lead_worker_id
      WHERE c.family_id = f.id),
    'referrals', (
      SELECT coalesce(json_agg(json_build_object(
        'id', r.id, 'status', r.status, 'reason', r.reason, 'requestedAt', r.requested_at,
        'fromUnit', json_build_object('code', r.from_unit_code), 'toUnit', json_build_object('code', r.to_unit_code),
        'person', json_build_object('name', p.name)
      ) ORDER BY r.requested_at DESC, r.id), '[]')
      FROM core.referral r JOIN core.person p ON p.id = r.person_id
      WHERE r.family_id = f.id),
    'servingUnits', (
      SELECT coalesce(json_agg(json_build_object(
        'unit', json_build_object('code', u.code, 'name', u.name, 'nameZh', u.name_zh),
        'involvement', s.involvement,
        'caseKind', s.case_kind,
        'since', s.since,
        'leadWorker', CASE WHEN w.id IS NULL THEN NULL ELSE json_build_object('name', w.name) END,
        'organization', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('name', o.name) END,
        'person', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('name', p.name) END
      ) ORDER BY s.since, s.unit_code, coalesce(s.case_id, 0), coalesce(s.referral_id, 0)), '[]')
      FROM serving s
      JOIN core.network_unit u ON u.code = s.unit_code
      LEFT JOIN core.worker w ON w.id = s.lead_worker_id
      LEFT JOIN core.organization o ON o.id = s.organization_id
      LEFT JOIN core.person p ON p.id = s.person_id)
  )
  FROM core.family f WHERE f.id = $1
))::text AS data`;
