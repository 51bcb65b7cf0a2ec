// The only place that knows the prosecutors' transition register field
// names and codes. Pure: a register row becomes a transition or a reason.
import type { TransitionKind } from '../../src/generated/prisma/enums.ts';
import { UNIT_CODES, type UnitCode } from '../../src/domain/codes.ts';
import { identityBirthDate } from '../kit/identity-fields.ts';
import { parseRocDate } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';

/** A row as the District Prosecutors Office's transition register stores it. */
export interface TransitionRow {
  row_id: number;
  case_id: string | null;
  idno: string | null;
  pname: string | null;
  birth_roc: string | null;
  type_cd: string | null;
  start_roc: string | null;
  release_roc: string | null;
  meeting_roc: string | null;
  invited: string | null;
  upd_ts: Date;
  upd_ts_exact: string;
}

export const TYPE_CODES: Record<string, TransitionKind> = { D: 'DEFERRED_PROSECUTION_DRUG_TREATMENT', P: 'PRISON_RELEASE', H: 'HOSPITAL_RELEASE' };

export interface MappedTransition {
  sourceKey: string;
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
  kind: TransitionKind;
  startedOn: Date;
  releaseOn: Date | null;
  meetingOn: Date | null;
  invitedUnits: UnitCode[];
  sourceUpdatedAt: Date;
}

export type TransitionMapping = { ok: true; transition: MappedTransition } | { ok: false; sourceKey: string; reason: string };

function optionalDate(field: string, raw: string | null): { ok: true; date: Date | null } | { ok: false; reason: string } {
  if (!cleanText(raw)) return { ok: true, date: null };
  const parsed = parseRocDate(raw);
  return parsed.ok ? { ok: true, date: parsed.date } : { ok: false, reason: `${field}: ${parsed.reason}` };
}

export function mapTransitionRow(row: TransitionRow): TransitionMapping {
  const sourceKey = cleanText(row.case_id) ?? `?:${row.row_id}`;
  const fail = (reason: string): TransitionMapping => ({ ok: false, sourceKey, reason });
  if (!cleanText(row.case_id)) return fail('case_id: case number is missing');
  const kind = TYPE_CODES[cleanText(row.type_cd) ?? ''];
  if (!kind) return fail(`type_cd: unknown transition type "${row.type_cd ?? ''}"`);
  const birth = identityBirthDate(row.birth_roc, cleanText(row.idno)?.toUpperCase() ?? null, 'birth_roc');
  if (!birth.ok) return fail(birth.reason);
  const started = parseRocDate(row.start_roc);
  if (!started.ok) return fail(`start_roc: ${started.reason}`);
  const release = optionalDate('release_roc', row.release_roc);
  if (!release.ok) return fail(release.reason);
  const meeting = optionalDate('meeting_roc', row.meeting_roc);
  if (!meeting.ok) return fail(meeting.reason);
  const invited = (cleanText(row.invited) ?? '').split(/[;,、]/).map((u) => u.trim().toUpperCase()).filter(Boolean);
  const unknown = invited.find((u) => !(UNIT_CODES as readonly string[]).includes(u));
  if (unknown) return fail(`invited: unknown unit "${unknown}"`);
  return {
    ok: true,
    transition: {
      sourceKey,
      nationalId: cleanText(row.idno)?.toUpperCase() ?? null,
      name: cleanName(row.pname),
      birthDate: birth.date,
      dataQuality: birth.dataQuality,
      kind,
      startedOn: started.date,
      releaseOn: release.date,
      meetingOn: meeting.date,
      invitedUnits: invited as UnitCode[],
      sourceUpdatedAt: row.upd_ts,
    },
  };
}
