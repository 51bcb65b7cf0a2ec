/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** One item's figure. */
export type CampaignFigureInput = {
  /** Key of the item. */
  key: string;
  /** The figure: a whole number, 0 or more. */
  value: number;
};

/** An item of a campaign's form. */
export type CampaignItemInput = {
  /** Key: A–Z, 0–9 and _, starting with a letter. */
  key: string;
  /** What the units count (1–200 characters). */
  label: string;
};

/** Kind of case named in the Strengthening Social Safety Net plan. */
export type CaseKind =
  /** Adult protection / domestic violence (成人保護/家暴) */
  | 'ADULT_PROTECTION'
  /** At-risk youth (曝險少年) */
  | 'AT_RISK_YOUTH'
  /** Child & youth protection (兒少保護) */
  | 'CHILD_PROTECTION'
  /** Disability needs assessment (身心障礙需求評估) */
  | 'DISABILITY_NEEDS_ASSESSMENT'
  /** Drug-addiction case (藥癮個案) */
  | 'DRUG_ADDICTION'
  /** Domestic-violence offender under treatment (家暴加害人處遇) */
  | 'DV_OFFENDER_TREATMENT'
  /** Early-intervention child (發展遲緩兒童) */
  | 'EARLY_INTERVENTION'
  /** Family mediation (家事商談) */
  | 'FAMILY_MEDIATION'
  /** Mental-health case (精神個案) */
  | 'MENTAL_HEALTH'
  /** Mental health + suicide, multi-issue (精神疾病與自殺防治合併多重議題) */
  | 'MENTAL_HEALTH_SUICIDE'
  /** Sexual assault (性侵害) */
  | 'SEXUAL_ASSAULT'
  /** Sexual offender under treatment (性侵害加害人處遇) */
  | 'SEX_OFFENDER_TREATMENT'
  /** Suicide case (自殺個案) */
  | 'SUICIDE'
  /** Vulnerable family (脆弱家庭) */
  | 'VULNERABLE_FAMILY';

/** Whether a case is being served. */
export type CaseStatus =
  /** Closed (結案) */
  | 'CLOSED'
  /** In service (服務中) */
  | 'OPEN';

/** Kind of service contact, as the city counts them. */
export type ContactKind =
  /** Accompaniment (陪同服務) */
  | 'ACCOMPANIMENT'
  /** Call from the family (案家來電) */
  | 'FAMILY_CALL'
  /** Network contact (網絡聯繫) */
  | 'NETWORK_CONTACT'
  /** Other (其他) */
  | 'OTHER'
  /** Phone (電訪) */
  | 'PHONE'
  /** Home or face-to-face visit (面訪) */
  | 'VISIT';

/** A campaign the secretariat sets up. */
export type CreateCampaignInput = {
  /** Day by which every unit returns its form. */
  deadline: string;
  /** First day. */
  fromDate: string;
  /** The form's items. */
  items: Array<CampaignItemInput>;
  /** Name (1–200 characters). */
  name: string;
  /** Last day, inclusive. */
  toDate: string;
  /** Unit codes that must return the form. */
  units: Array<string>;
};

/** A referral from the calling worker's unit to another unit. */
export type CreateReferralInput = {
  /** Global ID of the family; defaults to the person's current family. */
  familyId?: string | number | null | undefined;
  /** Global ID of the person referred. */
  personId: string | number;
  /** Why the unit refers (1–2000 characters). */
  reason: string;
  /** Global ID of the organisation addressed: required when toUnit is NGO, refused otherwise. */
  toOrganizationId?: string | number | null | undefined;
  /** Receiving unit; not the sending unit. */
  toUnit: UnitCode;
};

