// The city's KPI catalogue (DOMAIN.md, "Indicators the city reports"), each
// indicator defined once: labels, what is counted, unit, the subgraph that
// computes it from its own records, and the target. Rows the joined data
// cannot carry yet are listed with the reason, so the gap is visible.

export type IndicatorUnit = 'PERCENT' | 'CASES' | 'CONTACTS' | 'VISITS' | 'MEETINGS';

/** Units that enter returns (填報): every network unit but the contracted NGOs. */
export type ReturningUnit = 'SOCIAL' | 'PROTECTION' | 'HEALTH' | 'EDUCATION' | 'LABOR' | 'POLICE' | 'JUSTICE' | 'CIVIL_AFFAIRS' | 'INDIGENOUS';

/** The hub-level subgraph counting case work over cohorts from connectors. */
export const CROSS_AGENCY_SUBGRAPH = 'cross-agency';
export type TargetDirection = 'AT_LEAST' | 'AT_MOST';
export type OverTime = 'sum' | 'union' | 'grows';

export interface IndicatorDefinition {
  id: string;
  labelEn: string;
  labelZh: string;
  /** What is counted; for a ratio, the numerator. */
  numerator: string;
  /** For a ratio, what it is a share of; null for a count. */
  denominator: string | null;
  unit: IndicatorUnit;
  /** The subgraph that computes it; null when the hub's data cannot carry it yet. */
  owner: string | null;
  /** For a cross-agency indicator: the subgraph whose sealed cohort the owner counts over (carried by the gateway). */
  cohortFrom?: string;
  target: { value: number; direction: TargetDirection } | null;
  /**
   * True when counts are events in the period (contacts, intakes, visits), so
   * a year is the sum of its quarters and months and a hidden month could be
   * worked out by subtraction; false for what is counted once per period it
   * lasts into (cases in service).
   */
  sumsOverTime: boolean;
  /** For a ratio whose denominator is a stock (certificates valid in the period) while its numerator sums over time: false. */
  denominatorSumsOverTime?: boolean;
  /**
   * How a longer period's count relates to its parts where sumsOverTime does
   * not say it, per measure, for the disclosure audit (which must model what
   * is true): 'union' counts distinct things (a family seen in two months
   * counts once in their quarter: at least each part, at most their sum);
   * 'grows' counts things meeting two conditions in the period (a family in
   * service in January and with a dropout in March counts in the quarter but
   * in neither month: at least each part, nothing more).
   */
  overTimeInAudit?: { numerator: OverTime; denominator?: OverTime };
  /**
   * Counted once per thing and month (an account-month: was anything
   * deposited that month), so it has no day within the month: published for
   * whole months only, never for ranges of days.
   */
  countedPerMonth?: true;
  /**
   * Indicators of one owner whose denominators count the same records (or
   * records one contains, as protective intakes are intakes) share a group:
   * a cell hidden in one is hidden in all, so a figure shown in one cannot
   * fill another's hidden cell. The quantity is protected once.
   */
  sharesDenominator?: string;
  /** The 2023 (ROC 112) figure of the city's report, as printed. */
  reported2023: string;
  /** Why the hub cannot compute it yet (owner null). */
  notCarriedBecause?: string;
  /**
   * For a figure no connector carries: the units that enter it as a return
   * (填報), published once the secretariat has accepted it.
   */
  enteredBy?: readonly ReturningUnit[];
  /**
   * Lines a return is split into (the figure is their sum): a fixed list
   * (meeting levels) or 'free' (a staffing table's plan lines, named by the unit).
   */
  lines?: 'free' | readonly string[];
  /**
   * Counted from the hub's meeting records (meeting-indicators.ts) rather
   * than from case-work counts: meetings are not persons, so meeting counts
   * are published as they are; the one count of cases is published city-wide
   * for whole years only.
   */
  fromMeetingRecords?: true;
}

const CONTACT_KINDS = [
  ['PHONE', 'phone contacts', '電訪', '27,205'],
  ['VISIT', 'home and face-to-face visits', '面訪', '22,236'],
  ['ACCOMPANIMENT', 'accompaniments', '陪同服務', '1,065'],
  ['NETWORK_CONTACT', 'network contacts', '網絡聯繫', '26,042'],
  ['FAMILY_CALL', 'calls from the family', '案家來電', '2,108'],
  ['OTHER', 'other contacts', '其他', '2,292'],
] as const;

