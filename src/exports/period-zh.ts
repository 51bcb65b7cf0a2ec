// How agencies write a period and a place in a report: ROC years (民國),
// 112年第2季, 112年7月, 112年1至4月, and district names in Chinese.
import { DISTRICT_CODES, DISTRICT_LABELS, type DistrictCode } from '../domain/codes.ts';
import { UNKNOWN_DISTRICT } from '../indicators/year-cube.ts';

export interface ReportPeriod {
  rocYear: number;
  quarter: number | null;
  month: number | null;
  /** A run of months other than a quarter or month; null or absent otherwise. */
  fromMonth?: number | null;
  toMonth?: number | null;
}

/** e.g. 112年, 112年第2季, 112年7月, 112年1至4月. */
export function periodZh({ rocYear, quarter, month, fromMonth, toMonth }: ReportPeriod): string {
  if (quarter !== null) return `${rocYear}年第${quarter}季`;
  if (month !== null) return `${rocYear}年${month}月`;
  if (fromMonth && toMonth && !(fromMonth === 1 && toMonth === 12)) return `${rocYear}年${fromMonth}至${toMonth}月`;
  return `${rocYear}年`;
}

/** 全市 for the whole city; 不詳 for persons without a known district (UNKNOWN); otherwise the district's Chinese name (西屯區). */
export function districtZh(code: string | null): string {
  if (code === null) return '全市';
  if (code === UNKNOWN_DISTRICT) return '不詳';
  if (!(DISTRICT_CODES as readonly string[]).includes(code)) return code;
  // The labels read "Xitun (西屯區)" or "Heping (和平區, mountain …)": the Chinese name is first in the brackets.
  return /\(([^,)]+)/.exec(DISTRICT_LABELS[code as DistrictCode])?.[1] ?? code;
}