/** Code of one of Taichung's 29 districts (行政區). */
export type DistrictCode =
  /** Beitun (北屯區) */
  | 'BEITUN'
  /** Central (中區) */
  | 'CENTRAL'
  /** Da'an (大安區) */
  | 'DAAN'
  /** Dadu (大肚區) */
  | 'DADU'
  /** Dajia (大甲區) */
  | 'DAJIA'
  /** Dali (大里區) */
  | 'DALI'
  /** Daya (大雅區) */
  | 'DAYA'
  /** Dongshi (東勢區) */
  | 'DONGSHI'
  /** East (東區) */
  | 'EAST'
  /** Fengyuan (豐原區) */
  | 'FENGYUAN'
  /** Heping (和平區, mountain indigenous district) */
  | 'HEPING'
  /** Houli (后里區) */
  | 'HOULI'
  /** Longjing (龍井區) */
  | 'LONGJING'
  /** Nantun (南屯區) */
  | 'NANTUN'
  /** North (北區) */
  | 'NORTH'
  /** Qingshui (清水區) */
  | 'QINGSHUI'
  /** Shalu (沙鹿區) */
  | 'SHALU'
  /** Shengang (神岡區) */
  | 'SHENGANG'
  /** Shigang (石岡區) */
  | 'SHIGANG'
  /** South (南區) */
  | 'SOUTH'
  /** Taiping (太平區) */
  | 'TAIPING'
  /** Tanzi (潭子區) */
  | 'TANZI'
  /** Waipu (外埔區) */
  | 'WAIPU'
  /** West (西區) */
  | 'WEST'
  /** Wufeng (霧峰區) */
  | 'WUFENG'
  /** Wuqi (梧棲區) */
  | 'WUQI'
  /** Wuri (烏日區) */
  | 'WURI'
  /** Xinshe (新社區) */
  | 'XINSHE'
  /** Xitun (西屯區) */
  | 'XITUN';

/** Closed set of error codes the hub returns. */
export type ErrorCode =
  /** The input was refused; see the message and inputErrors. */
  | 'BAD_USER_INPUT'
  /** The caller may not do this. */
  | 'FORBIDDEN'
  /** No such record (or none the caller may see). */
  | 'NOT_FOUND'
  /** The database could not answer in time; nothing was changed or read; retry after the seconds in Retry-After. */
  | 'SERVICE_UNAVAILABLE'
  /** The caller is not identified. */
  | 'UNAUTHENTICATED'
  /** An agency source or subgraph could not be reached. */
  | 'UPSTREAM_UNAVAILABLE';

/** Narrows the family list; all given conditions must hold. */
export type FamilyFilter = {
  /** Families with a case of this kind. */
  caseKind?: CaseKind | null | undefined;
  /** Families with a case in this status (combined with caseKind: the same case). */
  caseStatus?: CaseStatus | null | undefined;
  /** Families living in this district. */
  district?: DistrictCode | null | undefined;
};

/** The length of each period of a trend series. */
export type IndicatorGranularity =
  /** One point per month. */
  | 'MONTH'
  /** One point per quarter. */
  | 'QUARTER'
  /** One point per year. */
  | 'YEAR';

/** The secretariat's decision on a submitted return. */
export type IndicatorReturnDecision =
  /** Publish it. */
  | 'ACCEPT'
  /** Send it back to the unit with a note saying what to correct. */
  | 'RETURN';

/** A figure for an indicator the caller's unit enters (see `enteredBy` in the catalogue), over a year, quarter, month or run of months. */
export type IndicatorReturnInput = {
  /** For a ratio, the whole; omit for a count. */
  denominator?: number | null | undefined;
  /** District code; omit for the whole city. */
  district?: string | null | undefined;
  /** What the figure rests on (1–2000 characters): the register, list or minutes it was counted from. */
  evidence: string;
  /** First month of a run of months. */
  fromMonth?: number | null | undefined;
  /** Catalogue id, e.g. SCHOOLS_ANTI_EXPLOITATION_SESSIONS. */
  indicatorId: string;
  /** Plan line (staffing) or meeting level (CITY, DISTRICT, RELEASE_TRANSITION, CASE_CONFERENCE) where the indicator has lines. */
  line?: string | null | undefined;
  /** Month 1–12, for a month's figure. */
  month?: number | null | undefined;
  /** What is counted (for a ratio, the part). */
  numerator: number;
  /** Quarter 1–4, for a quarter's figure. */
  quarter?: number | null | undefined;
  /** Last month of a run of months, inclusive. */
  toMonth?: number | null | undefined;
  /** Gregorian year. */
  year: number;
};

/** Where a return stands in the secretariat's review. */
export type IndicatorReturnStatus =
  /** Accepted by the secretariat; published in the indicator reports. */
  | 'ACCEPTED'
  /** Sent back to the unit with a note; not published. The unit enters a correction. */
  | 'RETURNED'
  /** Entered, awaiting review; not published. */
  | 'SUBMITTED';

