// The only place that knows the welfare system's column names and codes.
// Pure: a CSV row becomes a status or subsidy record, or a reason.
import { parseRocDate } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';

export const STATUS_CODES: Record<string, 'LOW_INCOME' | 'MIDDLE_LOW_INCOME'> = { '1': 'LOW_INCOME', '2': 'MIDDLE_LOW_INCOME' };

export const SUBSIDY_KINDS: Record<string, { en: string; zh: string }> = {
  A01: { en: 'Living assistance', zh: '生活扶助' },
  A02: { en: "Children's living allowance", zh: '兒童生活補助' },
  B01: { en: 'Schooling living allowance', zh: '就學生活補助' },
  C01: { en: 'Rent subsidy', zh: '租屋補貼' },
  D01: { en: 'Disability living allowance', zh: '身心障礙者生活補助' },
};

export const COLUMNS = {
  nationalId: '身分證統一編號',
  name: '姓名',
  birth: '出生日期',
  status: '福利身分別',
  from: '核定起日',
  to: '核定迄日',
  kind: '補助項目代碼',
  amount: '月補助金額',
} as const;

interface Identity {
  nationalId: string | null;
  name: string | null;
  birthDate: Date;
}

export interface MappedStatus extends Identity {
  record: 'status';
  sourceKey: string;
  kind: 'LOW_INCOME' | 'MIDDLE_LOW_INCOME';
  validFrom: Date;
  validTo: Date | null;
}

export interface MappedSubsidy extends Identity {
  record: 'subsidy';
  sourceKey: string;
  kindCode: string;
  monthlyAmount: number;
  fromMonth: Date;
  toMonth: Date | null;
}

export type WelfareMapping = { ok: true; value: MappedStatus | MappedSubsidy } | { ok: false; sourceKey: string; reason: string };

function identityOf(row: Record<string, string>): { ok: true; identity: Identity } | { ok: false; reason: string } {
  const birth = parseRocDate(row[COLUMNS.birth]);
  if (!birth.ok) return { ok: false, reason: `${COLUMNS.birth}: ${birth.reason}` };
  return { ok: true, identity: { nationalId: cleanText(row[COLUMNS.nationalId])?.toUpperCase() ?? null, name: cleanName(row[COLUMNS.name]), birthDate: birth.date } };
}

function period(row: Record<string, string>): { ok: true; from: Date; to: Date | null } | { ok: false; reason: string } {
  const from = parseRocDate(row[COLUMNS.from]);
  if (!from.ok) return { ok: false, reason: `${COLUMNS.from}: ${from.reason}` };
  if (!cleanText(row[COLUMNS.to])) return { ok: true, from: from.date, to: null };
  const to = parseRocDate(row[COLUMNS.to]);
  if (!to.ok) return { ok: false, reason: `${COLUMNS.to}: ${to.reason}` };
  if (to.date < from.date) return { ok: false, reason: `${COLUMNS.to}: ends before it starts` };
  return { ok: true, from: from.date, to: to.date };
}

export function mapWelfareRow(row: Record<string, string>): WelfareMapping {
  const who = cleanText(row[COLUMNS.nationalId])?.toUpperCase() ?? `${cleanName(row[COLUMNS.name]) ?? '?'}/${row[COLUMNS.birth] ?? ''}`;
  const isStatus = COLUMNS.status in row;
  const sourceKey = isStatus ? `status:${who}:${cleanText(row[COLUMNS.from]) ?? ''}` : `subsidy:${who}:${cleanText(row[COLUMNS.kind]) ?? ''}:${cleanText(row[COLUMNS.from]) ?? ''}`;
  const fail = (reason: string): WelfareMapping => ({ ok: false, sourceKey, reason });
  const identity = identityOf(row);
  if (!identity.ok) return fail(identity.reason);
  const span = period(row);
  if (!span.ok) return fail(span.reason);
  if (isStatus) {
    const kind = STATUS_CODES[cleanText(row[COLUMNS.status]) ?? ''];
    if (!kind) return fail(`${COLUMNS.status}: unknown status code "${row[COLUMNS.status] ?? ''}"`);
    return { ok: true, value: { record: 'status', sourceKey, kind, validFrom: span.from, validTo: span.to, ...identity.identity } };
  }
  const kindCode = cleanText(row[COLUMNS.kind]) ?? '';
  if (!SUBSIDY_KINDS[kindCode]) return fail(`${COLUMNS.kind}: unknown subsidy code "${kindCode}"`);
  const amount = Number(cleanText(row[COLUMNS.amount])?.replace(/,/g, ''));
  if (!Number.isInteger(amount) || amount < 0) return fail(`${COLUMNS.amount}: "${row[COLUMNS.amount] ?? ''}" is not an amount in NT$`);
  return { ok: true, value: { record: 'subsidy', sourceKey, kindCode, monthlyAmount: amount, fromMonth: span.from, toMonth: span.to, ...identity.identity } };
}
