// Every word the dashboard shows, in English and Traditional Chinese, and the
// number formats of each language. Indicator and district names come from the
// API (labelEn/labelZh, name/nameZh); only the page's own words live here.

const STRINGS = {
  en: {
    eyebrow: 'Taichung · Strengthening Social Safety Net',
    title: 'Safety net indicators',
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
  },
  zh: {
    eyebrow: '臺中市 · 強化社會安全網',
    title: '社會安全網績效指標',
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
  },
};

/** Headings of the indicator groups the report has today; a group added later falls back to its field name. */
const GROUPS = {
  caseIndicators: { en: 'Case work', zh: '個案服務' },
  welfareIndicators: { en: 'Welfare subsidies', zh: '社會救助與福利' },
  educationIndicators: { en: 'Education', zh: '教育' },
  laborIndicators: { en: 'Employment', zh: '就業' },
  crossAgencyIndicators: { en: 'Cross-agency work', zh: '跨網絡合作' },
};

const UNITS = {
  CASES: { en: 'cases', zh: '件' },
  CONTACTS: { en: 'contacts', zh: '人次' },
  VISITS: { en: 'visits', zh: '次' },
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
