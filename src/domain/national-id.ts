// Taiwan's national ID (身分證統一編號) and resident certificate numbers
// (居留證統一證號): a letter for the place of first registration, a digit or
// letter for sex and kind, seven serial digits and a check digit.
export type NationalIdKind = 'NATIONAL' | 'RESIDENT_NEW' | 'RESIDENT_OLD';
export type IdSex = 'MALE' | 'FEMALE' | 'UNKNOWN';

export type NationalIdCheck =
  | { ok: true; value: string; kind: NationalIdKind; sex: IdSex }
  | { ok: false; reason: string };

// The two-digit value of each region letter; I, O, W, X, Y, Z were added last.
const LETTER_VALUES: Record<string, number> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];

/** Full-width letters and digits (common in agency exports) become ASCII. */
function normalise(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

function checksumOk(letter: string, digits: number[]): boolean {
  const value = LETTER_VALUES[letter]!;
  const all = [Math.floor(value / 10), value % 10, ...digits];
  return all.reduce((sum, digit, i) => sum + digit * WEIGHTS[i]!, 0) % 10 === 0;
}

function checkDigitFor(letter: string, firstEight: number[]): number {
  const value = LETTER_VALUES[letter]!;
  const all = [Math.floor(value / 10), value % 10, ...firstEight];
  const sum = all.reduce((acc, digit, i) => acc + digit * WEIGHTS[i]!, 0);
  return (10 - (sum % 10)) % 10;
}

export function validateNationalId(raw: string): NationalIdCheck {
  const value = normalise(raw);
  if (value.length !== 10) return { ok: false, reason: `must be 10 characters (got ${value.length})` };
  const letter = value[0]!;
  if (!(letter in LETTER_VALUES)) return { ok: false, reason: 'must start with a letter A–Z' };
  const second = value[1]!;
  const rest = value.slice(2);
  if (!/^\d{8}$/.test(rest)) return { ok: false, reason: 'the last 8 characters must be digits' };
  const restDigits = [...rest].map(Number);

  let kind: NationalIdKind;
  let sex: IdSex;
  let secondDigit: number;
  if (second === '1' || second === '2') {
    kind = 'NATIONAL';
    sex = second === '1' ? 'MALE' : 'FEMALE';
    secondDigit = Number(second);
  } else if (second === '8' || second === '9') {
    kind = 'RESIDENT_NEW';
    sex = second === '8' ? 'MALE' : 'FEMALE';
    secondDigit = Number(second);
  } else if (/^[A-D]$/.test(second)) {
    kind = 'RESIDENT_OLD';
    sex = second === 'A' || second === 'C' ? 'MALE' : 'FEMALE';
    secondDigit = LETTER_VALUES[second]! % 10;
  } else {
    return { ok: false, reason: 'second character must be 1 or 2 (national ID), 8 or 9 (resident certificate) or A–D (old resident certificate)' };
  }
  if (!checksumOk(letter, [secondDigit, ...restDigits])) return { ok: false, reason: 'check digit does not match' };
  return { ok: true, value, kind, sex };
}

/**
 * Builds a checksum-valid number from its parts: `second` is '1'/'2'
 * (national), '8'/'9' (new resident certificate) or 'A'–'D' (old one).
 */
export function makeNationalId(letter: string, second: string, serial: number): string {
  const serialDigits = String(serial % 10_000_000).padStart(7, '0');
  const secondDigit = /^\d$/.test(second) ? Number(second) : LETTER_VALUES[second]! % 10;
  const check = checkDigitFor(letter, [secondDigit, ...[...serialDigits].map(Number)]);
  return `${letter}${second}${serialDigits}${check}`;
}
