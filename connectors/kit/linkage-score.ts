// The evidence that an agency record and a person in the master index are one
// human being, in one place: the weights, the thresholds and the tolerance
// on birth dates. The connector kit's README explains them.
//
// Fellegi–Sunter: each field that agrees adds log2(m/u), each that disagrees
// adds log2((1 − m)/(1 − u)), a field either side lacks adds nothing. m is the
// chance the field agrees when the two are the same person (agency typing
// errors and moves keep it below 1); u the chance it agrees by coincidence
// between two people of the city. The m and u below are estimates for a city
// of 2.8 million (about 96 people share any birth date, a common full name
// is held by a few hundred), rounded; the thresholds were set so that the
// hard cases of the linking tests land where they must (see identity-linking.test.ts).
import { compareNames, nameKey } from './name-normalisation.ts';

interface FieldRates {
  m: number;
  u: number;
}

/** m and u per field. */
export const FIELD_RATES = {
  /** The same name after canonical normalisation. */
  name: { m: 0.95, u: 0.001 },
  /** The same name only once variant characters are folded (黃/黄): weaker, and never enough alone. */
  nameVariant: { m: 0.03, u: 0.0002 },
  birthDate: { m: 0.96, u: 1 / (365 * 80) },
  /** A birth date one typing slip away: one of year, month, day differs, or day and month are swapped. */
  birthDateNear: { m: 0.03, u: 0.02 },
  sex: { m: 0.99, u: 0.5 },
  householdNumber: { m: 0.9, u: 0.00001 },
  address: { m: 0.8, u: 0.0001 },
} as const satisfies Record<string, FieldRates>;

export const agreeWeight = ({ m, u }: FieldRates) => Math.log2(m / u);
export const disagreeWeight = ({ m, u }: FieldRates) => Math.log2((1 - m) / (1 - u));

/**
 * At or above LINK: the same person, if no other candidate comes within
 * MARGIN. Name and birth date agreeing alone score about 24.6; a household
 * or sex that disagrees takes it under LINK.
 * Between REVIEW and LINK: a reviewer decides. Under REVIEW: nobody in the
 * index is this person (a new-person candidate).
 */
export const THRESHOLDS = { link: 23, review: 10, margin: 8 } as const;

export interface Demographics {
  name: string | null;
  birthDate: Date | null;
  sex: 'MALE' | 'FEMALE' | null;
  householdNumber: string | null;
  address: string | null;
}

export type DateAgreement = 'SAME' | 'NEAR' | 'DIFFERENT';

/** Birth dates agree, are one typing slip apart (one field, or day and month swapped), or differ. */
export function compareBirthDates(a: Date, b: Date): DateAgreement {
  const parts = (d: Date) => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const;
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  const differing = [ya !== yb, ma !== mb, da !== db].filter(Boolean).length;
  if (differing === 0) return 'SAME';
  if (differing === 1 || (ya === yb && ma === db && da === mb)) return 'NEAR';
  return 'DIFFERENT';
}

/** Addresses compare as names do: encoding, spacing and variant characters (台中市 / 臺中市) are not differences. */
const compact = (text: string) => nameKey(text);

export interface Score {
  total: number;
  name: 'SAME' | 'VARIANT' | 'DIFFERENT' | 'UNKNOWN';
  birthDate: DateAgreement | 'UNKNOWN';
  /** The fields that disagree, for the reviewer. */
  disagreements: string[];
}

/** How strongly `record` and `person` are one human being. */
export function scorePair(record: Demographics, person: Demographics): Score {
  let total = 0;
  const disagreements: string[] = [];
  const field = (rates: FieldRates, agrees: boolean | null, label: string) => {
    if (agrees === null) return;
    total += agrees ? agreeWeight(rates) : disagreeWeight(rates);
    if (!agrees) disagreements.push(label);
  };

  let name: Score['name'] = 'UNKNOWN';
  if (record.name && person.name) {
    name = compareNames(record.name, person.name);
    if (name === 'SAME') total += agreeWeight(FIELD_RATES.name);
    else if (name === 'VARIANT') total += agreeWeight(FIELD_RATES.nameVariant);
    else field(FIELD_RATES.name, false, 'name');
  }
  let birthDate: Score['birthDate'] = 'UNKNOWN';
  if (record.birthDate && person.birthDate) {
    birthDate = compareBirthDates(record.birthDate, person.birthDate);
    if (birthDate === 'SAME') total += agreeWeight(FIELD_RATES.birthDate);
    else if (birthDate === 'NEAR') total += agreeWeight(FIELD_RATES.birthDateNear);
    else field(FIELD_RATES.birthDate, false, 'birth date');
  }
  field(FIELD_RATES.sex, record.sex && person.sex ? record.sex === person.sex : null, 'sex');
  field(FIELD_RATES.householdNumber, record.householdNumber && person.householdNumber ? record.householdNumber === person.householdNumber : null, 'household number');
  field(FIELD_RATES.address, record.address && person.address ? compact(record.address) === compact(person.address) : null, 'address');
  return { total: Math.round(total * 10) / 10, name, birthDate, disagreements };
}
