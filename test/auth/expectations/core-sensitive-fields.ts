// Hand-written expectations for the sensitive core fields, written from what
// each unit's work needs, independently of src/graph/policy.ts: if the two
// disagree, one of them is wrong and a person reviews which.
//   plain   the value as stored       masked  its masked form
//   denied  null + FORBIDDEN          hidden  the family reads as not found
export type Outcome = 'plain' | 'masked' | 'denied';
export type FieldOutcomes = Record<SensitiveField, Outcome>;

export const SENSITIVE_FIELDS = [
  'person.name', 'person.nationalId', 'person.birthDate', 'person.address',
  'family.address', 'family.cases', 'family.referrals', 'family.servingUnits', 'family.intakes',
] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

const serving: FieldOutcomes = {
  'person.name': 'plain', 'person.nationalId': 'masked', 'person.birthDate': 'plain', 'person.address': 'plain',
  'family.address': 'plain', 'family.cases': 'plain', 'family.referrals': 'plain', 'family.servingUnits': 'plain', 'family.intakes': 'plain',
};
const stranger: FieldOutcomes = {
  'person.name': 'masked', 'person.nationalId': 'denied', 'person.birthDate': 'masked', 'person.address': 'masked',
  'family.address': 'masked', 'family.cases': 'denied', 'family.referrals': 'denied', 'family.servingUnits': 'denied', 'family.intakes': 'denied',
};
/** A unit deciding on a pending referral it received learns whom it is about, nothing else. */
const deciding: FieldOutcomes = { ...stranger, 'person.name': 'plain', 'person.birthDate': 'plain' };
/** Central intake and household registration identify people as their core work. */
const identifying = { 'person.name': 'plain', 'person.nationalId': 'plain', 'person.birthDate': 'plain' } as const;

export interface Expectation {
  /** The family every unit serves. */
  served: FieldOutcomes | 'hidden' | 'root-denied';
  /** A family nobody serves. */
  unserved: FieldOutcomes | 'hidden' | 'root-denied';
}

export const EXPECTATIONS: Record<string, Expectation> = {
  'SOCIAL caseworker': { served: serving, unserved: stranger },
  'SOCIAL supervisor': { served: serving, unserved: stranger },
  'HEALTH caseworker': { served: serving, unserved: stranger },
  'POLICE caseworker': { served: serving, unserved: stranger },
  'EDUCATION caseworker': { served: serving, unserved: stranger },
  'LABOR caseworker': { served: serving, unserved: stranger },
  'JUSTICE caseworker': { served: serving, unserved: stranger },
  'INDIGENOUS caseworker': { served: deciding, unserved: stranger },
  'PROTECTION caseworker': {
    served: { ...serving, ...identifying },
    unserved: { ...stranger, ...identifying, 'family.intakes': 'plain' },
  },
  'CIVIL_AFFAIRS caseworker': {
    served: { ...deciding, ...identifying },
    unserved: { ...stranger, ...identifying },
  },
  'NGO caseworker (assigned)': {
    served: { ...serving, 'person.nationalId': 'denied', 'family.cases': 'denied', 'family.referrals': 'denied', 'family.intakes': 'denied' },
    unserved: 'hidden',
  },
  'SOCIAL analyst': { served: 'root-denied', unserved: 'root-denied' },
  'SOCIAL auditor': { served: 'root-denied', unserved: 'root-denied' },
};
