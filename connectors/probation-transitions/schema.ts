// The probation-transitions subgraph: deferred prosecutions with drug
// treatment and release transitions added to Person. It reads no core table,
// so it can run on a database of its own (issue 16): who the caller may see
// comes from core with the entity (asserted-person.ts), persons for linking
// from the published index.
import { prisma } from '../../src/db/prisma.ts';
import type { ProbationTransition } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { freshnessFields } from '../kit/freshness.ts';
import { extendIndicatorReport } from '../kit/indicators.ts';
import { assertedPersonRowRelations, PERSON_ACCESS_FIELD, resolveAssertedPerson, type AssertedPerson } from '../kit/asserted-person.ts';
import { createSubgraphBuilder, personRowsLoader } from '../kit/subgraph-builder.ts';
import { releaseTransitionCohort } from './indicators.ts';
import { transitionPolicy } from './policy.ts';
import { CONNECTOR } from './sync.ts';
import { CONNECTOR_CADENCES } from '../cadences.ts';

const FRESHNESS = { connector: CONNECTOR, source: 'District Prosecutors Office transition register (地方檢察署)', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };

const builder = createSubgraphBuilder();
builder.queryType({ description: 'No entry points of its own: this subgraph adds probation transitions to Person.' });

const KindEnum = builder.enumType('TransitionKind', {
  description: 'Kind of justice transition.',
  values: {
    DEFERRED_PROSECUTION_DRUG_TREATMENT: { description: 'Deferred prosecution with drug treatment (緩起訴附命戒癮治療)' },
    PRISON_RELEASE: { description: 'Release from prison (出監轉銜)' },
    HOSPITAL_RELEASE: { description: 'Release from a forensic or treatment hospital (出院轉銜)' },
  },
});

const TransitionRef = builder.objectRef<ProbationTransition>('ProbationTransition').implement({
  description: 'A deferred prosecution with drug treatment, or a prison or hospital release transition, with its transition meeting.',
  fields: (t) => ({
    kind: t.field({ type: KindEnum, nullable: true, description: 'Kind of transition.', resolve: (r) => r.kind }),
    startedOn: t.field({ type: 'Date', nullable: true, description: 'Start of the measure or of the transition.', resolve: (r) => r.startedOn }),
    releaseOn: t.field({ type: 'Date', nullable: true, description: 'Release date, for release transitions.', resolve: (r) => r.releaseOn }),
    meetingOn: t.field({ type: 'Date', nullable: true, description: 'Date of the transition meeting (轉銜會議).', resolve: (r) => r.meetingOn }),
    invitedUnits: t.stringList({ nullable: true, description: 'Units invited to the transition meeting.', resolve: (r) => r.invitedUnits }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

function transitionsOf(ctx: HubContext) {
  return personRowsLoader(ctx, 'probation.transition', (ids) =>
    prisma().probationTransition.findMany({ where: { personId: { in: ids } }, orderBy: { startedOn: 'desc' } }),
  );
}

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), (representation, ctx) =>
  resolveAssertedPerson(representation as { id: string; personAccess?: unknown }, ctx),
);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the prosecutors know.',
  externalFields: (t) => ({
    id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }),
    [PERSON_ACCESS_FIELD]: t.string({ nullable: true, description: 'Core’s signed word on what the caller may know of the person (src/auth/person-access.ts).' }),
  }),
  fields: (t) => ({
    probationTransitions: t.field({
      type: [TransitionRef],
      nullable: true,
      description: 'Deferred prosecutions and release transitions of the person, newest first.',
      requires: builder.selection<{ personAccess: string | null }>(PERSON_ACCESS_FIELD),
      resolve: (person, _args, ctx) => transitionsOf(ctx).load((person as unknown as AssertedPerson).rowId),
    }),
  }),
});

extendIndicatorReport(builder, {
  subgraph: CONNECTOR,
  publishesCohort: { field: 'releaseTransitionCohort', description: 'Sealed: persons released from prison or hospital in the report’s year, for cross-agency indicators.', members: releaseTransitionCohort },
});

export const transitionSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external', '@shareable', '@inaccessible', '@requires'] }),
  transitionPolicy,
  assertedPersonRowRelations,
);