/** How a unit is involved with a family. */
export type Involvement =
  /** A contracted organisation is actively assigned to an open case. */
  | 'ASSIGNMENT'
  /** The unit has an open case (個案) on the family or a member. */
  | 'CASE'
  /** A referral (轉介) to the unit is pending or was accepted. */
  | 'REFERRAL';

/** Which identity document a national ID comes from. */
export type NationalIdKind =
  /** National ID card (身分證統一編號) */
  | 'NATIONAL'
  /** Resident certificate, new format (居留證統一證號, 2021 onwards) */
  | 'RESIDENT_NEW'
  /** Resident certificate, old two-letter format */
  | 'RESIDENT_OLD';

/** Referral life cycle: PENDING → ACCEPTED | DECLINED → CLOSED. */
export type ReferralStatus =
  /** Accepted by the receiving unit (已接案) */
  | 'ACCEPTED'
  /** Closed (已結案) */
  | 'CLOSED'
  /** Declined by the receiving unit, with a reason (不予接案) */
  | 'DECLINED'
  /** Pending: waiting for the receiving unit (待回覆) */
  | 'PENDING';

/** Relationship of a family member to the head of household (稱謂). */
export type Relationship =
  /** Child (子女) */
  | 'CHILD'
  /** Child-in-law (媳婿) */
  | 'CHILD_IN_LAW'
  /** Grandchild (孫子女) */
  | 'GRANDCHILD'
  /** Grandparent (祖父母) */
  | 'GRANDPARENT'
  /** Head of household (戶長) */
  | 'HEAD'
  /** Non-relative (非親屬) */
  | 'NON_RELATIVE'
  /** Other relative (其他親屬) */
  | 'OTHER_RELATIVE'
  /** Parent (父母) */
  | 'PARENT'
  /** Parent-in-law (配偶之父母) */
  | 'PARENT_IN_LAW'
  /** Sibling (兄弟姊妹) */
  | 'SIBLING'
  /** Spouse (配偶) */
  | 'SPOUSE';

/** Structured Decision Making (SDM) risk level. */
export type RiskLevel =
  /** High (高) */
  | 'HIGH'
  /** Low (低) */
  | 'LOW'
  /** Moderate (中) */
  | 'MODERATE'
  /** Very high (極高) */
  | 'VERY_HIGH';

/** Sex as registered. */
export type Sex =
  /** Female (女) */
  | 'FEMALE'
  /** Male (男) */
  | 'MALE'
  /** Not known (不詳) */
  | 'UNKNOWN';

/** Code of a network unit (網絡單位). */
export type UnitCode =
  /** Civil Affairs Bureau, household registration offices (民政局) */
  | 'CIVIL_AFFAIRS'
  /** Education Bureau, schools, student counselling centre (教育局) */
  | 'EDUCATION'
  /** Health Bureau, community mental-health centres (衛生局) */
  | 'HEALTH'
  /** Indigenous Affairs Commission (原住民族事務委員會) */
  | 'INDIGENOUS'
  /** District Prosecutors Office, correctional institutions (地方檢察署) */
  | 'JUSTICE'
  /** Labor Affairs Bureau (勞工局) */
  | 'LABOR'
  /** Contracted private organisations (委外單位) */
  | 'NGO'
  /** Police Department, juvenile guidance (警察局) */
  | 'POLICE'
  /** Domestic Violence & Sexual Assault Prevention Centre (家防中心) */
  | 'PROTECTION'
  /** Social Affairs Bureau and its family welfare service centres (社會局) */
  | 'SOCIAL';

export type DashboardValueFragment = { id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null };

export type DashboardCrossAgencyValueFragment = { id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null };

export type DashboardEnteredFragment = { id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, returned: boolean | null, provenance: Array<{ unit: string | null, line: string | null, district: string | null, enteredAt: string | null, reviewedAt: string | null }> | null };

export type DashboardReportQueryVariables = Exact<{
  year: number;
  quarter?: number | null | undefined;
  month?: number | null | undefined;
  fromMonth?: number | null | undefined;
  toMonth?: number | null | undefined;
  district?: string | null | undefined;
}>;


