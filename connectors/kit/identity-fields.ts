// A broken field that only serves to identify a person need not lose the
// record. The birth date of an agency record is used for nothing but
// linking; when it is unreadable and the record carries a checksum-valid
// national ID, linking can still confirm the person by ID and name
// (identity-linking.ts), so the record is stored with a data-quality note
// instead of being quarantined (before, 132 of 136 birth-date quarantines of
// the demo city carried a linkable ID, and indicators lost them). Without a
// valid ID the birth date is needed to find the person: the record is
// quarantined as before.
import { validateNationalId } from '../../src/domain/national-id.ts';
import { parseRocDate } from './roc-date.ts';

export type BirthDateField = { ok: true; date: Date | null; dataQuality: string[] } | { ok: false; reason: string };

export function identityBirthDate(raw: string | null | undefined, nationalId: string | null, column: string): BirthDateField {
  const parsed = parseRocDate(raw);
  if (parsed.ok) return { ok: true, date: parsed.date, dataQuality: [] };
  const reason = `${column}: ${parsed.reason}`;
  if (nationalId && validateNationalId(nationalId).ok) return { ok: true, date: null, dataQuality: [`${reason} (linked by national ID and name)`] };
  return { ok: false, reason };
}
