// Dates in the ROC calendar (民國), as agency systems write them: 112/03/05,
// 112-3-5, 1120305 or 0680504 (year padded to three digits). Year + 1911.
export type RocDateResult = { ok: true; date: Date } | { ok: false; reason: string };

const SEPARATED = /^(\d{1,3})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const COMPACT = /^(\d{2,3})(\d{2})(\d{2})$/;

export function parseRocDate(raw: string | null | undefined): RocDateResult {
  const text = (raw ?? '').trim().replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[／－]/g, '/');
  if (!text) return { ok: false, reason: 'date is empty' };
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return { ok: false, reason: `"${text}" is not an ROC date (e.g. 112/03/05)` };
  const [year, month, day] = [Number(match[1]) + 1911, Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || Number(match[1]) === 0) {
    return { ok: false, reason: `"${text}" is not a date in the calendar` };
  }
  return { ok: true, date };
}

export function formatRocDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear() - 1911}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}
