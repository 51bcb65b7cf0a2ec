// Entry point of the core subgraph: imports every type module, then builds.
import { enforcePolicy } from '../policy/enforce.ts';
import { builder } from './builder.ts';
import { corePolicy } from './policy.ts';
import { coreRowRelations } from './row-relations.ts';
import './scalars.ts';
import './types/enums.ts';
import './types/reference.ts';
import './types/person.ts';
import './types/family.ts';
import './types/case.ts';
import './types/service-contact.ts';
import './types/intake.ts';
import './types/referral.ts';
import './types/audit.ts';
import './types/emergency-access.ts';
import './types/quarantine.ts';
import './types/revocation.ts';
import './types/identity-review.ts';
import './types/search.ts';
import './types/registration.ts';
import './types/register-person.ts';
import './types/unlink-record.ts';
import './types/indicator-return.ts';
import './types/campaign.ts';
import './types/case-risk.ts';
import './types/close-case.ts';
import './types/meeting.ts';
import './types/meeting-mutations.ts';
import './types/meeting-outcome.ts';
import './types/network-meeting-worklist.ts';
import './types/worklists/intake-queue.ts';
import './types/worklists/my-cases.ts';
import './types/worklists/referral-inbox.ts';
import './types/worklists/upcoming-releases.ts';
import './types/lead-worker.ts';
import './types/transfer-case.ts';
import './types/assignment.ts';
import './types/notification.ts';
import './types/webhook.ts';
import './types/sync-status.ts';

builder.queryType({ description: 'Reads of the core subgraph: the family-centric graph.' });
builder.mutationType({ description: 'Changes to cases, intakes, contacts and referrals; each runs as one transaction.' });

/** The core subgraph without authorization: only for measuring what authorization costs. */
export function buildUnguardedCoreSchema() {
  return builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    federationDirectives: ['@key', '@shareable', '@inaccessible'],
  });
}

export const coreSchema = enforcePolicy(buildUnguardedCoreSchema(), corePolicy, coreRowRelations);
