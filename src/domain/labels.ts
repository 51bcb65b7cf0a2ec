// English and Chinese labels of the hub's code tables, as users read them.
// Kept as data so GraphQL enum descriptions and UI labels share one source.
export interface Label {
  en: string;
  zh: string;
}

export const CASE_KIND_LABELS = {
  VULNERABLE_FAMILY: { en: 'Vulnerable family', zh: '脆弱家庭' },
  CHILD_PROTECTION: { en: 'Child & youth protection', zh: '兒少保護' },
  ADULT_PROTECTION: { en: 'Adult protection / domestic violence', zh: '成人保護/家暴' },
  SEXUAL_ASSAULT: { en: 'Sexual assault', zh: '性侵害' },
  MENTAL_HEALTH: { en: 'Mental-health case', zh: '精神個案' },
  SUICIDE: { en: 'Suicide case', zh: '自殺個案' },
  MENTAL_HEALTH_SUICIDE: { en: 'Mental health + suicide, multi-issue', zh: '精神疾病與自殺防治合併多重議題' },
  DRUG_ADDICTION: { en: 'Drug-addiction case', zh: '藥癮個案' },
  AT_RISK_YOUTH: { en: 'At-risk youth', zh: '曝險少年' },
  DV_OFFENDER_TREATMENT: { en: 'Domestic-violence offender under treatment', zh: '家暴加害人處遇' },
  SEX_OFFENDER_TREATMENT: { en: 'Sexual offender under treatment', zh: '性侵害加害人處遇' },
  FAMILY_MEDIATION: { en: 'Family mediation', zh: '家事商談' },
  EARLY_INTERVENTION: { en: 'Early-intervention child', zh: '發展遲緩兒童' },
  DISABILITY_NEEDS_ASSESSMENT: { en: 'Disability needs assessment', zh: '身心障礙需求評估' },
} as const satisfies Record<string, Label>;

export const CONTACT_KIND_LABELS = {
  PHONE: { en: 'Phone', zh: '電訪' },
  VISIT: { en: 'Home or face-to-face visit', zh: '面訪' },
  ACCOMPANIMENT: { en: 'Accompaniment', zh: '陪同服務' },
  NETWORK_CONTACT: { en: 'Network contact', zh: '網絡聯繫' },
  FAMILY_CALL: { en: 'Call from the family', zh: '案家來電' },
  OTHER: { en: 'Other', zh: '其他' },
} as const satisfies Record<string, Label>;

export const RISK_LEVEL_LABELS = {
  LOW: { en: 'Low', zh: '低' },
  MODERATE: { en: 'Moderate', zh: '中' },
  HIGH: { en: 'High', zh: '高' },
  VERY_HIGH: { en: 'Very high', zh: '極高' },
} as const satisfies Record<string, Label>;

export const RELATIONSHIP_LABELS = {
  HEAD: { en: 'Head of household', zh: '戶長' },
  SPOUSE: { en: 'Spouse', zh: '配偶' },
  CHILD: { en: 'Child', zh: '子女' },
  CHILD_IN_LAW: { en: 'Child-in-law', zh: '媳婿' },
  GRANDCHILD: { en: 'Grandchild', zh: '孫子女' },
  PARENT: { en: 'Parent', zh: '父母' },
  PARENT_IN_LAW: { en: 'Parent-in-law', zh: '配偶之父母' },
  GRANDPARENT: { en: 'Grandparent', zh: '祖父母' },
  SIBLING: { en: 'Sibling', zh: '兄弟姊妹' },
  OTHER_RELATIVE: { en: 'Other relative', zh: '其他親屬' },
  NON_RELATIVE: { en: 'Non-relative', zh: '非親屬' },
} as const satisfies Record<string, Label>;

export const REFERRAL_STATUS_LABELS = {
  PENDING: { en: 'Pending: waiting for the receiving unit', zh: '待回覆' },
  ACCEPTED: { en: 'Accepted by the receiving unit', zh: '已接案' },
  DECLINED: { en: 'Declined by the receiving unit, with a reason', zh: '不予接案' },
  CLOSED: { en: 'Closed', zh: '已結案' },
} as const satisfies Record<string, Label>;
