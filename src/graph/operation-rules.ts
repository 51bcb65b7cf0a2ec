// Function-level rules of the core subgraph (graphql-shield): who may call
// each entry point at all. Field access is the policy table's (policy.ts);
// which records a caller reaches is the row scope's, applied inside each
// resolver, so a record out of scope answers as not found.
import {
  and,
  atMostIds,
  caseWrite,
  federationRules,
  hasPurpose,
  isAuditor,
  isCaseworkerOf,
  isSupervisor,
  MAX_NODE_IDS,
  notNgo,
  personLevelRead,
  purposeIs,
  readsPersons,
  allow,
  type OperationRules,
} from '../policy/operation-rules.ts';
import type { GraphQLSchema } from 'graphql';
import { rule } from 'graphql-shield';
import type { Role } from '../auth/claims.ts';
import { entersReturns as entersReturnsFor, isSecretariat } from '../indicators/returns/secretariat.ts';

/** Registration at the front door: intake staff of central intake, social welfare and the household registry. */
const registersPersons = rule('registersPersons', { cache: 'contextual' })((_parent, _args, ctx: { viewer: { unit: string } }) => ['PROTECTION', 'SOCIAL', 'CIVIL_AFFAIRS'].includes(ctx.viewer.unit));

/** Returns and campaign forms: a unit's caseworkers and supervisors, never an NGO; no purpose (they carry no person). */
const entersReturns = rule('entersReturns', { cache: 'contextual' })((_parent, _args, ctx: { viewer: { unit: string; roles: readonly Role[] } }) => entersReturnsFor(ctx.viewer));
/** The secretariat of the coordination meeting: SOCIAL supervisors. */
const isSecretariatRule = rule('isSecretariat', { cache: 'contextual' })((_parent, _args, ctx: { viewer: { unit: string; roles: readonly Role[] } }) => isSecretariat(ctx.viewer));

/** The deny-list (revocations): ADMINs only, whatever their unit. */
const isAdmin = rule('isAdmin', { cache: 'contextual' })((_parent, _args, ctx: { viewer: { roles: readonly Role[] } }) => ctx.viewer.roles.includes('ADMIN'));

export function coreOperationRules(schema: GraphQLSchema): OperationRules {
  return {
    Query: {
      ...federationRules(schema),
      networkUnits: allow,
      districts: allow,
      person: personLevelRead,
      family: personLevelRead,
      families: personLevelRead,
      case: personLevelRead,
      cases: personLevelRead,
      intakes: personLevelRead,
      referrals: personLevelRead,
      node: personLevelRead,
      nodes: and(personLevelRead, atMostIds(MAX_NODE_IDS)),
      quarantinedRecords: personLevelRead,
      auditTrail: and(isAuditor, purposeIs('AUDIT', 'reading the audit trail')),
      auditTrailCsv: and(isAuditor, purposeIs('AUDIT', 'reading the audit trail')),
      emergencyAccessReviews: and(isSupervisor, hasPurpose),
      revocations: isAdmin,
      identityReviews: and(personLevelRead, notNgo),
      searchPersons: and(personLevelRead, notNgo),
      searchFamilies: and(personLevelRead, notNgo),
      indicatorReturns: entersReturns,
      campaigns: entersReturns,
      campaign: entersReturns,
      // Rows limited in the resolvers to meetings the caller's unit (an NGO: its organisation) convened or was invited to.
      meetings: personLevelRead,
      meeting: personLevelRead,
      actionItems: personLevelRead,
      reReportsAwaitingNetworkMeeting: and(personLevelRead, notNgo),
      // Worklists: rows limited in the resolvers to the caller's unit (an NGO: its organisation) and worker.
      intakeQueue: and(personLevelRead, notNgo),
      myCases: and(personLevelRead, notNgo),
      referralsAwaitingMe: personLevelRead,
      upcomingReleases: personLevelRead,
      // Ids and kinds of the caller's own unit's (organisation's) events: case work roles with a purpose.
      notifications: personLevelRead,
      changesSince: personLevelRead,
      webhooks: and(isSupervisor, hasPurpose),
      webhookDeliveries: and(isSupervisor, hasPurpose),
      // Operations data, no person: case-work roles (ADMIN included) of any unit but an NGO; rows chosen in the resolver.
      syncStatus: and(readsPersons, notNgo),
    },
    Mutation: {
      createReferral: caseWrite,
      acceptReferral: caseWrite,
      declineReferral: caseWrite,
      closeReferral: caseWrite,
      withdrawReferral: caseWrite,
      recordServiceContact: caseWrite,
      createIntake: caseWrite,
      triageIntake: and(caseWrite, isCaseworkerOf('PROTECTION')),
      requestEmergencyAccess: and(caseWrite, notNgo),
      reviewEmergencyAccess: and(isSupervisor, hasPurpose),
      revokeAccess: isAdmin,
      liftRevocation: isAdmin,
      resolveIdentity: and(caseWrite, notNgo),
      unlinkRecord: and(caseWrite, notNgo),
      registerFamily: and(caseWrite, registersPersons),
      registerPerson: and(caseWrite, registersPersons),
      submitIndicatorReturn: entersReturns,
      reviewIndicatorReturn: isSecretariatRule,
      createCampaign: isSecretariatRule,
      submitCampaignReturn: entersReturns,
      setCaseRiskLevel: and(caseWrite, notNgo),
      closeCase: and(caseWrite, notNgo),
      scheduleMeeting: and(caseWrite, notNgo),
      inviteToMeeting: and(caseWrite, notNgo),
      cancelMeeting: and(caseWrite, notNgo),
      recordMeetingOutcome: and(caseWrite, notNgo),
      // NGOs report on the items their organisation owns.
      updateActionItem: caseWrite,
      assignLeadWorker: and(caseWrite, notNgo),
      transferCase: and(caseWrite, notNgo),
      createAssignment: and(caseWrite, notNgo),
      endAssignment: and(caseWrite, notNgo),
      acceptAssignment: and(caseWrite, isCaseworkerOf('NGO')),
      handBackAssignment: and(caseWrite, isCaseworkerOf('NGO')),
      markNotificationsRead: caseWrite,
      markReferralsRead: caseWrite,
      registerWebhook: and(isSupervisor, hasPurpose),
      removeWebhook: and(isSupervisor, hasPurpose),
    },
  };
}
