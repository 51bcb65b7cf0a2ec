// The sheet both formats write: the council report's table of every
// indicator, or the ministry review's indicators with targets, for one
// period and place, laid out in Chinese as the city reports. Every figure is
// the API's protected answer as it came; a suppressed cell shows the marker.
// The cell helpers are shared with the district breakdown (district-table.ts).
import { UNIT_LABELS, type UnitCode } from '../domain/codes.ts';
import type { DashboardReportQuery } from '../client/graphql.ts';
import type { ExportLayout } from './export-request.ts';
import { districtZh, periodZh } from './period-zh.ts';

export type IndicatorReportAnswer = NonNullable<DashboardReportQuery['indicatorReport']>;
type ComputedAnswer = NonNullable<IndicatorReportAnswer['caseIndicators']>[number];
type EnteredAnswer = NonNullable<IndicatorReportAnswer['enteredIndicators']>[number];
/** A row of the sheet: a figure the hub computed, or one a unit entered (with `returned` and its provenance). */
export type IndicatorAnswer = ComputedAnswer | EnteredAnswer;

/** A figure, and how many decimals it is shown with. */
export interface NumberCell {
  number: number;
  decimals: 0 | 2;
}
export type ExportCell = string | NumberCell;

export interface ExportTable {
  sheetName: string;
  /** Title, period and place, above the header. */
  preamble: string[];
  header: string[];
  rows: ExportCell[][];
  /** Footnote and provenance, below the table. */
  notes: string[];
}

export interface Provenance {
  generatedAt: Date;
  /** The token subject's unit: who downloaded, without naming the person. */
  unit: UnitCode;
}

export const SUPPRESSED_MARKER = '—';

export const HEADER = ['指標代碼', '指標', '期間', '行政區', '分子', '分母', '數值', '單位', '目標', '達成情形', '民國112年(2023)報告數據', '資料來源'];

/** An entered figure no accepted return covers yet: the cell says so rather than showing 0. */
export const NOT_RETURNED = '未填報';

const TITLES: Record<ExportLayout, { title: string; sheet: string }> = {
  council: { title: '臺中市強化社會安全網計畫 指標統計表（市議會報告）', sheet: '議會報告' },
  ministry: { title: '臺中市強化社會安全網計畫 績效考核指標（衛生福利部績效考核）', sheet: '績效考核' },
  districts: { title: '臺中市強化社會安全網計畫 指標統計表（各行政區）', sheet: '各行政區' },
};

export const UNITS_ZH: Record<string, string> = { PERCENT: '%', CASES: '件', CONTACTS: '次', VISITS: '次', MEETINGS: '場' };

const SECTIONS = ['caseIndicators', 'welfareIndicators', 'educationIndicators', 'laborIndicators', 'crossAgencyIndicators', 'welfareCrossAgencyIndicators', 'meetingIndicators'] as const;

/** Every indicator of the answer, in the order its owners return them, then the figures the units entered. */
export function indicatorsOf(report: IndicatorReportAnswer): IndicatorAnswer[] {
  return [...SECTIONS.flatMap((section) => report[section] ?? []), ...(report.enteredIndicators ?? [])];
}

/** The indicators a layout lists: the ministry reviews only those with a target. */
export function indicatorsFor(report: IndicatorReportAnswer, layout: ExportLayout): IndicatorAnswer[] {
  return indicatorsOf(report).filter((indicator) => layout !== 'ministry' || indicator.target !== null);
}

const notReturned = (indicator: IndicatorAnswer) => 'returned' in indicator && indicator.returned === false;

/** A numerator or denominator: the marker where the API hid it, empty where there is none (a count's denominator). */
export function countCell(value: number | null, suppressed: boolean): ExportCell {
  if (suppressed) return SUPPRESSED_MARKER;
  return value === null ? '' : { number: value, decimals: 0 };
}

/** A value as the API gave it, for the city, a district or an indicator's own figure. */
export function figureCell(value: number | null, suppressed: boolean, unit: string | null): ExportCell {
  if (suppressed) return SUPPRESSED_MARKER;
  // Not hidden and still no value: a ratio over an empty denominator.
  if (value === null) return '不適用';
  return { number: value, decimals: unit === 'PERCENT' ? 2 : 0 };
}

function valueCell(indicator: IndicatorAnswer): ExportCell {
  if (notReturned(indicator)) return NOT_RETURNED;
  return figureCell(indicator.value, indicator.suppressed === true, indicator.unit);
}

