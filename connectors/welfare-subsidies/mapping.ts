// The only place that knows the welfare system's column names and codes.
// Pure: an export is recognised by its header columns, and each of its rows
// becomes a record of that kind, or a reason naming the agency's column.
import { identityBirthDate } from '../kit/identity-fields.ts';
import { parseRocDate, type RocDateResult } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';

export const STATUS_CODES: Record<string, 'LOW_INCOME' | 'MIDDLE_LOW_INCOME'> = { '1': 'LOW_INCOME', '2': 'MIDDLE_LOW_INCOME' };

export interface CodeLabel {
  en: string;
  zh: string;
}

export const SUBSIDY_KINDS: Record<string, CodeLabel> = {
  A01: { en: 'Living assistance', zh: '生活扶助' },
  A02: { en: "Children's living allowance", zh: '兒童生活補助' },
  B01: { en: 'Schooling living allowance', zh: '就學生活補助' },
  C01: { en: 'Rent subsidy', zh: '租屋補貼' },
  D01: { en: 'Disability living allowance', zh: '身心障礙者生活補助' },
};

/** The eight ICF-based categories of the disability certificate (身心障礙類別). */
export const DISABILITY_CATEGORIES: Record<string, CodeLabel> = {
  '1': { en: 'Nervous system structures; mental functions', zh: '第1類 神經系統構造及精神、心智功能' },
  '2': { en: 'Eye, ear and related structures; sensory functions and pain', zh: '第2類 眼、耳及相關構造與感官功能及疼痛' },
  '3': { en: 'Structures involved in voice and speech; their functions', zh: '第3類 涉及聲音與言語構造及其功能' },
  '4': { en: 'Cardiovascular, haematological, immunological and respiratory systems', zh: '第4類 循環、造血、免疫與呼吸系統構造及其功能' },
  '5': { en: 'Digestive, metabolic and endocrine systems', zh: '第5類 消化、新陳代謝與內分泌系統相關構造及其功能' },
  '6': { en: 'Genitourinary and reproductive systems', zh: '第6類 泌尿與生殖系統相關構造及其功能' },
  '7': { en: 'Neuromusculoskeletal and movement-related structures and functions', zh: '第7類 神經、肌肉、骨骼之移動相關構造及其功能' },
  '8': { en: 'Skin and related structures; their functions', zh: '第8類 皮膚與相關構造及其功能' },
};

/** Levels of the disability certificate (障礙等級). */
export const DISABILITY_LEVELS: Record<string, CodeLabel> = {
  '1': { en: 'Mild', zh: '輕度' },
  '2': { en: 'Moderate', zh: '中度' },
  '3': { en: 'Severe', zh: '重度' },
  '4': { en: 'Profound', zh: '極重度' },
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
  accountNo: '帳戶編號',
  openedOn: '開戶日期',
  depositMonth: '存款年月',
  depositAmount: '存款金額',
  missedMonth: '未存款年月',
  followupDate: '追蹤訪視日期',
  category: '障礙類別',
  level: '障礙等級',
  validFrom: '有效起日',
  validTo: '有效迄日',
  needsVisitDate: '需求評估訪視日期',
} as const;

interface Identity {
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
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

export interface MappedDeposit extends Identity {
  record: 'deposit';
  sourceKey: string;
  accountNo: string;
  openedOn: Date;
  /** First day of the month deposited for. */
  month: Date;
  /** NT$; 0 when the family did not deposit that month. */
  amount: number;
}

export interface MappedFollowupVisit extends Identity {
  record: 'followupVisit';
  sourceKey: string;
  accountNo: string;
  missedMonth: Date;
  visitDate: Date;
}

export interface MappedDisabilityCertificate extends Identity {
  record: 'disabilityCertificate';
  sourceKey: string;
  categoryCode: string;
  levelCode: string;
  validFrom: Date;
  validTo: Date | null;
}

export interface MappedNeedsAssessmentVisit extends Identity {
  record: 'needsAssessmentVisit';
  sourceKey: string;
  visitDate: Date;
}

export type WelfareRecord = MappedStatus | MappedSubsidy | MappedDeposit | MappedFollowupVisit | MappedDisabilityCertificate | MappedNeedsAssessmentVisit;
export type WelfareRecordKind = WelfareRecord['record'];

export type WelfareMapping = { ok: true; value: WelfareRecord } | { ok: false; sourceKey: string; reason: string };

type Row = Record<string, string>;
type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs the checks of a row in order; the first failure is the row's reason. */
class Reader {
  failure: string | null = null;
  constructor(private readonly row: Row) {}

