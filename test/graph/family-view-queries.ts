// The family view as partner agencies ask for it; shared by several tests.
export const FAMILY_VIEW_FIELDS = `
  id
  address
  district { code nameZh }
  members { relationship startDate isCurrent person { id name sex birthDate nationalId address district { code } } }
  cases {
    id kind kindLabel { en zh } status riskLevel openedOn
    ownerUnit { code } leadWorker { id name } contactCount
    contacts { kind contactedOn unit { code } }
    assignments { active organization { name } }
  }
  referrals { id status reason fromUnit { code } toUnit { code } person { name } }
  servingUnits { unit { code } involvement caseKind since leadWorker { name } person { name } organization { name } }
`;

export const FAMILIES_PAGE = `
  query FamiliesPage($first: Int!) {
    families(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${FAMILY_VIEW_FIELDS} } }
    }
  }
`;
