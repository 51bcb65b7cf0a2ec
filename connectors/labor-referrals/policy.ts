// Who reads labor referrals: the Labor Affairs Bureau always, units serving
// the family while they do, NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';
import { dayRangePolicy, indicatorPolicy } from '../../src/indicators/graphql-types.ts';
import { FRESHNESS_FIELDS } from '../kit/freshness.ts';

export const laborPolicy: PolicyTable = {
  ...indicatorPolicy(['key', 'laborIndicators']),
  ...dayRangePolicy(['key', 'laborIndicators']),
  Person: { id: ALLOW_ALL, personAccess: ALLOW_ALL, laborReferrals: { others: 'DENY', related: 'ALLOW', units: { LABOR: 'ALLOW', NGO: 'DENY' } } },
  LaborReferral: allowAll(['caseNumber', 'kind', 'mentalDisability', 'referredOn', 'outcome', 'placedOn', ...FRESHNESS_FIELDS]),
};
