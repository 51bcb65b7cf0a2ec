// The only place that knows the Labor Affairs Bureau API's field names and
// codes. Pure: an API item becomes a referral record or a reason.
import type { LaborOutcome, LaborServiceKind } from '../../src/generated/prisma/enums.ts';
import { identityBirthDate } from '../kit/identity-fields.ts';
import { parseRocDate } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';

/** An item as the agency API returns it. */
export interface LaborApiItem {
  case_no: string;
  idn: string | null;
  cname: string | null;
  birthday: string | null;
  service_type: string;
  disability_flag: string | null;
  referred_date: string | null;
  outcome: string | null;
  placed_date: string | null;
  modified_at: string;
}

export const SERVICE_TYPES: Record<string, LaborServiceKind> = { EMP: 'EMPLOYMENT_REFERRAL', VR: 'VOCATIONAL_REHABILITATION' };
export const OUTCOMES: Record<string, LaborOutcome> = { '01': 'IN_PROGRESS', '02': 'TRAINING', '03': 'PLACED', '04': 'CLOSED_WITHOUT_PLACEMENT' };

export interface MappedLaborReferral {
  caseNumber: string;
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
  kind: LaborServiceKind;
  mentalDisability: boolean;
  referredOn: Date;
  outcome: LaborOutcome;
  placedOn: Date | null;
  sourceUpdatedAt: Date;
}

export type LaborMapping = { ok: true; referral: MappedLaborReferral } | { ok: false; sourceKey: string; reason: string };

export function mapLaborItem(item: LaborApiItem): LaborMapping {
  const sourceKey = cleanText(item.case_no) ?? `?:${item.modified_at}`;
  const fail = (reason: string): LaborMapping => ({ ok: false, sourceKey, reason });
  if (!cleanText(item.case_no)) return fail('case_no: case number is missing');
  const birth = identityBirthDate(item.birthday, cleanText(item.idn)?.toUpperCase() ?? null, 'birthday');
  if (!birth.ok) return fail(birth.reason);
  const kind = SERVICE_TYPES[cleanText(item.service_type) ?? ''];
  if (!kind) return fail(`service_type: unknown service type "${item.service_type}"`);
  const outcome = OUTCOMES[cleanText(item.outcome) ?? ''];
  if (!outcome) return fail(`outcome: unknown outcome code "${item.outcome ?? ''}"`);
  const referred = parseRocDate(item.referred_date);
  if (!referred.ok) return fail(`referred_date: ${referred.reason}`);
  let placedOn: Date | null = null;
  if (cleanText(item.placed_date)) {
    const placed = parseRocDate(item.placed_date);
    if (!placed.ok) return fail(`placed_date: ${placed.reason}`);
    placedOn = placed.date;
  }
  if (outcome === 'PLACED' && !placedOn) return fail('placed_date: a placed referral needs its placement date');
  const modified = new Date(item.modified_at);
  if (Number.isNaN(modified.getTime())) return fail(`modified_at: "${item.modified_at}" is not a timestamp`);
  return {
    ok: true,
    referral: {
      caseNumber: sourceKey,
      nationalId: cleanText(item.idn)?.toUpperCase() ?? null,
      name: cleanName(item.cname),
      birthDate: birth.date,
      dataQuality: birth.dataQuality,
      kind,
      mentalDisability: (cleanText(item.disability_flag) ?? 'N').toUpperCase() === 'Y',
      referredOn: referred.date,
      outcome,
      placedOn,
      sourceUpdatedAt: modified,
    },
  };
}
