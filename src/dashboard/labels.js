// Every word the dashboard shows, in English and Traditional Chinese, and the
// number formats of each language. Indicator and district names come from the
// API (labelEn/labelZh, name/nameZh); the page's own words live here, and so
// does Chinese for what the catalogue gives in English only (the reasons an
// indicator is not computed, some reported figures).

const STRINGS = {
  en: {
    eyebrow: 'Taichung · Strengthening Social Safety Net',
    title: 'Safety net indicators',
    hubName: 'Safety Net Hub',
    language: 'Language',
    filters: 'Filters',
    year: 'Year',
    period: 'Period',
    district: 'District',
    wholeYear: 'Whole year',
    quarters: 'Quarters',
    months: 'Months',
    allDistricts: 'All districts (city-wide)',
    indicators: 'Indicators',
    skipToIndicators: 'Skip to the indicators',
    chartIndicator: 'Indicator shown in the charts',
    showInCharts: 'Show in charts',
    shownInCharts: 'Shown in charts',
    districtChart: 'Comparison by district',
    trendChart: 'Trend over the year',
    byMonth: 'By month',
    byQuarter: 'By quarter',
    showTable: 'Show the figures as a table',
    notCarried: 'Indicators the hub cannot compute yet',
    notCarriedIntro: 'These rows of the city’s KPI catalogue are reported by hand until their data reaches the hub:',
    reported2023: '2023 reported',
    target: 'Target',
    met: 'Target met',
    notMet: 'Target not met',
    noTarget: 'No target',
    noValue: 'No value for this period',
    notReturned: 'Not returned yet',
    reportedBy: (unit, day) => `Reported by ${unit} on ${day}`,
    suppressed: (k) => `Suppressed (fewer than ${k})`,
    suppressedShort: 'suppressed',
    noData: 'no records',
    missingLegend: '× on the axis: suppressed or no records in that period (not zero).',
    loading: 'Loading…',
    updated: (period) => `Showing ${period}.`,
    unavailable: (group, message) => `${group} could not be loaded: ${message}`,
    forbidden: 'This token may not read indicators. Ask for a token with the ANALYST role.',
    failed: (message) => `The hub did not answer: ${message}`,
    tokenHeading: 'Open the dashboard with an analyst token',
    tokenLabel: 'ANALYST token',
    tokenSubmit: 'Open the dashboard',
    tokenHint: 'Tokens are printed by the hub on start, or by',
    tokenMissing: 'No token was given.',
    tokenExpired: 'The token was refused or has expired. Paste a new one.',
    signOut: 'Forget token',
    footer: (k) => `Aggregates only: no person-level data is shown. Counts below ${k} are suppressed together with the counts that would reveal them.`,
    district_UNKNOWN: 'District unknown',
    value: 'Value',
    periodColumn: 'Period',
    demoBanner: 'Demo data (a simulated city, not real cases)',
    demoScale: (share) => `: ${share} of the city’s size.`,
    demoScenario: (name) => `: scenario “${name}”.`,
    demoNotComparable: (share) => `the demo city is ${share} of the city, so the figures are not comparable`,
    shareOfCity: (share, city) => `${share} of the city’s ${city}`,
    cityRate: (rate) => `City: ${rate}`,
    problemNetwork: 'the hub could not be reached',
  },
  zh: {
    eyebrow: '臺中市 · 強化社會安全網',
    title: '社會安全網績效指標',
    hubName: '社會安全網資料平臺',
    language: '語言',
    filters: '篩選條件',
    year: '年度',
    period: '期間',
    district: '行政區',
    wholeYear: '全年',
    quarters: '季',
    months: '月',
    allDistricts: '全市(所有行政區)',
    indicators: '指標',
    skipToIndicators: '跳至指標',
    chartIndicator: '圖表顯示的指標',
    showInCharts: '在圖表中顯示',
    shownInCharts: '已在圖表中顯示',
    districtChart: '各行政區比較',
    trendChart: '年度趨勢',
    byMonth: '按月',
    byQuarter: '按季',
    showTable: '以表格顯示數據',
    notCarried: '平臺尚無法計算的指標',
    notCarriedIntro: '以下績效指標的資料尚未進入平臺,仍以人工方式填報:',
    reported2023: '112年度填報',
    target: '目標',
    met: '達成目標',
    notMet: '未達目標',
    noTarget: '無目標值',
    noValue: '本期間無數值',
    notReturned: '尚未填報',
    reportedBy: (unit, day) => `${unit}於${day}填報`,
    suppressed: (k) => `已隱藏(少於${k})`,
    suppressedShort: '已隱藏',
    noData: '無資料',
    missingLegend: '橫軸上的 × 表示該期間數值已隱藏或無資料(並非零)。',
    loading: '載入中…',
    updated: (period) => `目前顯示:${period}。`,
    unavailable: (group, message) => `${group}無法載入:${message}`,
    forbidden: '此權杖無權讀取指標,請申請具 ANALYST 角色的權杖。',
    failed: (message) => `平臺沒有回應:${message}`,
    tokenHeading: '以分析人員權杖開啟儀表板',
    tokenLabel: 'ANALYST 權杖',
    tokenSubmit: '開啟儀表板',
    tokenHint: '平臺啟動時會印出權杖,或執行',
    tokenMissing: '尚未提供權杖。',
    tokenExpired: '權杖遭拒或已過期,請貼上新的權杖。',
    signOut: '清除權杖',
    footer: (k) => `僅顯示統計數據,不含任何個人資料。少於${k}的數值,連同可能推知該數值的其他數值,一律隱藏。`,
    district_UNKNOWN: '行政區不詳',
    value: '數值',
    periodColumn: '期間',
    // Half-width punctuation: the served font's Traditional Chinese file may lack the full-width forms.
    demoBanner: '示範資料 (模擬城市, 非真實個案)',
    demoScale: (share) => `:規模為全市的${share}。`,
    demoScenario: () => ':依112年度報告數字重建的情境。',
    demoNotComparable: (share) => `模擬城市僅為全市的${share},數值無法比較`,
    shareOfCity: (share, city) => `占全市${city}的${share}`,
    cityRate: (rate) => `全市:${rate}`,
    problemNetwork: '無法連線到平臺',
  },
};