export type DashboardReportQuery = { indicatorReport: { key: string, year: number | null, rocYear: number | null, quarter: number | null, month: number | null, fromMonth: number | null, toMonth: number | null, periodLabel: string | null, district: string | null, minCellSize: number | null, caseIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, welfareIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, educationIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, laborIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, crossAgencyIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, welfareCrossAgencyIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, meetingIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null, enteredIndicators: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, reported2023: string | null, returned: boolean | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null, provenance: Array<{ unit: string | null, line: string | null, district: string | null, enteredAt: string | null, reviewedAt: string | null }> | null }> | null } | null };

export type DashboardTrendQueryVariables = Exact<{
  fromYear: number;
  toYear?: number | null | undefined;
  granularity?: IndicatorGranularity | null | undefined;
  district?: string | null | undefined;
}>;


export type DashboardTrendQuery = { indicatorTrend: Array<{ key: string, periodLabel: string | null, year: number | null, quarter: number | null, month: number | null, caseIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null, welfareIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null, educationIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null, laborIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null, crossAgencyIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null, welfareCrossAgencyIndicators: Array<{ id: string | null, value: number | null, suppressed: boolean | null }> | null }> | null };

export type DashboardCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardCatalogueQuery = { indicatorCatalogue: Array<{ id: string | null, labelEn: string | null, labelZh: string | null, unit: string | null, owner: string | null, target: number | null, targetDirection: string | null, reported2023: string | null, notCarriedBecause: string | null }> | null, districts: Array<{ code: DistrictCode | null, name: string | null, nameZh: string | null }> | null };

export type FamilyViewQueryVariables = Exact<{
  id: string | number;
}>;


export type FamilyViewQuery = { family: { id: string, address: string | null, district: { code: DistrictCode | null, name: string | null, nameZh: string | null } | null, members: Array<{ relationship: Relationship | null, startDate: string | null, person: { id: string, name: string | null, sex: Sex | null, birthDate: unknown, nationalId: string | null, nationalIdKind: NationalIdKind | null, address: string | null, addressWithheld: boolean | null } | null }> | null, cases: Array<{ id: string, kind: CaseKind | null, status: CaseStatus | null, riskLevel: RiskLevel | null, openedOn: string | null, contactCount: number, kindLabel: { en: string | null, zh: string | null } | null, ownerUnit: { code: UnitCode | null, nameZh: string | null } | null, leadWorker: { id: string | null, name: string | null } | null, contacts: Array<{ kind: ContactKind | null, contactedOn: string | null, unit: { code: UnitCode | null } | null }> | null }> | null, referrals: Array<{ id: string, status: ReferralStatus | null, reason: string | null, requestedAt: string | null, fromUnit: { code: UnitCode | null } | null, toUnit: { code: UnitCode | null } | null, person: { name: string | null } | null }> | null, servingUnits: Array<{ involvement: Involvement | null, caseKind: CaseKind | null, since: string | null, unit: { code: UnitCode | null, name: string | null, nameZh: string | null } | null, leadWorker: { name: string | null } | null, organization: { name: string | null } | null, person: { name: string | null } | null }> | null } | null };

export type FamiliesByCaseQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: FamilyFilter | null | undefined;
}>;


export type FamiliesByCaseQuery = { families: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, district: { code: DistrictCode | null } | null, servingUnits: Array<{ involvement: Involvement | null, since: string | null, unit: { code: UnitCode | null } | null }> | null } }> } | null };

export type CreateReferralMutationVariables = Exact<{
  input: CreateReferralInput;
}>;


export type CreateReferralMutation = { createReferral: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, inputErrors: Array<{ field: string | null, reason: string | null }> | null, referral: { id: string, status: ReferralStatus | null, fromUnit: { code: UnitCode | null } | null, toUnit: { code: UnitCode | null } | null } | null } | null };

export type AcceptReferralMutationVariables = Exact<{
  id: string | number;
}>;


export type AcceptReferralMutation = { acceptReferral: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, referral: { id: string, status: ReferralStatus | null, respondedAt: string | null, respondedBy: string | null } | null } | null };

export type ReferralsToUnitQueryVariables = Exact<{
  unit: UnitCode;
  status?: ReferralStatus | null | undefined;
}>;


