// Reads a downloaded export back into rows keyed by the header, and states
// what each row must show for an indicator of the API's answer.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { IndicatorReportAnswer } from '../../src/exports/indicator-table.ts';

export type Indicator = NonNullable<IndicatorReportAnswer['caseIndicators']>[number] | NonNullable<IndicatorReportAnswer['enteredIndicators']>[number];
export type DistrictCell = NonNullable<Indicator['byDistrict']>[number];
export type Line = unknown[];

const MARKER = '—';

/** Every sheet of the workbook, in order. */
export async function xlsxSheets(body: ArrayBuffer): Promise<ExcelJS.Worksheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  return workbook.worksheets;
}

export async function xlsxSheet(body: ArrayBuffer): Promise<ExcelJS.Worksheet> {
  return (await xlsxSheets(body))[0]!;
}

export function xlsxLines(sheet: ExcelJS.Worksheet): Line[] {
  const lines: Line[] = [];
  for (let index = 1; index <= sheet.rowCount; index += 1) {
    const row = sheet.getRow(index);
    lines.push(Array.from({ length: Math.max(row.cellCount, 1) }, (_v, column) => row.getCell(column + 1).value ?? ''));
  }
  return lines;
}

export function csvLines(text: string): Line[] {
  return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as Line[];
}

/** The table under the header row (指標代碼 …), one object per row keyed by the header. */
export function tableOf(lines: Line[]): Record<string, unknown>[] {
  const headerAt = lines.findIndex((line) => line[0] === '指標代碼');
  const header = lines[headerAt] as string[];
  const rows: Record<string, unknown>[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line[0]) break;
    rows.push(Object.fromEntries(header.map((name, column) => [name, line[column] ?? ''])));
  }
  return rows;
}

/** Numerator, denominator and value as the sheet shows them: the marker for all three where the API hid the cell. */
function figures(cell: Pick<DistrictCell, 'numerator' | 'denominator' | 'value'>, unit: string | null, hidden: boolean, format: 'xlsx' | 'csv'): Record<string, unknown> {
  const figure = (n: number | null, decimals = 0) => (n === null ? '' : format === 'xlsx' ? n : n.toFixed(decimals));
  return {
    分子: hidden ? MARKER : figure(cell.numerator),
    分母: hidden ? MARKER : figure(cell.denominator),
    數值: hidden ? MARKER : cell.value === null ? '不適用' : figure(cell.value, unit === 'PERCENT' ? 2 : 0),
  };
}

/** What the sheet must show for an indicator: the API's figures, or the marker where it suppressed them. */
export function expectedRow(indicator: Indicator, format: 'xlsx' | 'csv'): Record<string, unknown> {
  const hidden = indicator.suppressed === true;
  if ('returned' in indicator && indicator.returned === false) {
    // An entered figure no accepted return covers: said so, never shown as 0.
    return { 指標代碼: indicator.id, 指標: indicator.labelZh, 分子: '', 分母: '', 數值: '未填報', 達成情形: indicator.target === null ? '' : '未填報', 資料來源: '未填報' };
  }
  const met = indicator.target === null ? '' : hidden ? MARKER : indicator.met === null ? '不適用' : indicator.met ? '達成' : '未達成';
  return { 指標代碼: indicator.id, 指標: indicator.labelZh, ...figures(indicator, indicator.unit, hidden, format), 達成情形: met };
}

/**
 * What the 各行政區 sheet must show for one district cell of an indicator:
 * the API's byDistrict figures, or the marker where it hid them; 達成情形
 * only for a percentage with a target, by the district's own value (a count
 * target is the city's, never a district's).
 */
export function expectedDistrictRow(indicator: Indicator, cell: DistrictCell, format: 'xlsx' | 'csv'): Record<string, unknown> {
  const hidden = cell.suppressed === true;
  const meets = (value: number) => (indicator.targetDirection === 'AT_MOST' ? value <= indicator.target! : value >= indicator.target!);
  const judged = indicator.target !== null && indicator.unit === 'PERCENT';
  const met = !judged ? '' : hidden ? MARKER : cell.value === null ? '不適用' : meets(cell.value) ? '達成' : '未達成';
  return {
    指標代碼: indicator.id,
    指標: indicator.labelZh,
    ...figures(cell, indicator.unit, hidden, format),
    達成情形: met,
    // The city's 2023 figure is never beside a district's.
    '民國112年(2023)報告數據': '',
    ...('returned' in indicator ? {} : { 資料來源: '平臺計算' }),
  };
}