/** Headings of the indicator groups the report has today; a group added later falls back to its field name. */
const GROUPS = {
  caseIndicators: { en: 'Case work', zh: '個案服務' },
  welfareIndicators: { en: 'Welfare subsidies', zh: '社會救助與福利' },
  educationIndicators: { en: 'Education', zh: '教育' },
  laborIndicators: { en: 'Employment', zh: '就業' },
  crossAgencyIndicators: { en: 'Cross-agency work', zh: '跨網絡合作' },
  welfareCrossAgencyIndicators: { en: 'Cross-agency work: social assistance', zh: '跨網絡合作:社會救助' },
  meetingIndicators: { en: 'Cross-network meetings (from the meeting records)', zh: '跨網絡會議(依平臺會議紀錄)' },
  enteredIndicators: { en: 'Entered by the units (returns reviewed by the secretariat)', zh: '各單位填報(經幕僚單位審核)' },
};

/** The units that enter returns, by code, as the provenance line names them. */
const UNIT_NAMES = {
  SOCIAL: { en: 'Social Affairs', zh: '社會局' },
  PROTECTION: { en: 'the Prevention Centre', zh: '家防中心' },
  HEALTH: { en: 'Health', zh: '衛生局' },
  EDUCATION: { en: 'Education', zh: '教育局' },
  LABOR: { en: 'Labor Affairs', zh: '勞工局' },
  POLICE: { en: 'the Police', zh: '警察局' },
  JUSTICE: { en: 'the Prosecutors Office', zh: '地方檢察署' },
  CIVIL_AFFAIRS: { en: 'Civil Affairs', zh: '民政局' },
  INDIGENOUS: { en: 'Indigenous Affairs', zh: '原住民族事務委員會' },
};

/** Who reported an entered figure and when (Taipei day), for each return it rests on. */
export function reportedByText(lang, provenance) {
  const day = (instant) => new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return provenance.map((p) => t(lang, 'reportedBy', UNIT_NAMES[p.unit]?.[lang] ?? p.unit, day(p.enteredAt))).join(lang === 'zh' ? ';' : '; ');
}

/**
 * Why the hub cannot compute an indicator yet, in Chinese, by indicator id.
 * Each entry keeps the English it translates: when the catalogue's reason
 * changes, the page shows the new English (marked as English) rather than a
 * stale translation, and test/dashboard/labels.test.ts fails until it is
 * translated again.
 */
