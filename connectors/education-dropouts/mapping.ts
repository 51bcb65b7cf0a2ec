// The only place that knows the Education Bureau's dropout register field
// names. Pure: a register row becomes a dropout episode or a reason.
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
  birthDate: Date;
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
  const birth = parseRocDate(row.stu_birth);
  if (!birth.ok) return fail(`stu_birth: ${birth.reason}`);
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
      schoolCode,
      startedOn: started.date,
      returnedOn,
      referredToCounselling: referred,
      caseOpened: flag(row.open_flag),
      sourceUpdatedAt: row.upd_ts,
    },
  };
}