export function targetText(indicator: IndicatorAnswer): string {
  if (indicator.target === null) return '';
  const side = indicator.targetDirection === 'AT_MOST' ? '≤' : '≥';
  const unit = indicator.unit === 'PERCENT' ? '%' : ` ${UNITS_ZH[indicator.unit ?? ''] ?? ''}`;
  return `${side} ${indicator.target}${unit}`;
}

/** 達成情形 of a figure that has a target: the marker where the figure is hidden, 不適用 where it has no value. */
export function metWord(met: boolean | null, suppressed: boolean): string {
  if (suppressed) return SUPPRESSED_MARKER;
  if (met === null) return '不適用';
  return met ? '達成' : '未達成';
}

function metText(indicator: IndicatorAnswer): string {
  if (indicator.target === null) return '';
  if (notReturned(indicator)) return NOT_RETURNED;
  return metWord(indicator.met, indicator.suppressed === true);
}

/** The catalogue marks rows the city's report did not have with a leading dash; they have no figure. */
export function reported(indicator: IndicatorAnswer): string {
  const text = indicator.reported2023 ?? '';
  return text.startsWith('—') ? '' : text;
}

function gregorianPeriod(report: IndicatorReportAnswer): string {
  const run = report.fromMonth && report.toMonth && !(report.fromMonth === 1 && report.toMonth === 12) ? `${report.fromMonth}至${report.toMonth}月` : '';
  const part = report.quarter !== null ? `第${report.quarter}季` : report.month !== null ? `${report.month}月` : run;
  return `西元${report.year}年${part}`;
}

/** The unit's name in Chinese: the labels end with it in brackets. */
function unitZh(unit: UnitCode): string {
  return /\(([^)]+)\)$/.exec(UNIT_LABELS[unit])?.[1] ?? unit;
}

/** Taipei has no daylight saving: UTC+8 all year. */
function taipeiTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const taipeiDay = (instant: string | null) => (instant ? taipeiTime(new Date(instant)).slice(0, 10) : '');

/** Where a figure comes from: computed by the hub, or which unit reported it and when the secretariat accepted it. */
export function sourceText(indicator: IndicatorAnswer): string {
  if (!('returned' in indicator)) return '平臺計算';
  if (!indicator.returned) return NOT_RETURNED;
  return (indicator.provenance ?? [])
    .map((p) => `${p.unit ? unitZh(p.unit as UnitCode) : ''}${p.line ? `（${p.line}）` : ''}${p.district ? `${districtZh(p.district)}` : ''}${taipeiDay(p.enteredAt)}填報，秘書處${taipeiDay(p.reviewedAt)}審核`)
    .join('；');
}

/** The report's period as the city writes it (112年第2季). */
export function reportPeriodZh(report: IndicatorReportAnswer): string {
  return periodZh({ rocYear: report.rocYear ?? report.year! - 1911, quarter: report.quarter, month: report.month, fromMonth: report.fromMonth, toMonth: report.toMonth });
}

/** Rows under the layout's title, period and place, with the suppression footnote and who made the file: the same frame for every sheet. */
export function framedTable(report: IndicatorReportAnswer, layout: ExportLayout, rows: ExportCell[][], provenance: Provenance): ExportTable {
  const place = districtZh(report.district);
  return {
    sheetName: TITLES[layout].sheet,
    preamble: [TITLES[layout].title, `期間：民國${reportPeriodZh(report)}（${gregorianPeriod(report)}）　範圍：${place}`],
    header: HEADER,
    rows,
    notes: [
      `註：「${SUPPRESSED_MARKER}」隱藏：少於 ${report.minCellSize} 人的格及其互補格（避免由總數推算）。`,
      `產製時間：${taipeiTime(provenance.generatedAt)}（臺北時間）；下載單位：${unitZh(provenance.unit)}（${provenance.unit}）；資料來源：Safety Net Hub indicatorReport，與 API 相同之保護後數值。`,
    ],
  };
}

/** The council or ministry table: one row per indicator, for the report's own place. */
export function indicatorTable(report: IndicatorReportAnswer, layout: Exclude<ExportLayout, 'districts'>, provenance: Provenance): ExportTable {
  const period = reportPeriodZh(report);
  const place = districtZh(report.district);
  const rows = indicatorsFor(report, layout).map((indicator): ExportCell[] => [
    indicator.id ?? '',
    indicator.labelZh ?? indicator.labelEn ?? '',
    period,
    place,
    countCell(indicator.numerator, indicator.suppressed === true),
    countCell(indicator.denominator, indicator.suppressed === true),
    valueCell(indicator),
    UNITS_ZH[indicator.unit ?? ''] ?? '',
    targetText(indicator),
    metText(indicator),
    reported(indicator),
    sourceText(indicator),
  ]);
  return framedTable(report, layout, rows, provenance);
}
