// Dates in the ROC calendar (民國), as agency systems write them: 112/03/05,
// 112-3-5, 1120305 or 0680504 (year padded to three digits). Year + 1911.
export type RocDateResult = { ok: true; date: Date } | { ok: false; reason: string };

/** The dates a field may hold: none after `latest()` (relative to today, so read at each call). */
export interface RocDateRange {
  latest: () => Date;
  /** How a date after `latest` is explained in the reason. */
  tooLate: string;
}

const DAY = 24 * 60 * 60 * 1000;
const today = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};
const yearsAhead = (years: number) => () => {
  const from = today();
  return new Date(Date.UTC(from.getUTCFullYear() + years, 11, 31));
};

/**
 * The ROC calendar starts in 1912 (year 1; a year 0 is refused below and the
 * form has no 民前 years), so no date can be earlier. The latest date depends
 * on the field:
 * - `planned` (the default, for any field a connector does not qualify): to the
 *   end of the year five years from now. The furthest ahead the registers
 *   look is a disability certificate's validity (reassessed at most every five
 *   years); statuses and subsidies are approved for the year, release and
 *   meeting dates are weeks or months ahead. A mistyped year such as 999
 *   (2910) or 213 (2124) is refused.
 * - `past`, for what has already happened (births, events, visits, deposits):
 *   not after tomorrow, the day of margin covering a clock or time zone
 *   ahead of ours (Taiwan is UTC+8).
 */
export const ROC_DATE_RANGES = {
  planned: { latest: yearsAhead(5), tooLate: 'later than any date the registers hold' },
  past: { latest: () => new Date(today().getTime() + DAY), tooLate: 'a date that has not happened yet' },
} satisfies Record<string, RocDateRange>;

const SEPARATED = /^(\d{1,3})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const COMPACT = /^(\d{2,3})(\d{2})(\d{2})$/;

export function parseRocDate(raw: string | null | undefined, range: RocDateRange = ROC_DATE_RANGES.planned): RocDateResult {
  const text = (raw ?? '').trim().replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[／－]/g, '/');
  if (!text) return { ok: false, reason: 'date is empty' };
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return { ok: false, reason: `"${text}" is not an ROC date (e.g. 112/03/05)` };
  const [year, month, day] = [Number(match[1]) + 1911, Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || Number(match[1]) === 0) {
    return { ok: false, reason: `"${text}" is not a date in the calendar` };
  }
  const latest = range.latest();
  if (date > latest) return { ok: false, reason: `"${text}" is after ${formatRocDate(latest)}, ${range.tooLate}` };
  return { ok: true, date };
}

export function formatRocDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear() - 1911}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}
