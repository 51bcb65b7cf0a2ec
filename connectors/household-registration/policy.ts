// Who reads household registrations: the household registration offices
// (CIVIL_AFFAIRS) always, units serving the family while they do, no one
// else. The registration's and events' own fields are reached only through
// those fields.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';
import { FRESHNESS_FIELDS } from '../kit/freshness.ts';

export const householdPolicy: PolicyTable = {
  Person: {
    id: ALLOW_ALL,
    householdRegistration: { others: 'DENY', related: 'ALLOW', units: { CIVIL_AFFAIRS: 'ALLOW', NGO: 'DENY' } },
    householdEvents: { others: 'DENY', related: 'ALLOW', units: { CIVIL_AFFAIRS: 'ALLOW', NGO: 'DENY' } },
  },
  HouseholdRegistration: allowAll(['householdNumber', 'relationship', 'address', 'district', 'registeredOn', ...FRESHNESS_FIELDS]),
  HouseholdEvent: allowAll(['kind', 'kindLabelEn', 'kindLabelZh', 'occurredOn', 'householdNumber', 'district', ...FRESHNESS_FIELDS]),
};