const NOT_CARRIED_ZH = {
  CHILD_FAMILY_FOLLOWUP_COVERAGE: {
    en: 'the families due a follow-up visit (the denominator) come from the health bureau’s birth follow-up list, which no connector holds',
    zh: '應追蹤訪視的家庭(分母)來自衛生局的新生兒追蹤名冊,目前沒有任何介接系統提供',
  },
  EARLY_INTERVENTION_DISTRICTS_COVERED: { en: 'community resource sites are not recorded in the hub', zh: '社區資源據點未記錄於平臺' },
  COMMUNITY_SUPPORT_SITES_DISTRICTS: { en: 'community support sites are not recorded in the hub', zh: '社區支持服務據點未記錄於平臺' },
  SCHOOLS_ANTI_EXPLOITATION_SESSIONS: {
    en: 'school awareness sessions are not in the education register the hub reads',
    zh: '學校宣導場次不在平臺介接的教育資料中',
  },
  PARENTING_SHARE_OF_FAMILY_EDUCATION: { en: 'family-education participation is not in any connector', zh: '家庭教育參與資料不在任何介接系統中' },
  AT_RISK_YOUTH_OPENING_RATE: {
    en: 'the police juvenile guidance committee’s referrals (the denominator) are not in the hub; the opened cases are counted as CASES_AT_RISK_YOUTH',
    zh: '少年輔導委員會的轉介案件(分母)不在平臺中;已開案的案件計入「曝險少年輔導個案」指標',
  },
  SOCIAL_WORKER_STAFFING: {
    en: 'positions are approved and filled in each unit’s personnel records, which no connector reads',
    zh: '社工員額核定與進用記錄在各單位人事資料中,沒有任何介接系統讀取',
  },
};

/** The catalogue's 2023 reported figures that carry words, in Chinese; figures alone need none. */
const REPORTED_ZH = {
  '100% (phase 1)': '100%(第一期)',
  '181 / 185 = 98% (phase 1)': '181 / 185 = 98%(第一期)',
  '3,955 cases': '3,955件',
  '201 (164 new + 37 carried over)': '201件(新案164件+舊案延續37件)',
  '58 opened': '開案58件',
  '88.75% (87.59% after follow-up)': '88.75%(追蹤後87.59%)',
  '— (cross-agency view, not in the report)': '—(跨網絡檢視,報告未列)',
  '12 meetings, 187 cases': '會議12場,討論187案',
  '29/29 = 100%; service coverage 44%': '29/29 = 100%;服務涵蓋率44%',
  '18/29 = 62% (37 sites by 28 NGOs)': '18/29 = 62%(28個民間團體設置37處據點)',
  '3 city-level, 55 district-level, 55 release-transition, 41 case conferences': '市級3場、區級55場、出監(院)轉銜55場、個案研討會41場',
};

/** What went wrong, by error code, for a Chinese reader; the hub's messages are English. */
const PROBLEMS_ZH = {
  UPSTREAM_UNAVAILABLE: '資料來源機關的系統暫時無法連線',
  SERVICE_UNAVAILABLE: '平臺的資料庫暫時無法使用',
  RATE_LIMITED: '請求次數過多,請稍後再試',
  FORBIDDEN: '此權杖無權讀取這些資料',
  BAD_USER_INPUT: '查詢條件不正確',
  PERSISTED_QUERY_REQUIRED: '平臺不接受此查詢',
  PERSISTED_QUERY_NOT_FOUND: '平臺不接受此查詢',
};

const UNITS = {
  CASES: { en: 'cases', zh: '件' },
  CONTACTS: { en: 'contacts', zh: '人次' },
  VISITS: { en: 'visits', zh: '次' },
  MEETINGS: { en: 'meetings', zh: '場' },
};

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const LANGUAGES = ['en', 'zh'];

/** The page's word for `key`; functions take the arguments that complete the sentence. */
export function t(lang, key, ...args) {
  const entry = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return typeof entry === 'function' ? entry(...args) : entry;
}

export function htmlLang(lang) {
  return lang === 'zh' ? 'zh-Hant-TW' : 'en';
}

function locale(lang) {
  return lang === 'zh' ? 'zh-TW' : 'en-GB';
}

export function formatNumber(lang, n) {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(n);
}

/** "99.12%" for a ratio, "1,234 cases" / "1,234 件" for a count. */
export function formatValue(lang, unit, value) {
  if (value === null || value === undefined) return '—';
  if (unit === 'PERCENT') return `${formatNumber(lang, value)}%`;
  const word = UNITS[unit]?.[lang];
  return word ? `${formatNumber(lang, value)} ${word}` : formatNumber(lang, value);
}

/** An axis tick: the number alone, with % for a ratio; the axis title names the unit. */
export function formatTick(lang, unit, value) {
  return unit === 'PERCENT' ? `${formatNumber(lang, value)}%` : formatNumber(lang, value);
}