const CASE_COUNTS = [
  ['ADULT_PROTECTION', 'Adult protection integrated services', '成人保護整合服務', '3,955 cases'],
  ['MENTAL_HEALTH', 'Mental-health cases', '精神個案', '5,932'],
  ['SUICIDE', 'Suicide cases', '自殺個案', '5,607'],
  ['MENTAL_HEALTH_SUICIDE', 'Combined mental-health and suicide cases', '精神疾病與自殺防治合併多重議題個案', '860'],
  ['DRUG_ADDICTION', 'Drug-addiction follow-up cases', '藥癮個案追蹤', '3,823'],
  ['DV_OFFENDER_TREATMENT', 'Domestic-violence offenders under treatment', '家暴加害人處遇', '466'],
  ['SEX_OFFENDER_TREATMENT', 'Sexual offenders under treatment', '性侵害加害人處遇', '922'],
  ['FAMILY_MEDIATION', 'Family mediation cases', '家事商談', '201 (164 new + 37 carried over)'],
  ['AT_RISK_YOUTH', 'At-risk youth guidance cases', '曝險少年輔導個案', '58 opened'],
] as const;

interface EnteredFigure {
  by: readonly ReturningUnit[];
  unit: IndicatorUnit;
  numerator: string;
  denominator: string | null;
  lines?: IndicatorDefinition['lines'];
}

/** A row no connector carries: entered as a return by the units named, with the reason it is not computed. */
const entered = (id: string, labelEn: string, labelZh: string, reported2023: string, target: IndicatorDefinition['target'], reason: string, figure: EnteredFigure): IndicatorDefinition => ({
  id, labelEn, labelZh, numerator: figure.numerator, denominator: figure.denominator, unit: figure.unit, owner: null, sumsOverTime: true, target, reported2023, notCarriedBecause: reason,
  enteredBy: figure.by, ...(figure.lines ? { lines: figure.lines } : {}),
});

