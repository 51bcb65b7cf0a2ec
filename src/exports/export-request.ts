// The query string of a download, checked before anything runs: a refusal
// names the parameter and the reason. Periods are checked by the same rules
// as indicatorReport's arguments (src/indicators/period.ts).
import { DISTRICT_CODES } from '../domain/codes.ts';
import { isBasePeriod, resolvePeriod } from '../indicators/period.ts';

export const LAYOUTS = ['council', 'ministry', 'districts'] as const;
export type ExportLayout = (typeof LAYOUTS)[number];
export type ExportFormat = 'xlsx' | 'csv';

export interface ExportRequest {
  year: number;
  quarter: number | null;
  month: number | null;
  /** A run of months (fromMonth–toMonth), when asked for instead of a quarter or month. */
  fromMonth: number | null;
  toMonth: number | null;
  district: string | null;
  layout: ExportLayout;
}

export type ParsedExportRequest = { ok: true; request: ExportRequest } | { ok: false; parameter: string; reason: string };

const PARAMETERS = ['year', 'quarter', 'month', 'fromMonth', 'toMonth', 'district', 'layout'] as const;
const WHOLE_NUMBER = /^\d{1,4}$/;

class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
  }
}

/** One string per parameter: a repeated one is ambiguous, an object (a[b]=c) is not a value. */
function single(query: Record<string, unknown>, name: string): string | null {
  const value = query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new BadParameter(name, 'give it once, as plain text');
  return value.trim();
}

function wholeNumber(query: Record<string, unknown>, name: string): number | null {
  const text = single(query, name);
  if (text === null || text === '') return null;
  if (!WHOLE_NUMBER.test(text)) throw new BadParameter(name, 'must be a whole number');
  return Number(text);
}

function check(query: Record<string, unknown>): ExportRequest {
  const unknown = Object.keys(query).find((name) => !(PARAMETERS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new BadParameter(unknown.slice(0, 40), `unknown parameter; use ${PARAMETERS.join(', ')}`);
  const year = wholeNumber(query, 'year');
  if (year === null) throw new BadParameter('year', 'is required (Gregorian, e.g. 2023 for 民國112年)');
  const quarter = wholeNumber(query, 'quarter');
  const month = wholeNumber(query, 'month');
  const fromMonth = wholeNumber(query, 'fromMonth');
  const toMonth = wholeNumber(query, 'toMonth');
  const period = resolvePeriod({ year, quarter, month, fromMonth, toMonth });
  if (!period.ok) throw new BadParameter(period.field, period.reason);
  const district = single(query, 'district') || null;
  if (district !== null && !(DISTRICT_CODES as readonly string[]).includes(district)) throw new BadParameter('district', 'is not a district code (e.g. XITUN)');
  const layout = single(query, 'layout') || 'council';
  if (!(LAYOUTS as readonly string[]).includes(layout)) throw new BadParameter('layout', `must be ${LAYOUTS.slice(0, -1).join(', ')} or ${LAYOUTS.at(-1)}`);
  // A run that is a quarter or a month is asked as one (one file name, one figure, whichever way it was asked).
  const run = !isBasePeriod(period.period);
  return {
    year,
    quarter: period.period.quarter,
    month: period.period.month,
    fromMonth: run ? period.period.fromMonth : null,
    toMonth: run ? period.period.toMonth : null,
    district,
    layout: layout as ExportLayout,
  };
}

export function parseExportRequest(query: Record<string, unknown>): ParsedExportRequest {
  try {
    return { ok: true, request: check(query) };
  } catch (error) {
    if (error instanceof BadParameter) return { ok: false, parameter: error.parameter, reason: error.reason };
    throw error;
  }
}