export type ReferralsToUnitQuery = { referrals: { edges: Array<{ node: { id: string, status: ReferralStatus | null, reason: string | null, requestedAt: string | null, person: { name: string | null } | null, family: { id: string } | null } }> } | null };

export type SubmitIndicatorReturnMutationVariables = Exact<{
  input: IndicatorReturnInput;
}>;


export type SubmitIndicatorReturnMutation = { submitIndicatorReturn: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, inputErrors: Array<{ field: string | null, reason: string | null }> | null, indicatorReturn: { id: string | null, indicatorId: string | null, periodLabel: string | null, district: string | null, line: string | null, unit: string | null, numerator: number | null, denominator: number | null, status: IndicatorReturnStatus | null, enteredAt: string | null, current: boolean | null } | null } | null };

export type ReviewIndicatorReturnMutationVariables = Exact<{
  id: string | number;
  decision: IndicatorReturnDecision;
  note?: string | null | undefined;
}>;


export type ReviewIndicatorReturnMutation = { reviewIndicatorReturn: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, inputErrors: Array<{ field: string | null, reason: string | null }> | null, indicatorReturn: { id: string | null, status: IndicatorReturnStatus | null, reviewedBy: string | null, reviewedAt: string | null, reviewNote: string | null } | null } | null };

export type IndicatorReturnsQueryVariables = Exact<{
  year: number;
  indicatorId?: string | null | undefined;
  status?: IndicatorReturnStatus | null | undefined;
  includeHistory?: boolean | null | undefined;
}>;


export type IndicatorReturnsQuery = { indicatorReturns: Array<{ id: string | null, indicatorId: string | null, year: number | null, fromMonth: number | null, toMonth: number | null, periodLabel: string | null, district: string | null, line: string | null, unit: string | null, numerator: number | null, denominator: number | null, evidence: string | null, enteredBy: string | null, enteredAt: string | null, status: IndicatorReturnStatus | null, reviewedBy: string | null, reviewedAt: string | null, reviewNote: string | null, current: boolean | null }> | null };

export type EnteredIndicatorsQueryVariables = Exact<{
  year: number;
  quarter?: number | null | undefined;
  month?: number | null | undefined;
  fromMonth?: number | null | undefined;
  toMonth?: number | null | undefined;
  district?: string | null | undefined;
}>;


export type EnteredIndicatorsQuery = { indicatorReport: { key: string, periodLabel: string | null, district: string | null, enteredIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null, target: number | null, targetDirection: string | null, met: boolean | null, returned: boolean | null, provenanceText: string | null, provenance: Array<{ unit: string | null, line: string | null, district: string | null, enteredAt: string | null, reviewedAt: string | null }> | null, byDistrict: Array<{ district: string | null, numerator: number | null, denominator: number | null, value: number | null, suppressed: boolean | null }> | null }> | null } | null };

export type StaffingTableQueryVariables = Exact<{
  year: number;
  quarter?: number | null | undefined;
  month?: number | null | undefined;
  fromMonth?: number | null | undefined;
  toMonth?: number | null | undefined;
}>;


export type StaffingTableQuery = { staffingTable: { periodLabel: string | null, lines: Array<{ unit: string | null, line: string | null, approved: number | null, hired: number | null, hireRate: number | null }> | null, units: Array<{ unit: string | null, approved: number | null, hired: number | null, hireRate: number | null }> | null, total: { approved: number | null, hired: number | null, hireRate: number | null } | null } | null };

export type CampaignsQueryVariables = Exact<{ [key: string]: never; }>;


export type CampaignsQuery = { campaigns: Array<{ id: string | null, name: string | null, fromDate: string | null, toDate: string | null, deadline: string | null, units: Array<string> | null, outstandingUnits: Array<string> | null, items: Array<{ key: string | null, label: string | null }> | null, returns: Array<{ unit: string | null, late: boolean | null, submittedAt: string | null, figures: Array<{ key: string | null, value: number | null }> | null }> | null, totals: Array<{ key: string | null, value: number | null }> | null }> | null };

export type CreateCampaignMutationVariables = Exact<{
  input: CreateCampaignInput;
}>;


