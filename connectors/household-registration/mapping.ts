// The only place that knows the household registration system's field
// names and codes. Pure: an agency row becomes a registration or a reason.
import type { HouseholdEventKind, Relationship } from '../../src/generated/prisma/enums.ts';
import { identityBirthDate } from '../kit/identity-fields.ts';
import { parseRocDate } from '../kit/roc-date.ts';
import { cleanName, cleanText } from '../kit/text.ts';
import type { AgencyEventRow, AgencyMemberRow } from './source.ts';

/** 稱謂 codes of the household registration system. */
export const RELATION_CODES: Record<string, Relationship> = {
  '01': 'HEAD', '02': 'SPOUSE', '03': 'CHILD', '04': 'PARENT', '05': 'GRANDCHILD', '06': 'CHILD_IN_LAW',
  '07': 'GRANDPARENT', '08': 'SIBLING', '09': 'OTHER_RELATIVE', '10': 'NON_RELATIVE', '11': 'PARENT_IN_LAW',
};

/** 鄉鎮市區代碼 of Taichung's districts. */
export const TOWN_CODES: Record<string, string> = {
  '6600100': 'CENTRAL', '6600200': 'EAST', '6600300': 'SOUTH', '6600400': 'WEST', '6600500': 'NORTH', '6600600': 'XITUN',
  '6600700': 'NANTUN', '6600800': 'BEITUN', '6600900': 'FENGYUAN', '6601000': 'DONGSHI', '6601100': 'DAJIA', '6601200': 'QINGSHUI',
  '6601300': 'SHALU', '6601400': 'WUQI', '6601500': 'HOULI', '6601600': 'SHENGANG', '6601700': 'TANZI', '6601800': 'DAYA',
  '6601900': 'XINSHE', '6602000': 'SHIGANG', '6602100': 'WAIPU', '6602200': 'DAAN', '6602300': 'WURI', '6602400': 'DADU',
  '6602500': 'LONGJING', '6602600': 'WUFENG', '6602700': 'TAIPING', '6602800': 'DALI', '6602900': 'HEPING',
};

export interface MappedMember {
  sourceKey: string;
  householdNumber: string;
  nationalId: string | null;
  name: string | null;
  /** Null when unreadable on a record that links by its national ID (see dataQuality). */
  birthDate: Date | null;
  /** What was wrong with fields the record was stored without. */
  dataQuality: string[];
  relationship: Relationship;
  address: string | null;
  districtCode: string | null;
  registeredOn: Date | null;
  sourceUpdatedAt: Date;
}

export type MappingResult = { ok: true; member: MappedMember } | { ok: false; sourceKey: string; reason: string };

/** One person appears once per household: that pair is the record's identity at the source. */
export function sourceKeyOf(row: Pick<AgencyMemberRow, 'hh_no' | 'id_no' | 'nm' | 'birth_roc'>): string {
  const who = cleanText(row.id_no)?.toUpperCase() ?? `${cleanName(row.nm) ?? '?'}/${(row.birth_roc ?? '').trim()}`;
  return `${cleanText(row.hh_no) ?? '?'}:${who}`;
}

export function mapMember(row: AgencyMemberRow): MappingResult {
  const sourceKey = sourceKeyOf(row);
  const fail = (reason: string): MappingResult => ({ ok: false, sourceKey, reason });
  const householdNumber = cleanText(row.hh_no);
  if (!householdNumber) return fail('hh_no: household number is missing');
  const nationalId = cleanText(row.id_no)?.toUpperCase() ?? null;
  const birth = identityBirthDate(row.birth_roc, nationalId, 'birth_roc');
  if (!birth.ok) return fail(birth.reason);
  const relationship = RELATION_CODES[(row.rel_cd ?? '').trim()];
  if (!relationship) return fail(`rel_cd: unknown relationship code "${row.rel_cd ?? ''}"`);
  const town = (row.town_cd ?? '').trim();
  const districtCode = town ? TOWN_CODES[town] : null;
  if (town && !districtCode) return fail(`town_cd: unknown district code "${town}"`);
  let registeredOn: Date | null = null;
  if (row.reg_roc?.trim()) {
    const registered = parseRocDate(row.reg_roc);
    if (!registered.ok) return fail(`reg_roc: ${registered.reason}`);
    registeredOn = registered.date;
  }
  return {
    ok: true,
    member: {
      sourceKey,
      householdNumber,
      nationalId,
      name: cleanName(row.nm),
      birthDate: birth.date,
      dataQuality: birth.dataQuality,
      relationship,
      address: cleanText(row.addr),
      districtCode: districtCode ?? null,
      registeredOn,
      sourceUpdatedAt: row.upd_ts,
    },
  };
}

/** 登記類別 codes of the event table. */
export const EVENT_CODES: Record<string, HouseholdEventKind> = {
  '11': 'BIRTH', '21': 'MOVE_IN', '22': 'MOVE_OUT', '31': 'MARRIAGE', '32': 'DIVORCE', '41': 'DEATH',
};

export interface MappedEvent {
  /** The registration number (登記案號): a late correction carries the same one and replaces the event. */
  sourceKey: string;
  kind: HouseholdEventKind;
  occurredOn: Date;
  householdNumber: string | null;
  districtCode: string | null;
  nationalId: string | null;
  name: string | null;
  birthDate: Date | null;
  sourceUpdatedAt: Date;
}

export type EventMappingResult = { ok: true; event: MappedEvent } | { ok: false; sourceKey: string; reason: string };

/** Event keys share the connector's quarantine with member keys; the prefix keeps them apart. */
export function eventSourceKeyOf(row: Pick<AgencyEventRow, 'evt_no' | 'row_id'>): string {
  const number = cleanText(row.evt_no)?.toUpperCase();
  return number ? `event:${number}` : `event:row ${row.row_id}`;
}

export function mapEvent(row: AgencyEventRow): EventMappingResult {
  const sourceKey = eventSourceKeyOf(row);
  const fail = (reason: string): EventMappingResult => ({ ok: false, sourceKey, reason });
  if (!cleanText(row.evt_no)) return fail('evt_no: registration number is missing');
  const code = cleanText(row.evt_cd) ?? '';
  const kind = EVENT_CODES[code];
  if (!kind) return fail(`evt_cd: unknown event code "${code}"`);
  const occurred = parseRocDate(row.evt_roc);
  if (!occurred.ok) return fail(`evt_roc: ${occurred.reason}`);
  let birthDate: Date | null = null;
  if (cleanText(row.birth_roc)) {
    const birth = parseRocDate(row.birth_roc);
    if (!birth.ok) return fail(`birth_roc: ${birth.reason}`);
    birthDate = birth.date;
    if (occurred.date < birthDate) return fail(`evt_roc: "${cleanText(row.evt_roc)}" is before the person's birth date`);
  }
  const town = cleanText(row.town_cd) ?? '';
  const districtCode = town ? TOWN_CODES[town] : null;
  if (town && !districtCode) return fail(`town_cd: unknown district code "${town}"`);
  return {
    ok: true,
    event: {
      sourceKey,
      kind,
      occurredOn: occurred.date,
      householdNumber: cleanText(row.hh_no)?.toUpperCase() ?? null,
      districtCode: districtCode ?? null,
      nationalId: cleanText(row.id_no)?.toUpperCase() ?? null,
      name: cleanName(row.nm),
      birthDate,
      sourceUpdatedAt: row.upd_ts,
    },
  };
}
