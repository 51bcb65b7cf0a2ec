// Who reads release transitions: the prosecutors (JUSTICE) always, units
// serving the family while they do, NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';
import { AGGREGATE_RULE, indicatorPolicy } from '../../src/indicators/graphql-types.ts';
import { FRESHNESS_FIELDS } from '../kit/freshness.ts';

export const transitionPolicy: PolicyTable = {
  Person: { id: ALLOW_ALL, personAccess: ALLOW_ALL, probationTransitions: { others: 'DENY', related: 'ALLOW', units: { JUSTICE: 'ALLOW', NGO: 'DENY' } } },
  ProbationTransition: allowAll(['kind', 'startedOn', 'releaseOn', 'meetingOn', 'invitedUnits', ...FRESHNESS_FIELDS]),
  // The cohort is sealed for the hub's subgraphs: a caller who reads it gets ciphertext.
  ...indicatorPolicy(['key', 'releaseTransitionCohort']),
  DayRangeIndicatorReport: { key: AGGREGATE_RULE, releaseTransitionCohort: AGGREGATE_RULE },
};