export type CreateCampaignMutation = { createCampaign: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, inputErrors: Array<{ field: string | null, reason: string | null }> | null, campaign: { id: string | null, name: string | null, fromDate: string | null, toDate: string | null, deadline: string | null, units: Array<string> | null, items: Array<{ key: string | null, label: string | null }> | null } | null } | null };

export type SubmitCampaignReturnMutationVariables = Exact<{
  campaignId: string | number;
  figures: Array<CampaignFigureInput> | CampaignFigureInput;
  note?: string | null | undefined;
}>;


export type SubmitCampaignReturnMutation = { submitCampaignReturn: { ok: boolean | null, error: { code: ErrorCode | null, message: string | null } | null, inputErrors: Array<{ field: string | null, reason: string | null }> | null, campaignReturn: { id: string | null, unit: string | null, late: boolean | null, submittedAt: string | null, figures: Array<{ key: string | null, value: number | null }> | null } | null } | null };

export type CampaignDaysQueryVariables = Exact<{
  fromDate: string;
  toDate: string;
}>;


export type CampaignDaysQuery = { dayRangeIndicators: { key: string, fromDate: string | null, toDate: string | null, minCellSize: number | null, values: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, meetingIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, enteredIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, welfareIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, educationIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, laborIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, crossAgencyIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null, welfareCrossAgencyIndicators: Array<{ id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null }> | null } | null };

export type DayRangeValueFieldsFragment = { id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null };

export type CrossAgencyDayRangeValueFieldsFragment = { id: string | null, labelZh: string | null, unit: string | null, value: number | null, numerator: number | null, denominator: number | null, met: boolean | null, suppressed: boolean | null, offered: boolean | null, reason: string | null };

