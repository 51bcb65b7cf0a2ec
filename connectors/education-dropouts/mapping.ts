// The only place that knows the Education Bureau's register field names and
// codes (dropout register, enrolment register). Pure: a register row becomes
// a dropout episode or an enrolment, or a reason naming the agency column.
import { identityBirthDate } from '../kit/identity-fields.ts';
import { parseRocDate } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';

/** A row as the dropout register (中輟通報及復學系統) stores it. */
export interface DropoutRow {
  row_id: number;
  stu_idno: string | null;
  stu_name: string | null;
  stu_birth: string | null;
  sch_code: string | null;
  drop_date: string | null;
  back_date: string | null;
  refer_flag: string | null;
  open_flag: string | null;
  upd_ts: Date;
  upd_ts_exact: string;
}

export interface MappedEpisode {
  sourceKey: string;
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
  schoolCode: string;
  startedOn: Date;
  returnedOn: Date | null;
  referredToCounselling: boolean;
  caseOpened: boolean;
  sourceUpdatedAt: Date;
}

export type EpisodeMapping = { ok: true; episode: MappedEpisode } | { ok: false; sourceKey: string; reason: string };

const flag = (value: string | null) => (cleanText(value) ?? 'N').toUpperCase() === 'Y';

export function mapDropoutRow(row: DropoutRow): EpisodeMapping {
  const who = cleanText(row.stu_idno)?.toUpperCase() ?? `${cleanName(row.stu_name) ?? '?'}/${row.stu_birth ?? ''}`;
  const sourceKey = `${cleanText(row.sch_code) ?? '?'}:${who}:${cleanText(row.drop_date) ?? ''}`;
  const fail = (reason: string): EpisodeMapping => ({ ok: false, sourceKey, reason });
  const schoolCode = cleanText(row.sch_code);
  if (!schoolCode || !/^\d{6}$/.test(schoolCode)) return fail(`sch_code: "${row.sch_code ?? ''}" is not a six-digit school code`);
  const birth = identityBirthDate(row.stu_birth, cleanText(row.stu_idno)?.toUpperCase() ?? null, 'stu_birth');
  if (!birth.ok) return fail(birth.reason);
  const started = parseRocDate(row.drop_date);
  if (!started.ok) return fail(`drop_date: ${started.reason}`);
  let returnedOn: Date | null = null;
  if (cleanText(row.back_date)) {
    const back = parseRocDate(row.back_date);
    if (!back.ok) return fail(`back_date: ${back.reason}`);
    if (back.date < started.date) return fail('back_date: return to school before the dropout started');
    returnedOn = back.date;
  }
  const referred = flag(row.refer_flag);
  if (flag(row.open_flag) && !referred) return fail('open_flag: a case cannot be opened without a school referral (refer_flag)');
  return {
    ok: true,
    episode: {
      sourceKey,
      nationalId: cleanText(row.stu_idno)?.toUpperCase() ?? null,
      name: cleanName(row.stu_name),
      birthDate: birth.date,
      dataQuality: birth.dataQuality,
      schoolCode,
      startedOn: started.date,
      returnedOn,
      referredToCounselling: referred,
      caseOpened: flag(row.open_flag),
      sourceUpdatedAt: row.upd_ts,
    },
  };
}

/** A row as the enrolment register (學籍, 在學紀錄) stores it. */
export interface EnrolmentRow {
  row_id: number;
  stu_idno: string | null;
  stu_name: string | null;
  stu_birth: string | null;
  sch_code: string | null;
  grade: string | null;
  enrol_date: string | null;
  leave_date: string | null;
  upd_ts: Date;
  upd_ts_exact: string;
}

export interface MappedEnrolment {
  sourceKey: string;
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
  schoolCode: string;
  /** Years of schooling, 1 (first year of elementary school) to 12 (last year of senior high). */
  grade: number;
  enrolledOn: Date;
  leftOn: Date | null;
  sourceUpdatedAt: Date;
}

export type EnrolmentMapping = { ok: true; enrolment: MappedEnrolment } | { ok: false; sourceKey: string; reason: string };

// The register's grade codes: E1–E6 國小, J1–J3 國中, S1–S3 高中/高職.
const GRADE_OFFSETS: Record<string, { offset: number; years: number }> = { E: { offset: 0, years: 6 }, J: { offset: 6, years: 3 }, S: { offset: 9, years: 3 } };

function gradeOf(code: string | null): number | null {
  const match = /^([EJS])([1-6])$/.exec((cleanText(code) ?? '').toUpperCase());
  const level = match ? GRADE_OFFSETS[match[1]!] : undefined;
  if (!match || !level || Number(match[2]) > level.years) return null;
  return level.offset + Number(match[2]);
}

export function mapEnrolmentRow(row: EnrolmentRow): EnrolmentMapping {
  const nationalId = cleanText(row.stu_idno)?.toUpperCase() ?? null;
  const who = nationalId ?? `${cleanName(row.stu_name) ?? '?'}/${cleanText(row.stu_birth) ?? ''}`;
  // Prefixed: the connector's quarantine holds both registers' keys side by side.
  const sourceKey = `enrol:${cleanText(row.sch_code) ?? '?'}:${who}:${cleanText(row.enrol_date) ?? ''}`;
  const fail = (reason: string): EnrolmentMapping => ({ ok: false, sourceKey, reason });
  const schoolCode = cleanText(row.sch_code);
  if (!schoolCode || !/^\d{6}$/.test(schoolCode)) return fail(`sch_code: "${row.sch_code ?? ''}" is not a six-digit school code`);
  const grade = gradeOf(row.grade);
  if (grade === null) return fail(`grade: "${row.grade ?? ''}" is not a known grade code (E1–E6, J1–J3, S1–S3)`);
  const birth = identityBirthDate(row.stu_birth, nationalId, 'stu_birth');
  if (!birth.ok) return fail(birth.reason);
  const enrolled = parseRocDate(row.enrol_date);
  if (!enrolled.ok) return fail(`enrol_date: ${enrolled.reason}`);
  if (birth.date && enrolled.date <= birth.date) return fail('enrol_date: enrolment before the student was born (stu_birth)');
  let leftOn: Date | null = null;
  if (cleanText(row.leave_date)) {
    const left = parseRocDate(row.leave_date);
    if (!left.ok) return fail(`leave_date: ${left.reason}`);
    if (left.date < enrolled.date) return fail('leave_date: leaving the school before enrolling (enrol_date)');
    leftOn = left.date;
  }
  return {
    ok: true,
    enrolment: {
      sourceKey,
      nationalId,
      name: cleanName(row.stu_name),
      birthDate: birth.date,
      dataQuality: birth.dataQuality,
      schoolCode,
      grade,
      enrolledOn: enrolled.date,
      leftOn,
      sourceUpdatedAt: row.upd_ts,
    },
  };
}