  text(column: string): string | null {
    return cleanText(this.row[column]);
  }

  private take<T>(result: Checked<T>, fallback: T): T {
    if (!result.ok) this.failure ??= result.reason;
    return result.ok ? result.value : fallback;
  }

  date(column: string): Date {
    return this.take(fromRoc(column, parseRocDate(this.row[column])), EPOCH);
  }

  optionalDate(column: string): Date | null {
    return this.text(column) === null ? null : this.date(column);
  }

  /** An ROC month as the agency writes it: 112/03 or 11203. */
  month(column: string): Date {
    const text = this.text(column) ?? '';
    const parts = /^(\d{1,3})[/.-](\d{1,2})$/.exec(text) ?? /^(\d{2,3})(\d{2})$/.exec(text);
    const parsed: RocDateResult = parts ? parseRocDate(`${parts[1]}/${parts[2]}/01`) : { ok: false, reason: '' };
    return this.take(parsed.ok ? { ok: true, value: parsed.date } : { ok: false, reason: `${column}: "${text}" is not an ROC month (e.g. 112/03)` }, EPOCH);
  }

  amount(column: string): number {
    const raw = this.row[column] ?? '';
    const value = Number(cleanText(raw)?.replace(/,/g, '') ?? 'x');
    return this.take(Number.isInteger(value) && value >= 0 ? { ok: true, value } : { ok: false, reason: `${column}: "${raw}" is not an amount in NT$` }, 0);
  }

  code<T>(column: string, table: Record<string, T>, what: string): string {
    const code = this.text(column) ?? '';
    return this.take(table[code] !== undefined ? { ok: true, value: code } : { ok: false, reason: `${column}: unknown ${what} code "${this.row[column] ?? ''}"` }, code);
  }

  required(column: string): string {
    const text = this.text(column);
    return this.take(text !== null ? { ok: true, value: text } : { ok: false, reason: `${column}: empty` }, '');
  }

  notBefore(column: string, date: Date | null, start: Date, what: string): void {
    if (date !== null && date < start) this.failure ??= `${column}: ${what}`;
  }

