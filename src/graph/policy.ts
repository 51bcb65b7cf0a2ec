// Who may read which field of the core subgraph: the table agencies review
// (docs/access-policy.md is generated from it). A field missing here is
// denied to everyone. "related" means need-to-know (src/graph/need-to-know.ts
// says where it comes from) or owning the record (the unit's own case,
// referral, contact or intake); "deciding" is the little a unit sees while it
// decides on a referral it received.
import type { Role } from '../auth/claims.ts';
import { ALLOW_ALL, allowAll, type FieldRule, type PolicyTable } from '../policy/types.ts';

const CASEWORK_ROLES: readonly Role[] = ['CASEWORKER', 'SUPERVISOR', 'ADMIN'];
const WRITING_ROLES: readonly Role[] = ['CASEWORKER', 'SUPERVISOR'];

/** Person-level entry points: case work roles only; ANALYST and AUDITOR never read persons. */
const PERSON_LEVEL_ENTRY: FieldRule = { others: 'ALLOW', roles: CASEWORK_ROLES };
/** What a unit serving the family needs; nothing for anyone else. */
const SERVING: FieldRule = { others: 'DENY', related: 'ALLOW' };
/**
 * Serving units, but not contracted NGOs: an NGO receives its assigned case
 * (the `cases` list) and who else serves the family, not the family's other
 * cases, referrals or reports.
 */
const SERVING_NOT_NGO: FieldRule = { others: 'DENY', related: 'ALLOW', units: { NGO: 'DENY' } };
/** Reports of abuse: the protection centre (central intake) and units serving the family, NGOs excepted. */
const INTAKE: FieldRule = { others: 'DENY', related: 'ALLOW', units: { PROTECTION: 'ALLOW', NGO: 'DENY' } };
/** SDM risk levels are a social-work and protection instrument; other serving units do not need them. */
const RISK_LEVEL: FieldRule = {
  others: 'DENY',
  related: 'ALLOW',
  units: { HEALTH: 'DENY', EDUCATION: 'DENY', LABOR: 'DENY', POLICE: 'DENY', JUSTICE: 'DENY', CIVIL_AFFAIRS: 'DENY', INDIGENOUS: 'DENY' },
};
const WRITE: FieldRule = { others: 'ALLOW', roles: WRITING_ROLES };
/** Break-glass review: supervisors of the unit whose worker used it. */
const SUPERVISOR_ONLY: FieldRule = { others: 'ALLOW', roles: ['SUPERVISOR'] };
/** The deny-list (revocations): ADMINs only. */
const ADMIN_ONLY: FieldRule = { others: 'ALLOW', roles: ['ADMIN'] };
/** Returns and campaigns: a unit's caseworkers and supervisors, never NGOs (rows limited to the unit's own, or all for the secretariat, in the resolver). */
const RETURNS: FieldRule = { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES };
/** The secretariat's own actions: SOCIAL supervisors. */
const SECRETARIAT: FieldRule = { others: 'DENY', units: { SOCIAL: 'ALLOW' }, roles: ['SUPERVISOR'] };
/** What was said and decided at a meeting: case work roles of the participants (rows scoped at the entry points); reading it is audited. */
const MEETING_CONTENT: FieldRule = { others: 'ALLOW', roles: CASEWORK_ROLES };
/** The convening unit's acts on its meeting (checked in the resolver); not NGOs. */
const CONVENES: FieldRule = { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES };
/** The audit trail: auditors only. */
const AUDIT_ENTRY: FieldRule = { others: 'ALLOW', roles: ['AUDITOR'] };

function serving(fields: readonly string[]): Record<string, FieldRule> {
  return Object.fromEntries(fields.map((field) => [field, SERVING]));
}

