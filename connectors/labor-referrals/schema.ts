// The labor-referrals subgraph: employment referrals and vocational
// rehabilitation added to Person.
import { prisma } from '../../src/db/prisma.ts';
import type { LaborReferral } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { freshnessFields } from '../kit/freshness.ts';
import { extendIndicatorReport } from '../kit/indicators.ts';
import { assertedPersonRowRelations, PERSON_ACCESS_FIELD, resolveAssertedPerson, type AssertedPerson } from '../kit/asserted-person.ts';
import { createSubgraphBuilder, personRowsLoader } from '../kit/subgraph-builder.ts';
import { laborPolicy } from './policy.ts';
import { laborDayCounts, laborIndicatorCounts } from './indicators.ts';
import { CONNECTOR } from './sync.ts';
import { CONNECTOR_CADENCES } from '../cadences.ts';

/** The bureau's API serves changes as they happen; the hub syncs daily. */
const FRESHNESS = { connector: CONNECTOR, source: 'Labor Affairs Bureau referral API (勞工局)', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };

const builder = createSubgraphBuilder();
builder.queryType({ description: 'No entry points of its own: this subgraph adds labor referrals to Person.' });

const KindEnum = builder.enumType('LaborServiceKind', {
  description: 'Kind of labor service.',
  values: {
    EMPLOYMENT_REFERRAL: { description: 'Employment-service referral (就業轉介)' },
    VOCATIONAL_REHABILITATION: { description: 'Vocational rehabilitation (職業重建)' },
  },
});

const OutcomeEnum = builder.enumType('LaborOutcome', {
  description: 'Where the referral stands.',
  values: {
    IN_PROGRESS: { description: 'In service (服務中)' },
    TRAINING: { description: 'In job-readiness training (職前訓練)' },
    PLACED: { description: 'Placed in employment (推介就業)' },
    CLOSED_WITHOUT_PLACEMENT: { description: 'Closed without placement (結案未就業)' },
  },
});

const ReferralRef = builder.objectRef<LaborReferral>('LaborReferral').implement({
  description: 'An employment-service referral or vocational rehabilitation case at the Labor Affairs Bureau, and its outcome.',
  fields: (t) => ({
    caseNumber: t.exposeString('caseNumber', { nullable: true, description: 'Case number at the Labor Affairs Bureau.' }),
    kind: t.field({ type: KindEnum, nullable: true, description: 'Kind of service.', resolve: (r) => r.kind }),
    mentalDisability: t.exposeBoolean('mentalDisability', { nullable: true, description: 'Vocational rehabilitation for a person with a mental disability.' }),
    referredOn: t.field({ type: 'Date', nullable: true, description: 'Date of referral.', resolve: (r) => r.referredOn }),
    outcome: t.field({ type: OutcomeEnum, nullable: true, description: 'Outcome so far.', resolve: (r) => r.outcome }),
    placedOn: t.field({ type: 'Date', nullable: true, description: 'Date of placement, when placed.', resolve: (r) => r.placedOn }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

function referralsOf(ctx: HubContext) {
  return personRowsLoader(ctx, 'labor.referral', (ids) => prisma().laborReferral.findMany({ where: { personId: { in: ids } }, orderBy: { referredOn: 'desc' } }));
}

// Who the caller may see comes from core with the entity (asserted-person.ts): this subgraph reads no core table and can run on a database of its own.
const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), (representation, ctx) =>
  resolveAssertedPerson(representation as { id: string; personAccess?: unknown }, ctx),
);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the Labor Affairs Bureau knows.',
  externalFields: (t) => ({
    id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }),
    [PERSON_ACCESS_FIELD]: t.string({ nullable: true, description: 'Core’s signed word on what the caller may know of the person (src/auth/person-access.ts).' }),
  }),
  fields: (t) => ({
    laborReferrals: t.field({
      type: [ReferralRef],
      nullable: true,
      description: 'Employment referrals and vocational rehabilitation of the person, newest first.',
      requires: builder.selection<{ personAccess: string | null }>(PERSON_ACCESS_FIELD),
      resolve: (person, _args, ctx) => referralsOf(ctx).load((person as unknown as AssertedPerson).rowId),
    }),
  }),
});

extendIndicatorReport(builder, {
  subgraph: CONNECTOR,
  indicators: { field: 'laborIndicators', owner: CONNECTOR, description: 'Labor indicators from the referral records: vocational rehabilitation employment of persons with a mental disability.', counts: laborIndicatorCounts, dayCounts: laborDayCounts },
});

export const laborSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external', '@shareable', '@requires'] }),
  laborPolicy,
  assertedPersonRowRelations,
);