  identity(): Identity {
    const nationalId = this.text(COLUMNS.nationalId)?.toUpperCase() ?? null;
    const birth = identityBirthDate(this.row[COLUMNS.birth], nationalId, COLUMNS.birth);
    if (!birth.ok) this.failure ??= birth.reason;
    return { nationalId, name: cleanName(this.row[COLUMNS.name]), birthDate: birth.ok ? birth.date : null, dataQuality: birth.ok ? birth.dataQuality : [] };
  }
}

const EPOCH = new Date(0);

function fromRoc(column: string, result: RocDateResult): Checked<Date> {
  return result.ok ? { ok: true, value: result.date } : { ok: false, reason: `${column}: ${result.reason}` };
}

/** Who a row is about, for its source key: the national ID, else name and birth date as written. */
function whoOf(row: Row): string {
  return cleanText(row[COLUMNS.nationalId])?.toUpperCase() ?? `${cleanName(row[COLUMNS.name]) ?? '?'}/${row[COLUMNS.birth] ?? ''}`;
}

interface ExportKind {
  /** Header columns that tell this export apart from the others. */
  signature: readonly string[];
  sourceKey(row: Row): string;
  /** The record of a row; the reader collects the first failure. */
  read(r: Reader, sourceKey: string): WelfareRecord;
}

const key = (row: Row, column: string) => cleanText(row[column]) ?? '';

export const EXPORTS: Record<WelfareRecordKind, ExportKind> = {
  status: {
    signature: [COLUMNS.status],
    sourceKey: (row) => `status:${whoOf(row)}:${key(row, COLUMNS.from)}`,
    read: (r, sourceKey) => {
      const identity = r.identity();
      const validFrom = r.date(COLUMNS.from);
      const validTo = r.optionalDate(COLUMNS.to);
      r.notBefore(COLUMNS.to, validTo, validFrom, 'ends before it starts');
      const code = r.code(COLUMNS.status, STATUS_CODES, 'status');
      return { record: 'status', sourceKey, kind: STATUS_CODES[code]!, validFrom, validTo, ...identity };
    },
  },
  subsidy: {
    signature: [COLUMNS.kind],
    sourceKey: (row) => `subsidy:${whoOf(row)}:${key(row, COLUMNS.kind)}:${key(row, COLUMNS.from)}`,
    read: (r, sourceKey) => {
      const identity = r.identity();
      const fromMonth = r.date(COLUMNS.from);
      const toMonth = r.optionalDate(COLUMNS.to);
      r.notBefore(COLUMNS.to, toMonth, fromMonth, 'ends before it starts');
      const kindCode = r.code(COLUMNS.kind, SUBSIDY_KINDS, 'subsidy');
      return { record: 'subsidy', sourceKey, kindCode, monthlyAmount: r.amount(COLUMNS.amount), fromMonth, toMonth, ...identity };
    },
  },
  deposit: {
    signature: [COLUMNS.depositMonth, COLUMNS.depositAmount],
    sourceKey: (row) => `deposit:${key(row, COLUMNS.accountNo) || whoOf(row)}:${key(row, COLUMNS.depositMonth)}`,
    read: (r, sourceKey) => {
      const identity = r.identity();
      const accountNo = r.required(COLUMNS.accountNo);
      const openedOn = r.date(COLUMNS.openedOn);
      const month = r.month(COLUMNS.depositMonth);
      r.notBefore(COLUMNS.depositMonth, month, new Date(Date.UTC(openedOn.getUTCFullYear(), openedOn.getUTCMonth(), 1)), 'before the account was opened');
      return { record: 'deposit', sourceKey, accountNo, openedOn, month, amount: r.amount(COLUMNS.depositAmount), ...identity };
    },
  },
  followupVisit: {
    signature: [COLUMNS.followupDate],
    sourceKey: (row) => `followup:${key(row, COLUMNS.accountNo) || whoOf(row)}:${key(row, COLUMNS.followupDate)}`,
    read: (r, sourceKey) => {
      const identity = r.identity();
      const accountNo = r.required(COLUMNS.accountNo);
      const missedMonth = r.month(COLUMNS.missedMonth);
      const visitDate = r.date(COLUMNS.followupDate);
      r.notBefore(COLUMNS.followupDate, visitDate, missedMonth, 'before the month without a deposit');
      return { record: 'followupVisit', sourceKey, accountNo, missedMonth, visitDate, ...identity };
    },
  },
  disabilityCertificate: {
    signature: [COLUMNS.category, COLUMNS.level],
    sourceKey: (row) => `disability:${whoOf(row)}:${key(row, COLUMNS.validFrom)}`,
    read: (r, sourceKey) => {
      const identity = r.identity();
      const categoryCode = r.code(COLUMNS.category, DISABILITY_CATEGORIES, 'disability category');
      const levelCode = r.code(COLUMNS.level, DISABILITY_LEVELS, 'disability level');
      const validFrom = r.date(COLUMNS.validFrom);
      const validTo = r.optionalDate(COLUMNS.validTo);
      r.notBefore(COLUMNS.validTo, validTo, validFrom, 'ends before it starts');
      return { record: 'disabilityCertificate', sourceKey, categoryCode, levelCode, validFrom, validTo, ...identity };
    },
  },
  needsAssessmentVisit: {
    signature: [COLUMNS.needsVisitDate],
    sourceKey: (row) => `needs-visit:${whoOf(row)}:${key(row, COLUMNS.needsVisitDate)}`,
    read: (r, sourceKey) => ({ record: 'needsAssessmentVisit', sourceKey, ...r.identity(), visitDate: r.date(COLUMNS.needsVisitDate) }),
  },
};

/** Which export a file is, by its header columns; null when it matches none. */
export function recognizeExport(headers: readonly string[]): WelfareRecordKind | null {
  const present = new Set(headers.map((h) => cleanText(h) ?? ''));
  const kinds = (Object.keys(EXPORTS) as WelfareRecordKind[]).filter((kind) => EXPORTS[kind].signature.every((column) => present.has(column)));
  return kinds.length === 1 ? kinds[0]! : null;
}

export function mapWelfareRow(row: Row, kind: WelfareRecordKind | null = recognizeExport(Object.keys(row))): WelfareMapping {
  if (kind === null) {
    return { ok: false, sourceKey: `unrecognised:${whoOf(row)}:${Object.values(row).join('|')}`, reason: `columns ${Object.keys(row).join(', ')} match no known export` };
  }
  const spec = EXPORTS[kind];
  const sourceKey = spec.sourceKey(row);
  const reader = new Reader(row);
  const value = spec.read(reader, sourceKey);
  return reader.failure === null ? { ok: true, value } : { ok: false, sourceKey, reason: reader.failure };
}