/** The unit alone, for the tile's large figure. */
export function unitSuffix(lang, unit) {
  if (unit === 'PERCENT') return '%';
  return UNITS[unit]?.[lang] ?? '';
}

export function formatTarget(lang, unit, target, direction) {
  if (target === null || target === undefined) return null;
  const sign = direction === 'AT_MOST' ? '≤' : '≥';
  return `${sign} ${formatValue(lang, unit, target)}`;
}

/** Known groups in the order the city's report presents them; others follow in the API's order. */
export function groupRank(field) {
  const rank = Object.keys(GROUPS).indexOf(field);
  return rank === -1 ? Number.MAX_SAFE_INTEGER : rank;
}

export function groupHeading(lang, field) {
  const known = GROUPS[field];
  if (known) return known[lang];
  if (lang === 'zh') return '其他指標';
  // "crossAgencyIndicators" → "Cross agency": readable until the group gets its own heading above.
  const words = field.replace(/Indicators$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function monthName(lang, month) {
  return lang === 'zh' ? `${month}月` : MONTHS_EN[month - 1];
}

export function quarterName(lang, quarter) {
  return lang === 'zh' ? `第${quarter}季` : `Q${quarter}`;
}

/** "2023 Q2" / "112年第2季": the period in the reader's own calendar. */
export function periodName(lang, year, quarter, month) {
  if (lang === 'zh') {
    const roc = `民國${year - 1911}年`;
    if (quarter) return `${roc}第${quarter}季(${year})`;
    if (month) return `${roc}${month}月(${year})`;
    return `${roc}(${year})`;
  }
  const roc = ` (ROC ${year - 1911})`;
  if (quarter) return `${year} Q${quarter}${roc}`;
  if (month) return `${MONTHS_EN[month - 1]} ${year}${roc}`;
  return `${year}${roc}`;
}

export function districtName(lang, districts, code) {
  if (code === null || code === undefined) return t(lang, 'allDistricts');
  const district = districts.get(code);
  if (!district) return code === 'UNKNOWN' ? t(lang, 'district_UNKNOWN') : code;
  return lang === 'zh' ? district.nameZh : district.name;
}

export function indicatorLabel(lang, indicator) {
  return (lang === 'zh' ? indicator.labelZh : indicator.labelEn) ?? indicator.id;
}

/** { text, lang }: the reason an indicator is not computed, in Chinese where its English has a translation. */
export function notCarriedReason(lang, indicator) {
  const english = indicator.notCarriedBecause ?? '';
  const known = NOT_CARRIED_ZH[indicator.id];
  if (lang === 'zh' && known && known.en === english) return { text: known.zh, lang: htmlLang('zh') };
  return { text: english, lang: 'en' };
}

/** The city's 2023 reported figure as the catalogue writes it, its words in Chinese for a Chinese reader. */
export function reportedFigure(lang, indicator) {
  const text = indicator.reported2023 ?? '';
  return lang === 'zh' ? (REPORTED_ZH[text] ?? text) : text;
}

/**
 * A problem the page met: { message, codes, status }. English readers get the
 * hub's own message; Chinese readers a sentence chosen by error code.
 */
export function problemText(lang, { message, codes = [], status }) {
  if (lang !== 'zh') return message;
  const known = codes.map((code) => PROBLEMS_ZH[code]).find(Boolean);
  if (known) return known;
  if (status) return `平臺回應錯誤(HTTP ${status})`;
  if (codes.length === 0) return t(lang, 'problemNetwork');
  return '發生未預期的錯誤';
}

function percentOfCity(lang, scale) {
  return `${formatNumber(lang, scale * 100)}%`;
}

/** The banner over a demo city (src/dashboard/router.ts reads what the seed recorded); null for a real one. */
export function demoBanner(lang, city) {
  if (!city?.demo) return null;
  if (city.scale) return `${t(lang, 'demoBanner')}${t(lang, 'demoScale', percentOfCity(lang, city.scale))}`;
  if (city.scenario) return `${t(lang, 'demoBanner')}${t(lang, 'demoScenario', city.scenario)}`;
  return t(lang, 'demoBanner');
}

/**
 * Beside the city's reported figure: a demo city at a fraction of the city
 * cannot be compared with it. A scenario is rebuilt to the report's own
 * figures, so it can.
 */
export function demoComparisonNote(lang, city) {
  if (!city?.demo || !city.scale || city.scale >= 1) return null;
  return t(lang, 'demoNotComparable', percentOfCity(lang, city.scale));
}