/** A row counted from the meeting records the units keep in the hub (meeting-indicators.ts). */
const meetings = (id: string, labelEn: string, labelZh: string, reported2023: string, numerator: string): IndicatorDefinition => ({
  id, labelEn, labelZh, numerator, denominator: null, unit: 'MEETINGS', owner: 'indicators', sumsOverTime: true, target: null, reported2023, fromMeetingRecords: true,
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'VULNERABLE_FAMILY_SERVICES', labelEn: 'Vulnerable-family services', labelZh: '脆弱家庭服務件數',
    numerator: 'vulnerable-family cases in service during the period', denominator: null, unit: 'CASES', owner: 'indicators', sumsOverTime: false, target: null, reported2023: '28,960',
  },
  ...CONTACT_KINDS.map(([kind, en, zh, reported]): IndicatorDefinition => ({
    id: `VULNERABLE_FAMILY_CONTACTS_${kind}`, labelEn: `Vulnerable-family services: ${en}`, labelZh: `脆弱家庭服務:${zh}`,
    numerator: `${en} of vulnerable-family cases during the period`, denominator: null, unit: 'CONTACTS', owner: 'indicators', sumsOverTime: true, target: null, reported2023: reported,
  })),
  {
    id: 'INTAKE_TRIAGED_WITHIN_24H', labelEn: 'Intakes triaged within 24 hours', labelZh: '集中篩派案24小時內處理比率',
    numerator: 'intakes triaged within 24 hours of receipt', denominator: 'intakes received in the period', unit: 'PERCENT', owner: 'indicators', sumsOverTime: true, sharesDenominator: 'intakes',
    target: { value: 100, direction: 'AT_LEAST' }, reported2023: '100% (phase 1)',
  },
  {
    id: 'PROTECTIVE_RE_REPORT_RATE', labelEn: 'Protective-case re-report rate', labelZh: '保護性案件再通報率',
    numerator: 'protective intakes on a family already in service', denominator: 'protective intakes received in the period', unit: 'PERCENT', owner: 'indicators', sumsOverTime: true, sharesDenominator: 'intakes',
    target: { value: 7.5, direction: 'AT_MOST' }, reported2023: '5.51%',
  },
  ...CASE_COUNTS.map(([kind, en, zh, reported]): IndicatorDefinition => ({
    id: `CASES_${kind}`, labelEn: en, labelZh: zh, numerator: `${en.toLowerCase()} in service during the period`, denominator: null,
    unit: 'CASES', owner: 'indicators', sumsOverTime: false, target: null, reported2023: reported,
  })),
  {
    id: 'DEVELOPMENT_ACCOUNT_DEPOSIT_RATE', labelEn: "Children's development accounts: deposit rate", labelZh: '兒少未來教育與發展帳戶存款率',
    numerator: 'account-months with a deposit', denominator: 'account-months in the period', unit: 'PERCENT', owner: 'welfare-subsidies', sumsOverTime: true,
    countedPerMonth: true, target: null, reported2023: '88.75% (87.59% after follow-up)',
  },
  {
    id: 'DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS', labelEn: "Children's development accounts: visits to households that did not deposit", labelZh: '未存款家庭追蹤訪視',
    numerator: 'follow-up visits to households that did not deposit', denominator: null, unit: 'VISITS', owner: 'welfare-subsidies', sumsOverTime: true, target: null, reported2023: '2,050',
  },
  {
    id: 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE', labelEn: 'Disability needs-assessment home-visit rate', labelZh: '身心障礙者需求評估訪視率',
    numerator: 'needs-assessment home visits in the period', denominator: 'disability certificates valid in the period', unit: 'PERCENT', owner: 'welfare-subsidies',
    // The visits add up over time although the certificates do not: a month's visits could still be subtracted out.
    sumsOverTime: true, denominatorSumsOverTime: false,
    target: { value: 12, direction: 'AT_LEAST' }, reported2023: '6,689 / 32,189 = 20.8%',
  },
  {
    id: 'SCHOOL_REFERRALS_OPENED', labelEn: 'School referrals opened as cases', labelZh: '學校轉介開案率',
    numerator: 'school referrals that opened a case', denominator: 'dropout episodes referred to counselling in the period', unit: 'PERCENT', owner: 'education-dropouts', sumsOverTime: true,
    target: { value: 90, direction: 'AT_LEAST' }, reported2023: '453 / 457 = 99.12%',
  },
  {
    id: 'VOCATIONAL_REHABILITATION_EMPLOYMENT', labelEn: 'Vocational rehabilitation employment (mental disability)', labelZh: '精神障礙者職業重建就業率',
    numerator: 'vocational rehabilitation cases of persons with a mental disability placed in employment', denominator: 'such cases referred in the period',
    unit: 'PERCENT', owner: 'labor-referrals', sumsOverTime: true, target: { value: 30, direction: 'AT_LEAST' }, reported2023: '67 / 140 = 47.86%',
  },
  // Cross-agency views the hub adds: not in the city's report, possible only once the agencies' records are joined.
  {
    id: 'VULNERABLE_FAMILIES_WITH_DROPOUT', labelEn: 'Vulnerable families with a member in a dropout episode', labelZh: '脆弱家庭成員有中輟情形之比率',
    numerator: 'vulnerable families in service with a member in a dropout episode during the period', denominator: 'vulnerable families in service during the period',
    unit: 'PERCENT', owner: CROSS_AGENCY_SUBGRAPH, cohortFrom: 'education-dropouts', sumsOverTime: false, overTimeInAudit: { numerator: 'grows', denominator: 'union' }, target: null, reported2023: '— (cross-agency view, not in the report)',
  },
  {
    id: 'RELEASE_TRANSITION_FAMILIES_ON_WELFARE', labelEn: 'Families in a release transition who receive social assistance', labelZh: '出監(院)轉銜家庭領有社會救助之比率',
    numerator: 'families with a member in a release transition in the period and a member with low- or middle-low-income status in it', denominator: 'families with a member in a release transition in the period',
    unit: 'PERCENT', owner: 'welfare-subsidies', cohortFrom: 'probation-transitions',
    // Transitions are events: a quarter's families could nearly be subtracted out of the year's.
    sumsOverTime: true, overTimeInAudit: { numerator: 'grows', denominator: 'union' }, target: null, reported2023: '— (cross-agency view, not in the report)',
  },
  entered('CHILD_FAMILY_FOLLOWUP_COVERAGE', 'Child & family follow-up visit coverage', '兒少家庭促進追蹤訪視及關懷服務涵蓋率', '90%', { value: 60, direction: 'AT_LEAST' },
    'the families due a follow-up visit (the denominator) come from the health bureau’s birth follow-up list, which no connector holds',
    { by: ['HEALTH'], unit: 'PERCENT', numerator: 'families on the birth follow-up list visited or cared for', denominator: 'families due a follow-up visit' }),
  meetings('NETWORK_MEETINGS_FOR_RE_REPORTS', 'Network meetings on high-risk re-reported cases', '高風險再通報案件網絡會議場次', '12',
    'network meetings for high-risk family-preservation cases re-reported during service, held in the period'),
  {
    ...meetings('HIGH_RISK_RE_REPORTS_IN_NETWORK_MEETINGS', 'High-risk re-reported cases discussed in network meetings', '高風險再通報案件網絡會議討論', '187',
      'distinct cases on the agenda of network meetings held in the period (published city-wide for whole years only: a shorter period’s count of cases could be worked out by difference)'),
    unit: 'CASES',
  },
  entered('EARLY_INTERVENTION_DISTRICTS_COVERED', 'Early-intervention community resources: districts covered', '早療社區資源佈建行政區涵蓋率', '29/29 = 100%; service coverage 44%', { value: 90, direction: 'AT_LEAST' },
    'community resource sites are not recorded in the hub',
    { by: ['SOCIAL'], unit: 'PERCENT', numerator: 'districts with an early-intervention community resource site', denominator: 'districts' }),
  entered('COMMUNITY_SUPPORT_SITES_DISTRICTS', 'Child & family community support sites: districts covered', '兒少及家庭社區支持服務據點行政區涵蓋率', '18/29 = 62% (37 sites by 28 NGOs)', { value: 51, direction: 'AT_LEAST' },
    'community support sites are not recorded in the hub',
    { by: ['SOCIAL'], unit: 'PERCENT', numerator: 'districts with a child & family community support site', denominator: 'districts' }),
  entered('SCHOOLS_ANTI_EXPLOITATION_SESSIONS', 'Schools with at least 3 anti-sexual-exploitation sessions', '辦理3場以上防制性剝削宣導之學校比率', '348 / 361 = 96.398%', { value: 60, direction: 'AT_LEAST' },
    'school awareness sessions are not in the education register the hub reads',
    { by: ['EDUCATION'], unit: 'PERCENT', numerator: 'schools that held at least 3 anti-sexual-exploitation sessions', denominator: 'schools' }),
  entered('PARENTING_SHARE_OF_FAMILY_EDUCATION', 'Parenting share of family-education participants', '家庭教育參與者中親職教育比率', '20,924 / 44,949 = 46.55%', { value: 30, direction: 'AT_LEAST' },
    'family-education participation is not in any connector',
    { by: ['EDUCATION'], unit: 'PERCENT', numerator: 'participants in parenting education', denominator: 'participants in family education' }),
  entered('AT_RISK_YOUTH_OPENING_RATE', 'At-risk youth guidance case opening rate', '曝險少年輔導開案率', '58 / 60 = 96.67%', { value: 85, direction: 'AT_LEAST' },
    'the police juvenile guidance committee’s referrals (the denominator) are not in the hub; the opened cases are counted as CASES_AT_RISK_YOUTH',
    { by: ['POLICE'], unit: 'PERCENT', numerator: 'referred at-risk youth opened as guidance cases', denominator: 'at-risk youth referred by the juvenile guidance committee' }),
  meetings('CROSS_NETWORK_MEETINGS', 'Cross-network meetings', '跨網絡會議場次', '154',
    'city coordination, district cross-department and release-transition meetings and case conferences held in the period'),
  meetings('CROSS_NETWORK_MEETINGS_CITY', 'Cross-network meetings: city coordination', '跨網絡會議場次:推動會報', '3', 'city coordination meetings held in the period'),
  meetings('CROSS_NETWORK_MEETINGS_DISTRICT', 'Cross-network meetings: district cross-department', '跨網絡會議場次:跨部門區域聯繫會議', '55', 'district cross-department meetings held in the period'),
  meetings('CROSS_NETWORK_MEETINGS_RELEASE_TRANSITION', 'Cross-network meetings: release transition', '跨網絡會議場次:出監(院)轉銜會議', '55', 'release-transition meetings held in the period'),
  meetings('CROSS_NETWORK_MEETINGS_CASE_CONFERENCE', 'Cross-network meetings: case conferences', '跨網絡會議場次:個案研討會', '41', 'case conferences held in the period'),
  entered('SOCIAL_WORKER_STAFFING', 'Social-worker staffing: positions filled', '社工人力進用率', '181 / 185 = 98% (phase 1)', null,
    'positions are approved and filled in each unit’s personnel records, which no connector reads',
    { by: ['SOCIAL', 'PROTECTION', 'HEALTH', 'EDUCATION', 'LABOR', 'POLICE', 'JUSTICE', 'CIVIL_AFFAIRS', 'INDIGENOUS'], unit: 'PERCENT', numerator: 'social workers hired', denominator: 'social-worker positions approved', lines: 'free' }),
];

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return INDICATORS.find((i) => i.id === id);
}

/** The indicators a subgraph computes from its own records. */
export function indicatorsOwnedBy(owner: string): IndicatorDefinition[] {
  return INDICATORS.filter((i) => i.owner === owner && !i.cohortFrom && !i.fromMeetingRecords);
}

/** The rows counted from meeting records. */
export function meetingIndicators(): IndicatorDefinition[] {
  return INDICATORS.filter((i) => i.fromMeetingRecords);
}

/** The cross-agency indicators a subgraph computes over another subgraph's cohort. */
export function crossAgencyIndicatorsOwnedBy(owner: string): IndicatorDefinition[] {
  return INDICATORS.filter((i) => i.owner === owner && i.cohortFrom);
}
