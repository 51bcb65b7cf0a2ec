// Who reads household registrations: the household registration offices
// (CIVIL_AFFAIRS) always, units serving the family while they do, no one
// else. The registration's own fields are reached only through that field.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';

export const householdPolicy: PolicyTable = {
  Person: {
    id: ALLOW_ALL,
    householdRegistration: { others: 'DENY', related: 'ALLOW', units: { CIVIL_AFFAIRS: 'ALLOW', NGO: 'DENY' } },
  },
  HouseholdRegistration: allowAll(['householdNumber', 'relationship', 'address', 'district', 'registeredOn', 'syncedAt', 'source', 'stale']),
};
