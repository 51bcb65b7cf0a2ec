// The closed lists a token's claims and a request's purpose must come from.
export const ROLES = ['CASEWORKER', 'SUPERVISOR', 'ANALYST', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Declared purposes of use; a person-level query must name one. */
export const PURPOSES = ['CASE_WORK', 'REFERRAL', 'CASE_CONFERENCE', 'INTAKE_TRIAGE', 'AUDIT', 'SUPERVISION'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_HEADER = 'x-purpose-of-use';