export const DashboardValueFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardValue"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}}]}}]} as unknown as DocumentNode<DashboardValueFragment, unknown>;
export const DashboardCrossAgencyValueFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardCrossAgencyValue"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CrossAgencyIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}}]}}]} as unknown as DocumentNode<DashboardCrossAgencyValueFragment, unknown>;
export const DashboardEnteredFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardEntered"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnteredIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}},{"kind":"Field","name":{"kind":"Name","value":"returned"}},{"kind":"Field","name":{"kind":"Name","value":"provenance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedAt"}}]}}]}}]} as unknown as DocumentNode<DashboardEnteredFragment, unknown>;
export const DayRangeValueFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DayRangeValueFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DayRangeIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<DayRangeValueFieldsFragment, unknown>;
export const CrossAgencyDayRangeValueFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CrossAgencyDayRangeValueFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CrossAgencyDayRangeIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<CrossAgencyDayRangeValueFieldsFragment, unknown>;
export const DashboardReportDocument = {"__meta__":{"hash":"sha256:76574d4942122af8ca906c2ee3c1cb3f0273cc72c5b8ee50a90665ffa5e3f6e5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"district"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicatorReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"quarter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}}},{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}},{"kind":"Argument","name":{"kind":"Name","value":"fromMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}}},{"kind":"Argument","name":{"kind":"Name","value":"toMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}}},{"kind":"Argument","name":{"kind":"Name","value":"district"},"value":{"kind":"Variable","name":{"kind":"Name","value":"district"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"rocYear"}},{"kind":"Field","name":{"kind":"Name","value":"quarter"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"fromMonth"}},{"kind":"Field","name":{"kind":"Name","value":"toMonth"}},{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"minCellSize"}},{"kind":"Field","name":{"kind":"Name","value":"caseIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"educationIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"laborIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"crossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardCrossAgencyValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareCrossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"meetingIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardValue"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"enteredIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardEntered"}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardValue"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardCrossAgencyValue"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CrossAgencyIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardEntered"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnteredIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}},{"kind":"Field","name":{"kind":"Name","value":"returned"}},{"kind":"Field","name":{"kind":"Name","value":"provenance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedAt"}}]}}]}}]} as unknown as DocumentNode<DashboardReportQuery, DashboardReportQueryVariables>;
export const DashboardTrendDocument = {"__meta__":{"hash":"sha256:5e7fddc9601bf2173688e575892cae502cb7395c2e4dc63d018229ed210c9514"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardTrend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromYear"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toYear"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorGranularity"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"district"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicatorTrend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromYear"}}},{"kind":"Argument","name":{"kind":"Name","value":"toYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toYear"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}},{"kind":"Argument","name":{"kind":"Name","value":"district"},"value":{"kind":"Variable","name":{"kind":"Name","value":"district"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"quarter"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"caseIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"educationIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"laborIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"crossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareCrossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardTrendQuery, DashboardTrendQueryVariables>;
export const DashboardCatalogueDocument = {"__meta__":{"hash":"sha256:a153bc047f4f911ff366a5f8ddae73ad0356bd37c06c6a23dec4ede8545754ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardCatalogue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicatorCatalogue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"reported2023"}},{"kind":"Field","name":{"kind":"Name","value":"notCarriedBecause"}}]}},{"kind":"Field","name":{"kind":"Name","value":"districts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}}]}}]}}]} as unknown as DocumentNode<DashboardCatalogueQuery, DashboardCatalogueQueryVariables>;
export const FamilyViewDocument = {"__meta__":{"hash":"sha256:328798b506b56bc30f6ab7f6e1e4cb0b361c513b20ccae051219785819ddce8c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FamilyView"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"family"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sex"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"nationalId"}},{"kind":"Field","name":{"kind":"Name","value":"nationalIdKind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"addressWithheld"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"kindLabel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"en"}},{"kind":"Field","name":{"kind":"Name","value":"zh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"openedOn"}},{"kind":"Field","name":{"kind":"Name","value":"ownerUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"leadWorker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contactCount"}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"contactedOn"}},{"kind":"Field","name":{"kind":"Name","value":"unit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"referrals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"fromUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"servingUnits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"involvement"}},{"kind":"Field","name":{"kind":"Name","value":"caseKind"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"leadWorker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FamilyViewQuery, FamilyViewQueryVariables>;
export const FamiliesByCaseDocument = {"__meta__":{"hash":"sha256:56e1b939b4e5ca9b364be18cf6651a90bd3a2aab3dbc21da30861e8737de0a18"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FamiliesByCase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FamilyFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"families"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"servingUnits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"involvement"}},{"kind":"Field","name":{"kind":"Name","value":"since"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FamiliesByCaseQuery, FamiliesByCaseQueryVariables>;
export const CreateReferralDocument = {"__meta__":{"hash":"sha256:fc12ba05cf9fd5c7b68cdabde25490e8af9a3062c627380b8d53f8ef815c6185"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateReferralInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referral"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fromUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CreateReferralMutation, CreateReferralMutationVariables>;
export const AcceptReferralDocument = {"__meta__":{"hash":"sha256:7a95283382010129e26b52b2dec97e1637489c8480fc132693d596ffe9811010"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referral"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"respondedAt"}},{"kind":"Field","name":{"kind":"Name","value":"respondedBy"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptReferralMutation, AcceptReferralMutationVariables>;
export const ReferralsToUnitDocument = {"__meta__":{"hash":"sha256:eb084b43b8f153955dc3d13e88b27146711dc70161631d9e30ae34008440d871"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsToUnit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"unit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnitCode"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referrals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"toUnit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"unit"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"family"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsToUnitQuery, ReferralsToUnitQueryVariables>;
export const SubmitIndicatorReturnDocument = {"__meta__":{"hash":"sha256:4774d5288f0f657c5c31e9589b3a120eb36a7d7c4f09c1142ad291e644261030"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitIndicatorReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitIndicatorReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"indicatorReturn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"indicatorId"}},{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitIndicatorReturnMutation, SubmitIndicatorReturnMutationVariables>;
export const ReviewIndicatorReturnDocument = {"__meta__":{"hash":"sha256:c47e2a8dc3296f31ded6ff8976bfd4f9a8526782da6102eaffe506319dc301a8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReviewIndicatorReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"decision"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorReturnDecision"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewIndicatorReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"decision"},"value":{"kind":"Variable","name":{"kind":"Name","value":"decision"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"indicatorReturn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedBy"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reviewNote"}}]}}]}}]}}]} as unknown as DocumentNode<ReviewIndicatorReturnMutation, ReviewIndicatorReturnMutationVariables>;
export const IndicatorReturnsDocument = {"__meta__":{"hash":"sha256:f33178da41670c9e12eb5b7ffeb17296d66cdc5027992b6820eee47689bde684"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IndicatorReturns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"indicatorId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IndicatorReturnStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeHistory"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicatorReturns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"indicatorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"indicatorId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeHistory"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeHistory"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"indicatorId"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"fromMonth"}},{"kind":"Field","name":{"kind":"Name","value":"toMonth"}},{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"enteredBy"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedBy"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reviewNote"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]}}]} as unknown as DocumentNode<IndicatorReturnsQuery, IndicatorReturnsQueryVariables>;
export const EnteredIndicatorsDocument = {"__meta__":{"hash":"sha256:d4325993376ea6a5f86a9ac33c4bd3149e80c13f4ee1fd9e64f32840661e9d20"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnteredIndicators"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"district"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicatorReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"quarter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}}},{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}},{"kind":"Argument","name":{"kind":"Name","value":"fromMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}}},{"kind":"Argument","name":{"kind":"Name","value":"toMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}}},{"kind":"Argument","name":{"kind":"Name","value":"district"},"value":{"kind":"Variable","name":{"kind":"Name","value":"district"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"enteredIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetDirection"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"returned"}},{"kind":"Field","name":{"kind":"Name","value":"provenanceText"}},{"kind":"Field","name":{"kind":"Name","value":"provenance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"reviewedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EnteredIndicatorsQuery, EnteredIndicatorsQueryVariables>;
export const StaffingTableDocument = {"__meta__":{"hash":"sha256:d0b6a5f8f7eed6b614923f97af3e52341f7bbc343fde44aa9805ffee06a79c78"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StaffingTable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"staffingTable"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"quarter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quarter"}}},{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}},{"kind":"Argument","name":{"kind":"Name","value":"fromMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromMonth"}}},{"kind":"Argument","name":{"kind":"Name","value":"toMonth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toMonth"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"periodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"hired"}},{"kind":"Field","name":{"kind":"Name","value":"hireRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"units"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"hired"}},{"kind":"Field","name":{"kind":"Name","value":"hireRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"hired"}},{"kind":"Field","name":{"kind":"Name","value":"hireRate"}}]}}]}}]}}]} as unknown as DocumentNode<StaffingTableQuery, StaffingTableQueryVariables>;
export const CampaignsDocument = {"__meta__":{"hash":"sha256:529f511ccd7612bcb96b257104ada76487de0ece537a9213cf7d3575e63fc4e5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Campaigns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaigns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromDate"}},{"kind":"Field","name":{"kind":"Name","value":"toDate"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"outstandingUnits"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<CampaignsQuery, CampaignsQueryVariables>;
export const CreateCampaignDocument = {"__meta__":{"hash":"sha256:18517089fda83a7cb7a30346884b6faa4efeadb4086f00580c34976e852bc325"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCampaign"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCampaignInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCampaign"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromDate"}},{"kind":"Field","name":{"kind":"Name","value":"toDate"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const SubmitCampaignReturnDocument = {"__meta__":{"hash":"sha256:586cf8cf70822e32432881429fdefa4bcf6b1818b7df1dffefebb5b90470da21"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitCampaignReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"campaignId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"figures"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CampaignFigureInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitCampaignReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"campaignId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"campaignId"}}},{"kind":"Argument","name":{"kind":"Name","value":"figures"},"value":{"kind":"Variable","name":{"kind":"Name","value":"figures"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaignReturn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubmitCampaignReturnMutation, SubmitCampaignReturnMutationVariables>;
export const CampaignDaysDocument = {"__meta__":{"hash":"sha256:2c0de261d4a5c55e2989b69a8c662e399b3db23f9bbb87112b0b038a0eca936f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CampaignDays"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dayRangeIndicators"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromDate"}}},{"kind":"Argument","name":{"kind":"Name","value":"toDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toDate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"fromDate"}},{"kind":"Field","name":{"kind":"Name","value":"toDate"}},{"kind":"Field","name":{"kind":"Name","value":"minCellSize"}},{"kind":"Field","name":{"kind":"Name","value":"values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"meetingIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enteredIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"educationIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"laborIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"crossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CrossAgencyDayRangeValueFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"welfareCrossAgencyIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DayRangeValueFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DayRangeValueFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DayRangeIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CrossAgencyDayRangeValueFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CrossAgencyDayRangeIndicatorValue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<CampaignDaysQuery, CampaignDaysQueryVariables>;