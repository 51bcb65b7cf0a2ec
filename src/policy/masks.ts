// How a MASK decision shows a value: enough to recognise the record, not
// enough to identify or locate the person.
import type { MaskName } from './types.ts';

/** A birth date shown only as its year; the PartialDate scalar prints it as YYYY. */
export class YearOnly {
  constructor(readonly year: number) {}
}

export function maskNationalId(value: string): string {
  return value.length <= 6 ? '*'.repeat(value.length) : `${value.slice(0, 3)}${'*'.repeat(value.length - 6)}${value.slice(-3)}`;
}

export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return '○';
  if (chars.length === 2) return `${chars[0]}○`;
  return `${chars[0]}${'○'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Keeps the city and district (臺中市西屯區) and drops the street and number. */
export function maskAddress(value: string): string {
  const match = /^(.{2,3}?[市縣])?(.{1,4}?[區鄉鎮市])/.exec(value);
  return match ? `${match[1] ?? ''}${match[2]}` : '';
}

export function maskBirthDate(value: Date): YearOnly {
  return new YearOnly(value.getUTCFullYear());
}

const AMOUNT_BAND = 5_000;

/** An amount in NT$ shown as the 5,000-wide band it falls in, e.g. "10000-14999". */
export function maskAmount(value: number): string {
  const low = Math.floor(value / AMOUNT_BAND) * AMOUNT_BAND;
  return `${low}-${low + AMOUNT_BAND - 1}`;
}

export function applyMask(mask: MaskName | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (mask) {
    case 'nationalId':
      return maskNationalId(String(value));
    case 'name':
      return maskName(String(value));
    case 'address':
      return maskAddress(String(value));
    case 'birthDate':
      return value instanceof Date ? maskBirthDate(value) : null;
    case 'amountRange':
      return Number.isFinite(Number(value)) ? maskAmount(Number(value)) : null;
    default:
      // A MASK rule without a mask must not leak the value.
      return null;
  }
}