export const corePolicy: PolicyTable = {
  Query: {
    networkUnits: ALLOW_ALL,
    districts: ALLOW_ALL,
    person: PERSON_LEVEL_ENTRY,
    family: PERSON_LEVEL_ENTRY,
    families: PERSON_LEVEL_ENTRY,
    case: PERSON_LEVEL_ENTRY,
    cases: PERSON_LEVEL_ENTRY,
    intakes: PERSON_LEVEL_ENTRY,
    referrals: PERSON_LEVEL_ENTRY,
    node: PERSON_LEVEL_ENTRY,
    nodes: PERSON_LEVEL_ENTRY,
    auditTrail: AUDIT_ENTRY,
    auditTrailCsv: AUDIT_ENTRY,
    // Rows are limited in the resolver to the connectors the caller's unit owns.
    quarantinedRecords: { others: 'ALLOW', roles: CASEWORK_ROLES },
    emergencyAccessReviews: SUPERVISOR_ONLY,
    indicatorReturns: RETURNS,
    campaigns: RETURNS,
    campaign: RETURNS,
    revocations: ADMIN_ONLY,
    // Rows are limited in the resolver to the connectors the caller's unit owns.
    identityReviews: { others: 'ALLOW', roles: CASEWORK_ROLES },
    // What a search returns is Person and Family objects: their fields follow the rules below.
    searchPersons: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
    searchFamilies: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
    // Rows limited in the resolvers to meetings the caller's unit (an NGO: its organisation) convened or was invited to.
    meetings: PERSON_LEVEL_ENTRY,
    meeting: PERSON_LEVEL_ENTRY,
    actionItems: PERSON_LEVEL_ENTRY,
    // The unit's own cases only (rows limited in the resolver); not NGOs.
    reReportsAwaitingNetworkMeeting: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
    // Worklists: the caller's unit's (worker's) own rows, chosen in the resolvers.
    intakeQueue: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
    myCases: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
    referralsAwaitingMe: PERSON_LEVEL_ENTRY,
    upcomingReleases: PERSON_LEVEL_ENTRY,
    // Rows are the caller's unit's (NGO: organisation's) own events, chosen in the resolver.
    notifications: PERSON_LEVEL_ENTRY,
    changesSince: PERSON_LEVEL_ENTRY,
    // The caller's unit's (organisation's) own webhooks.
    webhooks: SUPERVISOR_ONLY,
    webhookDeliveries: SUPERVISOR_ONLY,
    // Rows are the connectors the caller's unit owns (an ADMIN: all), chosen in the resolver; no person in them.
    syncStatus: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: CASEWORK_ROLES },
  },
  Mutation: {
    createReferral: WRITE,
    acceptReferral: WRITE,
    declineReferral: WRITE,
    closeReferral: WRITE,
    withdrawReferral: WRITE,
    recordServiceContact: WRITE,
    createIntake: WRITE,
    triageIntake: { others: 'DENY', units: { PROTECTION: 'ALLOW' }, roles: WRITING_ROLES },
    requestEmergencyAccess: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    reviewEmergencyAccess: SUPERVISOR_ONLY,
    revokeAccess: ADMIN_ONLY,
    liftRevocation: ADMIN_ONLY,
    // Only for indicators the caller's unit enters (checked in the resolver).
    submitIndicatorReturn: RETURNS,
    reviewIndicatorReturn: SECRETARIAT,
    createCampaign: SECRETARIAT,
    // Only for campaigns naming the caller's unit (checked in the resolver).
    submitCampaignReturn: RETURNS,
    // Only on an open case the caller's unit owns (checked in the resolver); not NGOs.
    setCaseRiskLevel: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Only an open case the caller's unit owns (checked in the resolver); not NGOs.
    closeCase: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Agenda families only those the convenor serves through its own grant (checked in the resolver).
    scheduleMeeting: CONVENES,
    // Only the unit that convened the meeting (checked in the resolver).
    inviteToMeeting: CONVENES,
    cancelMeeting: CONVENES,
    recordMeetingOutcome: CONVENES,
    // Only the item's owning unit or organisation (checked in the resolver).
    updateActionItem: WRITE,
    // Only an open case the caller's unit owns, and one of the unit's own workers (checked in the resolver); not NGOs.
    assignLeadWorker: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Only an open case the caller's unit owns, to another unit that is not NGO (checked in the resolver).
    transferCase: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Offering and ending: only on a case the caller's unit owns (checked in the resolver); not NGOs.
    createAssignment: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    endAssignment: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Accepting and handing back: only the organisation's own live assignments (checked in the resolver).
    acceptAssignment: { others: 'DENY', units: { NGO: 'ALLOW' }, roles: WRITING_ROLES },
    handBackAssignment: { others: 'DENY', units: { NGO: 'ALLOW' }, roles: WRITING_ROLES },
    // Only for records of the connectors the caller's unit owns (checked in the resolver).
    resolveIdentity: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Only for records of the connectors the caller's unit owns (checked in the resolver).
    unlinkRecord: { others: 'ALLOW', units: { NGO: 'DENY' }, roles: WRITING_ROLES },
    // Intake staff: central intake, social welfare and the household registry.
    registerFamily: { others: 'DENY', units: { PROTECTION: 'ALLOW', SOCIAL: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW' }, roles: WRITING_ROLES },
    // The same staff, into a family their unit serves (checked in the resolver).
    registerPerson: { others: 'DENY', units: { PROTECTION: 'ALLOW', SOCIAL: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW' }, roles: WRITING_ROLES },
    // Only the caller's unit's (organisation's) notifications (checked in the resolver).
    // Only referrals addressed to the caller's unit (organisation) (checked in the resolver).
    markReferralsRead: WRITE,
    markNotificationsRead: WRITE,
    registerWebhook: SUPERVISOR_ONLY,
    removeWebhook: SUPERVISOR_ONLY,
  },
  Person: {
    id: ALLOW_ALL,
    sex: ALLOW_ALL,
    district: ALLOW_ALL,
    addressWithheld: ALLOW_ALL,
    memberships: ALLOW_ALL,
    // A unit deciding on a referral it received learns whom it is about: name and birth date.
    name: { others: 'MASK', related: 'ALLOW', deciding: 'ALLOW', units: { PROTECTION: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW' }, mask: 'name' },
    nationalId: { others: 'DENY', related: 'MASK', units: { PROTECTION: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW', NGO: 'DENY' }, mask: 'nationalId' },
    nationalIdKind: { others: 'DENY', related: 'ALLOW', units: { PROTECTION: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW', NGO: 'DENY' } },
    birthDate: { others: 'MASK', related: 'ALLOW', deciding: 'ALLOW', units: { PROTECTION: 'ALLOW', CIVIL_AFFAIRS: 'ALLOW' }, mask: 'birthDate' },
    // Confidential addresses are withheld in the resolver for everyone but PROTECTION.
    address: { others: 'MASK', related: 'ALLOW', mask: 'address' },
    cases: SERVING_NOT_NGO,
    referrals: SERVING_NOT_NGO,
    // Only the gateway's plan asks for it (@inaccessible); it tells the caller no more than the fields it unlocks at an agency subgraph.
    personAccess: ALLOW_ALL,
  },
  Family: {
    id: ALLOW_ALL,
    district: ALLOW_ALL,
    members: ALLOW_ALL,
    address: { others: 'MASK', related: 'ALLOW', mask: 'address' },
    cases: SERVING_NOT_NGO,
    referrals: SERVING_NOT_NGO,
    servingUnits: SERVING,
    intakes: INTAKE,
  },
  FamilyMember: allowAll(['person', 'family', 'relationship', 'startDate', 'endDate', 'isCurrent']),
  Case: {
    id: ALLOW_ALL,
    riskLevel: RISK_LEVEL,
    riskHistory: RISK_LEVEL,
    ...serving([
      'kind', 'kindLabel', 'status', 'openedOn', 'closedOn', 'family', 'subject', 'ownerUnit', 'leadWorker',
      'organization', 'district', 'contacts', 'contactCount', 'assignments', 'intakes', 'closeReason', 'closedBy', 'leadWorkerHistory',
    ]),
    // Why a case moved between units is the units' business, not a contracted NGO's.
    transfers: SERVING_NOT_NGO,
  },
  Assignment: {
    id: ALLOW_ALL,
    ...serving(['organization', 'case', 'startDate', 'endDate', 'active', 'status', 'offeredBy', 'acceptedAt', 'acceptedBy', 'endedAt', 'endedBy', 'endReason']),
  },
  ServiceContact: {
    id: ALLOW_ALL,
    ...serving(['kind', 'kindLabel', 'contactedOn', 'unit', 'workerId', 'case', 'durationMinutes']),
    // The recording worker's account of the family: only the unit that recorded the contact (an NGO: its
    // organisation) reads it; other units serving the family see that the contact happened, not what was said.
    note: { others: 'DENY', owner: 'ALLOW' },
  },
  Referral: {
    id: ALLOW_ALL,
    ...serving([
      'status', 'reason', 'family', 'person', 'fromUnit', 'toUnit', 'requestedAt', 'requestedBy', 'respondedAt', 'respondedBy',
      'declineReason', 'closedAt', 'closedBy', 'closingNote', 'unread', 'toOrganization',
    ]),
  },
  Intake: {
    id: ALLOW_ALL,
    ...Object.fromEntries(
      ['kind', 'kindLabel', 'receivedAt', 'triagedAt', 'dispatchedAt', 'triagedWithin24Hours', 'triageDeadline', 'hoursLeft', 'dueWithin4Hours', 'dispatchedToUnit', 'reReport', 'family', 'subject', 'case'].map(
        (field) => [field, INTAKE],
      ),
    ),
  },
  // Reached only through Family.servingUnits, which carries the need-to-know rule;
  // an NGO learns who serves the family and since when, not what for or about whom.
  // Readable by the unit holding the grant (its worker and supervisors), no one else.
  EmergencyAccess: {
    id: ALLOW_ALL,
    ...serving(['family', 'unit', 'requestedBy', 'reason', 'grantedAt', 'expiresAt', 'active', 'reviewedAt', 'reviewedBy', 'reviewNote']),
  },
  EmergencyAccessPayload: allowAll(['ok', 'error', 'inputErrors', 'emergencyAccess']),
  // Reached only through the ADMIN entry points above; names workers, units and organisations, no person.
  Revocation: allowAll(['id', 'kind', 'value', 'reason', 'revokedBy', 'revokedAt', 'active', 'liftedAt', 'liftedBy', 'liftReason']),
  RevocationPayload: allowAll(['ok', 'error', 'inputErrors', 'revocation']),
  // Aggregate figures with the workers who entered and reviewed them; reached only through the entry points above, rows scoped there.
  IndicatorReturn: allowAll([
    'id', 'indicatorId', 'year', 'fromMonth', 'toMonth', 'periodLabel', 'district', 'line', 'unit', 'numerator', 'denominator', 'evidence',
    'enteredBy', 'enteredAt', 'status', 'reviewedBy', 'reviewedAt', 'reviewNote', 'current',
  ]),
  IndicatorReturnPayload: allowAll(['ok', 'error', 'inputErrors', 'indicatorReturn']),
  Campaign: allowAll(['id', 'name', 'fromDate', 'toDate', 'deadline', 'items', 'units', 'createdBy', 'returns', 'outstandingUnits', 'totals']),
  CampaignItem: allowAll(['key', 'label']),
  CampaignFigure: allowAll(['key', 'value']),
  CampaignReturn: allowAll(['id', 'unit', 'figures', 'note', 'submittedBy', 'submittedAt', 'late']),
  CampaignPayload: allowAll(['ok', 'error', 'inputErrors', 'campaign']),
  CampaignReturnPayload: allowAll(['ok', 'error', 'inputErrors', 'campaignReturn']),
  // Reached only through Case.riskHistory, which carries the risk-level rule.
  CaseRiskAssessment: allowAll(['level', 'previousLevel', 'reason', 'assessedBy', 'assessedAt']),
  SetCaseRiskLevelPayload: allowAll(['ok', 'error', 'inputErrors', 'case']),
  CloseCasePayload: allowAll(['ok', 'error', 'inputErrors', 'case']),
  // Reached only through the meeting entry points, which list only meetings the caller's unit convened or was invited to.
  Meeting: {
    ...allowAll(['id', 'kind', 'kindLabel', 'level', 'title', 'convenor', 'convenedBy', 'startsAt', 'place', 'district', 'accessUntil', 'status',
      'recordedBy', 'recordedAt', 'cancelledAt', 'invitations']),
    ...Object.fromEntries(['chair', 'minutes', 'cancelReason', 'agenda', 'decisions', 'actionItems'].map((field) => [field, MEETING_CONTENT])),
  },
  // The agenda's families and cases follow the Family and Case rules (an invitation gives a time-boxed need-to-know).
  MeetingAgendaItem: allowAll(['family', 'case']),
  MeetingInvitation: allowAll(['unit', 'organizationId', 'invitedAt', 'invitedBy', 'attended']),
  MeetingDecision: allowAll(['position', 'text']),
  ActionItem: {
    ...allowAll(['id', 'meeting', 'decisionPosition', 'ownerUnit', 'ownerOrganizationId', 'familyId', 'dueOn', 'status', 'updatedAt', 'updatedBy']),
    description: MEETING_CONTENT,
    statusNote: MEETING_CONTENT,
  },
  // Entries of the caller's unit's own cases; the case's fields follow the Case rules.
  CaseWorkItem: allowAll(['case', 'nextContactDue', 'lastContactOn', 'cursor']),
  CaseWorklist: allowAll(['totalCount', 'entries', 'hasNextPage']),
  // The person and family follow their own rules.
  UpcomingRelease: allowAll(['person', 'family', 'kind', 'releaseOn']),
  UpcomingReleases: allowAll(['totalCount', 'entries']),
  ReferralsMarkedRead: allowAll(['marked']),
  MarkReferralsReadPayload: allowAll(['ok', 'error', 'inputErrors', 'result']),
  QueryIntakeQueueConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryIntakeQueueConnectionEdge: allowAll(['cursor', 'node']),
  QueryReferralsAwaitingMeConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryReferralsAwaitingMeConnectionEdge: allowAll(['cursor', 'node']),
  NetworkMeetingWorkItem: allowAll(['case', 'lastReReportAt', 'reReports', 'cursor']),
  NetworkMeetingWorklist: allowAll(['totalCount', 'entries', 'hasNextPage']),
  MeetingPayload: allowAll(['ok', 'error', 'inputErrors', 'meeting']),
  ActionItemPayload: allowAll(['ok', 'error', 'inputErrors', 'actionItem']),
  QueryMeetingsConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryMeetingsConnectionEdge: allowAll(['cursor', 'node']),
  QueryActionItemsConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryActionItemsConnectionEdge: allowAll(['cursor', 'node']),
  AssignLeadWorkerPayload: allowAll(['ok', 'error', 'inputErrors', 'case']),
  TransferCasePayload: allowAll(['ok', 'error', 'inputErrors', 'case']),
  AssignmentPayload: allowAll(['ok', 'error', 'inputErrors', 'assignment']),
  // Reached only through Case.leadWorkerHistory and Case.transfers, which carry the need-to-know rule.
  CaseLeadWorkerChange: allowAll(['worker', 'previousWorker', 'changedBy', 'changedAt']),
  CaseTransfer: allowAll(['fromUnit', 'toUnit', 'reason', 'previousLeadWorker', 'transferredBy', 'transferredAt']),
  // Notifications carry ids and kinds only; reached only through the caller's own inbox and feed.
  Notification: allowAll(['id', 'kind', 'occurredAt', 'familyId', 'record', 'actorUnit', 'readAt']),
  NotificationRecord: allowAll(['type', 'id']),
  NotificationPage: allowAll(['notifications', 'totalCount', 'unreadCount', 'hasNextPage', 'endCursor']),
  ChangeFeed: allowAll(['changes', 'cursor', 'hasMore']),
  NotificationsRead: allowAll(['marked', 'unreadCount']),
  MarkNotificationsReadPayload: allowAll(['ok', 'error', 'inputErrors', 'result']),
  // The subscriber's own webhooks and deliveries (supervisors, through the entry points above).
  Webhook: allowAll(['id', 'url', 'unit', 'organizationId', 'createdBy', 'createdAt', 'removedAt']),
  WebhookRegistration: allowAll(['webhook', 'secret']),
  WebhookDelivery: allowAll(['id', 'webhookId', 'notificationId', 'status', 'attempts', 'lastStatus', 'lastError', 'createdAt', 'lastAttemptAt', 'deliveredAt', 'deadAt']),
  WebhookDeliveryPage: allowAll(['deliveries', 'totalCount', 'hasNextPage', 'endCursor']),
  RegisterWebhookPayload: allowAll(['ok', 'error', 'inputErrors', 'registration']),
  WebhookPayload: allowAll(['ok', 'error', 'inputErrors', 'webhook']),
  ServingUnit: {
    ...allowAll(['unit', 'involvement', 'leadWorker', 'organization', 'since']),
    caseKind: { others: 'ALLOW', units: { NGO: 'DENY' } },
    case: { others: 'ALLOW', units: { NGO: 'DENY' } },
    referral: { others: 'ALLOW', units: { NGO: 'DENY' } },
    person: { others: 'ALLOW', units: { NGO: 'DENY' } },
  },
  NetworkUnit: allowAll(['code', 'name', 'nameZh']),
  District: allowAll(['code', 'name', 'nameZh']),
  Organization: allowAll(['id', 'name', 'contractRegions', 'districts']),
  Worker: allowAll(['id', 'name', 'unit', 'organization']),
  Label: allowAll(['en', 'zh']),
  PageInfo: allowAll(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
  QueryFamiliesConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryFamiliesConnectionEdge: allowAll(['cursor', 'node']),
  QueryCasesConnection: allowAll(['edges', 'pageInfo', 'totalCount']),
  QueryCasesConnectionEdge: allowAll(['cursor', 'node']),
  QueryIntakesConnection: allowAll(['edges', 'pageInfo']),
  QueryIntakesConnectionEdge: allowAll(['cursor', 'node']),
  QueryReferralsConnection: allowAll(['edges', 'pageInfo']),
  QueryReferralsConnectionEdge: allowAll(['cursor', 'node']),
  ReferralPayload: allowAll(['ok', 'error', 'inputErrors', 'referral']),
  IntakePayload: allowAll(['ok', 'error', 'inputErrors', 'intake']),
  RecordServiceContactPayload: allowAll(['ok', 'error', 'inputErrors', 'serviceContact']),
  ConnectorSyncStatus: allowAll(['connector', 'everyMinutes', 'lastRun', 'lastSucceededAt', 'nextRunAt', 'stale', 'quarantined', 'publications']),
  // Core's publications into a connector's own database: counts, times and an error without addresses, shown with the connector's syncStatus.
  PublicationStatus: allowAll(['kind', 'lastAttempt', 'lastSucceededAt', 'nextRunAt']),
  PublicationAttempt: allowAll(['attempt', 'outcome', 'startedAt', 'finishedAt', 'durationMs', 'persons', 'written', 'removed', 'mode', 'revocations', 'error']),
  SyncRun: allowAll(['trigger', 'attempt', 'outcome', 'startedAt', 'finishedAt', 'durationMs', 'read', 'inserted', 'updated', 'stored', 'quarantined', 'cursor', 'error']),
  QuarantinedRecord: allowAll(['connector', 'sourceKey', 'reason', 'raw', 'firstSeenAt', 'lastSeenAt']),
  // Listed only to the unit owning the connector (identityReviews); candidates' Person fields follow the Person rules.
  IdentityReview: allowAll(['connector', 'sourceKey', 'outcome', 'reason', 'record', 'candidates', 'heldSince']),
  IdentityRecordIdentifiers: allowAll(['nationalId', 'name', 'birthDate', 'householdNumber']),
  IdentityCandidate: allowAll(['person', 'score', 'notes']),
  IdentityDecision: allowAll(['connector', 'sourceKey', 'decision', 'person', 'reason', 'decidedAt']),
  IdentityResolution: allowAll(['decisions']),
  IdentityResolutionPayload: allowAll(['ok', 'error', 'inputErrors', 'resolution']),
  UnlinkRecordPayload: allowAll(['ok', 'error', 'inputErrors', 'rejection']),
  PersonSearchResult: allowAll(['persons', 'truncated']),
  RegistrationPayload: allowAll(['ok', 'error', 'inputErrors', 'family', 'persons', 'duplicates']),
  RegistrationError: allowAll(['code', 'message']),
  RegistrationInputError: allowAll(['field', 'reason']),
  PossibleDuplicate: allowAll(['member', 'candidate']),
  FamilySearchResult: allowAll(['families', 'truncated']),
  AuditEntry: allowAll(['at', 'sub', 'unit', 'org', 'purpose', 'operation', 'kind', 'returnedFields', 'maskedFields', 'deniedFields', 'records', 'breakGlass', 'hash']),
  MutationError: allowAll(['code', 'message']),
  InputError: allowAll(['field', 'reason']),
};
