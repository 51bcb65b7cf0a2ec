// Agency records about the persons of a seeded demo city, each with the truth
// of whom it is about, so that identity linking can be measured (issue 13,
// `npm run bench:linking`) rather than argued. Besides the clean bulk it
// makes the records linking finds hard, at the rates of RATES, and adds to
// the index the persons the demo city lacks (twins, homonyms across
// households). Everything is drawn from one seeded Random, so the same city
// and seed give the same records on every machine.
//
// The truth is known by construction: the generator knows which person it
// wrote each record about and what it changed. Whether a record is
// *linkable* (see `linkable` below) is decided from that truth and the
// index, never by the linking code under test.
import type pg from 'pg';
import type { DistrictCode } from '../domain/codes.ts';
import { makeNationalId, validateNationalId } from '../domain/national-id.ts';
import { DISTRICT_POPULATION, DISTRICT_ZH } from './geography.ts';
import { givenName, ROADS, SURNAMES } from './names.ts';
import { Random } from './random.ts';

/**
 * Every rate the generator uses. `records`: the share of all generated
 * records per case (CLEAN takes what is left; each case gets at least one
 * record when it has an eligible person, so a small run still meets every
 * case). `persons`: persons added to the benchmark's index. Where no source
 * is named, the rate is an assumption.
 */
export const RATES = {
  records: {
    /** Demo source of the household connector (connectors/household-registration/demo.ts): 2% of names with a full-width space, 2% of IDs in full-width digits. */
    NAME_SPACING: 0.02,
    /** Assumption: spacing noise on a record that has no ID at all. */
    NAME_SPACING_NO_ID: 0.005,
    /** Assumption: schools and agencies typing 黄 for 黃 and the like; only persons whose name has such a character are eligible. */
    VARIANT_CHARACTER: 0.01,
    VARIANT_CHARACTER_NO_ID: 0.003,
    /** Assumption: about 1.3% of Taichung's residents are indigenous (city statistics, about 36,000); a few of their records write the name's separator another way. */
    INDIGENOUS_SEPARATOR: 0.003,
    INDIGENOUS_SEPARATOR_NO_ID: 0.001,
    /** Assumption: legacy Big5 exports converted to compatibility ideographs (U+F900 block). */
    COMPATIBILITY_IDEOGRAPH_NO_ID: 0.002,
    /** Assumption: one typing slip in a keyed date in 1% of records (the household demo source has 1 impossible date in 300). */
    BIRTH_DATE_TYPO: 0.01,
    /** Assumption: school and welfare rows filled with the applicant parent's ID, the commonest wrong ID social workers report. */
    PARENT_ID_ON_CHILD: 0.005,
    SIBLING_ID: 0.001,
    SPOUSE_ID: 0.002,
    /** Assumption: transpositions are a common single keying error; the check digit cannot catch a swap of the last two digits. */
    TRANSPOSED_ID: 0.002,
    /** Demo source of the household connector: 1% of IDs mistyped (a checksum-invalid last digit). */
    MISTYPED_ID: 0.01,
    /** Assumption: hotline intakes, NGO rows and pre-registration services without an ID. */
    NO_ID_WITH_HOUSEHOLD: 0.01,
    NO_ID_NAME_DATE_ONLY: 0.01,
    /** Follow the inserted twins (persons.twinPerChild). */
    TWIN_NO_ID: 0.002,
    TWIN_OTHER_TWINS_ID: 0.001,
    /** Follow the inserted homonyms (persons.homonymPerPerson). */
    HOMONYM_OWN_ID: 0.003,
    HOMONYM_NO_ID_WITH_HOUSEHOLD: 0.002,
    HOMONYM_NAME_DATE_ONLY: 0.001,
    /** Assumption: resident certificates were renumbered to the national format in 2021; agencies still send old numbers. */
    RENUMBERED_RESIDENT: 0.002,
    /** The demo city gives 3% of its persons no ID (city-generator.ts); records about its children without one. */
    CHILD_WITHOUT_ID: 0.005,
    /** Assumption: people who moved in or were born after the index was built. */
    NEWCOMER_WITH_ID: 0.01,
    NEWCOMER_NO_ID: 0.005,
  },
  persons: {
    /** About 1–2% of births in Taiwan are multiple births (assumption from birth statistics); twins of 1% of children. */
    twinPerChild: 0.01,
    /**
     * Same name and birth date, another household. Realistically a few hundred pairs in the whole city; the
     * demo city's generator makes none on purpose, so 0.5% of persons get one: over-represented to be measured.
     */
    homonymPerPerson: 0.005,
  },
  /** Assumption: agencies write 台中市 as often as the registry's 臺中市; applied to every record's address. */
  addressWrittenTai: 0.3,
} as const;

export type HardCase = keyof typeof RATES.records;
export type CaseKind = 'CLEAN' | HardCase;
export const CASE_KINDS: readonly CaseKind[] = ['CLEAN', ...(Object.keys(RATES.records) as HardCase[])];

/** What each case's record carries, for the benchmark's table. */
export const CASE_DESCRIPTIONS: Record<CaseKind, string> = {
  CLEAN: 'own ID, name, birth date, household number, address',
  NAME_SPACING: 'own ID (half in full-width digits), a space or full-width space in the name',
  NAME_SPACING_NO_ID: 'no ID, a space in the name, household number, address',
  VARIANT_CHARACTER: 'own ID, a variant character in the name (黃→黄 …)',
  VARIANT_CHARACTER_NO_ID: 'no ID, a variant character in the name, household number, address',
  INDIGENOUS_SEPARATOR: 'own ID, the name\'s separator written another way',
  INDIGENOUS_SEPARATOR_NO_ID: 'no ID, the separator written another way, household number, address',
  COMPATIBILITY_IDEOGRAPH_NO_ID: 'no ID, a compatibility ideograph in the name, household number, address',
  BIRTH_DATE_TYPO: 'own ID, one field of the birth date wrong or day and month swapped',
  PARENT_ID_ON_CHILD: "a child's row with a parent's ID",
  SIBLING_ID: "a child's row with a sibling's ID",
  SPOUSE_ID: "a row with the spouse's ID",
  TRANSPOSED_ID: 'own ID with the last two digits swapped (checksum-valid)',
  MISTYPED_ID: 'own ID mistyped (checksum-invalid), name, birth date, household number, address',
  NO_ID_WITH_HOUSEHOLD: 'no ID, name, birth date, household number, address',
  NO_ID_NAME_DATE_ONLY: 'no ID, only name and birth date',
  TWIN_NO_ID: 'a twin (same birth date and household), no ID, household number',
  TWIN_OTHER_TWINS_ID: "a twin's row with the other twin's ID",
  HOMONYM_OWN_ID: 'one of two persons with the same name and birth date, own ID',
  HOMONYM_NO_ID_WITH_HOUSEHOLD: 'one of two homonyms, no ID, household number, address',
  HOMONYM_NAME_DATE_ONLY: 'one of two homonyms, only name and birth date',
  RENUMBERED_RESIDENT: 'a resident renumbered to the new format; the record has the old certificate',
  CHILD_WITHOUT_ID: 'a child the index holds without ID; no ID, household number or address half the time',
  NEWCOMER_WITH_ID: 'a person not in the index, with a valid ID the hub does not know',
  NEWCOMER_NO_ID: 'a person not in the index, without ID',
};

/** How agencies write the registry's characters; the pairs named in connectors/kit/name-normalisation.ts. */
const VARIANT_WRITTEN: Readonly<Record<string, string>> = { 黃: '黄', 臺: '台', 峰: '峯', 德: '徳', 吳: '吴', 真: '眞' };

/** Registry character → its compatibility ideograph, derived from Unicode's own NFKC mappings so none is mistyped. */
const COMPATIBILITY_FORMS: ReadonlyMap<string, string> = (() => {
  const forms = new Map<string, string>();
  for (let cp = 0xf900; cp <= 0xfad9; cp++) {
    const form = String.fromCodePoint(cp);
    const base = form.normalize('NFKC');
    if (base !== form && [...base].length === 1 && !forms.has(base)) forms.set(base, form);
  }
  return forms;
})();

const HAS_VARIANT = new RegExp(`[${Object.keys(VARIANT_WRITTEN).join('')}]`, 'u');
const HAS_COMPATIBILITY_FORM = new RegExp(`[${[...COMPATIBILITY_FORMS.keys()].join('')}]`, 'u');

const INDIGENOUS_SEPARATOR = '·';
/** How other systems write the separator: the hyphenation point, katakana dots (full and half width), a space, nothing. */
const WRITTEN_SEPARATORS = ['‧', '・', '･', ' ', ''];
/** city-generator.ts's YEAR: ages are counted from it. */
const CITY_YEAR = 2023;
const ID_LETTERS = [['B', 70], ['L', 25], ['A', 3], ['N', 2]] as const;

export interface IndexPerson {
  id: number;
  nationalId: string | null;
  name: string;
  sex: 'MALE' | 'FEMALE' | 'UNKNOWN';
  birthDate: Date;
  address: string | null;
  districtCode: string | null;
  /** The current family membership, if any. */
  familyId: number | null;
  relationship: string | null;
  householdNumber: string | null;
}

export interface CityIndex {
  persons: IndexPerson[];
  maxPersonId: number;
  maxFamilyId: number;
}

/** What an agency record says about whom it is about. */
export interface AgencyRecord {
  nationalId: string | null;
  name: string | null;
  birthDate: Date | null;
  householdNumber: string | null;
  address: string | null;
}

export interface CaseRecord {
  kind: CaseKind;
  record: AgencyRecord;
  /** The index person the record is about; null for a person not in the index. */
  truth: number | null;
  /**
   * The record's evidence singles out its person without contradiction, so
   * linking should join it without a reviewer: it carries the person's own
   * valid ID with a name and birth date that agree (up to encoding, variant
   * characters or one typing slip in the date); or it carries no valid ID,
   * the person's name up to encoding (spaces, separators, compatibility
   * ideographs; a variant character is not enough, by the hub's rule) and
   * their exact birth date, and every other person of the index with that
   * name and birth date has another household number or address than the
   * record shows. Someone else's ID, a valid ID the index does not know and
   * a newcomer are never linkable.
   */
  linkable: boolean;
  /** TRANSPOSED_ID only: the swapped ID is another person's in the index. */
  idOfAnother?: boolean;
  /** NEWCOMER_* only: a person of the index has the newcomer's name and birth date. */
  resemblesIndexed?: boolean;
}

export interface AddedFamily {
  id: number;
  districtCode: string;
  address: string;
}

export interface IdentityCases {
  /** Families and persons to add to the index before linking (twins, homonyms). */
  families: AddedFamily[];
  persons: IndexPerson[];
  records: CaseRecord[];
  /** Name and birth date pairs held by more than one person of the index, inserted homonyms included. */
  sharedNameAndDate: number;
}

export const householdNumberOf = (familyId: number) => `H${String(familyId).padStart(8, '0')}`;
const sameName = (name: string, date: Date) => `${name}|${date.toISOString().slice(0, 10)}`;
const isHanName = (name: string) => /^\p{Script=Han}{2,4}$/u.test(name);

/** Hands out national IDs nobody in the index (or among those already handed out) holds. */
class IdRegistry {
  private readonly taken: Set<string>;

  constructor(persons: readonly IndexPerson[], private readonly random: Random) {
    this.taken = new Set(persons.flatMap((p) => (p.nationalId ? [p.nationalId] : [])));
  }

  has(id: string): boolean {
    return this.taken.has(id);
  }

  fresh(second: string, letter: string = this.random.weighted(ID_LETTERS)): string {
    for (;;) {
      const id = makeNationalId(letter, second, this.random.int(0, 9_999_999));
      if (!this.taken.has(id)) return this.take(id);
    }
  }

  /** Twins registered together usually get consecutive serial numbers, which makes their IDs near neighbours. */
  nextTo(id: string, male: boolean): string {
    const second = secondCharFor(id[1]!, male);
    const neighbour = makeNationalId(id[0]!, second, Number(id.slice(2, 9)) + 1);
    return this.taken.has(neighbour) ? this.fresh(second, id[0]) : this.take(neighbour);
  }

  private take(id: string): string {
    this.taken.add(id);
    return id;
  }
}

/** The second character of an ID of the same kind as `like`, for the given sex. */
function secondCharFor(like: string, male: boolean): string {
  if (like === '1' || like === '2') return male ? '1' : '2';
  if (like === '8' || like === '9') return male ? '8' : '9';
  if (like === 'A' || like === 'B') return male ? 'A' : 'B';
  return male ? 'C' : 'D';
}

/** `count` distinct items, or all of them when there are fewer. */
function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(0, items.length - 1));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}

const atLeastOne = (population: number, rate: number) => (population === 0 ? 0 : Math.max(1, Math.round(population * rate)));

/** The same address formula as city-generator.ts, for the families added here. */
function newAddress(random: Random, district: DistrictCode): string {
  return `臺中市${DISTRICT_ZH[district]}${random.pick(ROADS)}${random.int(1, 420)}號${random.chance(0.6) ? `${random.int(2, 15)}樓` : ''}`;
}

function randomBirthDate(random: Random): Date {
  return new Date(Date.UTC(CITY_YEAR - random.int(0, 90), random.int(0, 11), random.int(1, 28)));
}

interface AddedPersons {
  families: AddedFamily[];
  persons: IndexPerson[];
  twins: [IndexPerson, IndexPerson][];
  homonyms: [IndexPerson, IndexPerson][];
}

/** Twins (a second child of a family born the same day) and homonyms (a person's name and birth date in a new household of one). */
function addHardPersons(city: CityIndex, random: Random, ids: IdRegistry): AddedPersons {
  const added: AddedPersons = { families: [], persons: [], twins: [], homonyms: [] };
  let nextPerson = city.maxPersonId + 1;
  let nextFamily = city.maxFamilyId + 1;

  const children = city.persons.filter((p) => p.relationship === 'CHILD' && p.familyId !== null && p.name.length === 3 && isHanName(p.name));
  for (const child of sample(random, children, atLeastOne(children.length, RATES.persons.twinPerChild))) {
    const male = random.chance(0.5);
    let name = child.name;
    while (name === child.name) name = child.name[0] + givenName(male, () => random.next());
    const twin: IndexPerson = { ...child, id: nextPerson++, name, sex: male ? 'MALE' : 'FEMALE', nationalId: child.nationalId ? ids.nextTo(child.nationalId, male) : null };
    added.persons.push(twin);
    added.twins.push([child, twin]);
  }

  const holders = city.persons.filter((p) => p.nationalId && p.sex !== 'UNKNOWN');
  for (const original of sample(random, holders, atLeastOne(holders.length, RATES.persons.homonymPerPerson))) {
    const districtCode = random.weighted(DISTRICT_POPULATION);
    const family: AddedFamily = { id: nextFamily++, districtCode, address: newAddress(random, districtCode) };
    const homonym: IndexPerson = {
      id: nextPerson++,
      nationalId: ids.fresh(secondCharFor(original.nationalId![1]!, original.sex === 'MALE')),
      name: original.name,
      sex: original.sex,
      birthDate: original.birthDate,
      address: family.address,
      districtCode,
      familyId: family.id,
      relationship: 'HEAD',
      householdNumber: householdNumberOf(family.id),
    };
    added.families.push(family);
    added.persons.push(homonym);
    added.homonyms.push([original, homonym]);
  }
  return added;
}

/** Appends in place: copying a group per person churns the garbage collector at whole-city scale. */
function groupInto<K, T>(groups: Map<K, T[]>, key: K, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/** The persons eligible for each case. */
function eligiblePersons(index: readonly IndexPerson[], added: AddedPersons) {
  const families = new Map<number, IndexPerson[]>();
  for (const person of index) if (person.familyId !== null) groupInto(families, person.familyId, person);
  /** Persons with at least one relative of the given relationships who holds an ID, with those relatives. */
  const withRelatives = (persons: IndexPerson[], relationships: (person: IndexPerson) => readonly string[]) =>
    persons.flatMap((person) => {
      const found = (families.get(person.familyId ?? -1) ?? []).filter((o) => o.id !== person.id && o.nationalId && relationships(person).includes(o.relationship ?? ''));
      return found.length ? [{ person, relatives: found }] : [];
    });
  const hasVariant = (p: IndexPerson) => HAS_VARIANT.test(p.name);
  const withId = index.filter((p) => p.nationalId && p.sex !== 'UNKNOWN');
  const children = index.filter((p) => p.relationship === 'CHILD');
  return {
    withId,
    everyone: index,
    registered: index.filter((p) => p.householdNumber),
    plainNamed: index.filter((p) => isHanName(p.name)),
    plainNamedWithId: withId.filter((p) => isHanName(p.name)),
    variantWithId: withId.filter(hasVariant),
    variant: index.filter(hasVariant),
    indigenousWithId: withId.filter((p) => p.name.includes(INDIGENOUS_SEPARATOR)),
    indigenous: index.filter((p) => p.name.includes(INDIGENOUS_SEPARATOR)),
    compatible: index.filter((p) => HAS_COMPATIBILITY_FORM.test(p.name)),
    transposable: withId.filter((p) => p.nationalId![8] !== p.nationalId![9]),
    childrenWithParent: withRelatives(children, () => ['HEAD', 'SPOUSE']),
    childrenWithSibling: withRelatives(children, () => ['CHILD']),
    spousesWithSpouse: withRelatives(index.filter((p) => p.relationship === 'HEAD' || p.relationship === 'SPOUSE'), (p) => [p.relationship === 'HEAD' ? 'SPOUSE' : 'HEAD']),
    twins: added.twins,
    twinsWithId: added.twins.filter(([a, b]) => a.nationalId && b.nationalId),
    homonyms: added.homonyms,
    registeredHomonyms: added.homonyms.filter(([a, b]) => a.householdNumber && b.householdNumber),
    renumbered: withId.filter((p) => p.nationalId![1] === '8' || p.nationalId![1] === '9'),
    childrenWithoutId: index.filter((p) => p.nationalId === null && p.birthDate.getUTCFullYear() > CITY_YEAR - 18),
  };
}

/** Makes the records of each case from the persons eligible for it. */
class RecordMaker {
  private readonly byNameAndDate = new Map<string, IndexPerson[]>();
  private readonly pools: ReturnType<typeof eligiblePersons>;
  private nextNewHousehold = 90_000_000;

  constructor(index: readonly IndexPerson[], added: AddedPersons, private readonly random: Random, private readonly ids: IdRegistry) {
    for (const person of index) groupInto(this.byNameAndDate, sameName(person.name, person.birthDate), person);
    this.pools = eligiblePersons(index, added);
  }

  /** Name and birth date pairs held by more than one person. */
  sharedNameAndDate(): number {
    let shared = 0;
    for (const persons of this.byNameAndDate.values()) if (persons.length > 1) shared++;
    return shared;
  }

  /** One record of the case, or null when nobody in the index is eligible for it. */
  make(kind: CaseKind): CaseRecord | null {
    const r = this.random;
    const p = this.pools;
    const own = (person: IndexPerson, record: AgencyRecord = this.full(person)): CaseRecord => ({ kind, record, truth: person.id, linkable: true });
    const noId = (person: IndexPerson, record: AgencyRecord): CaseRecord => ({ kind, record, truth: person.id, linkable: this.singledOut(person, record) });
    const anothers = (person: IndexPerson, nationalId: string): CaseRecord => ({ kind, record: { ...this.full(person), nationalId }, truth: person.id, linkable: false });
    const pick = <T>(items: readonly T[]) => (items.length ? r.pick(items) : null);
    const either = ([a, b]: [IndexPerson, IndexPerson]) => (r.chance(0.5) ? a : b);

    switch (kind) {
      case 'CLEAN':
        return mapOrNull(pick(p.withId), (person) => own(person));
      case 'NAME_SPACING':
        return mapOrNull(pick(p.plainNamedWithId), (person) => own(person, { ...this.full(person), name: this.spaced(person.name), nationalId: r.chance(0.5) ? fullWidth(person.nationalId!) : person.nationalId }));
      case 'NAME_SPACING_NO_ID':
        return mapOrNull(pick(p.plainNamed), (person) => noId(person, { ...this.full(person), nationalId: null, name: this.spaced(person.name) }));
      case 'VARIANT_CHARACTER':
        return mapOrNull(pick(p.variantWithId), (person) => own(person, { ...this.full(person), name: writtenWithVariants(person.name) }));
      case 'VARIANT_CHARACTER_NO_ID':
        return mapOrNull(pick(p.variant), (person) => ({ kind, record: { ...this.full(person), nationalId: null, name: writtenWithVariants(person.name) }, truth: person.id, linkable: false }));
      case 'INDIGENOUS_SEPARATOR':
        return mapOrNull(pick(p.indigenousWithId), (person) => own(person, { ...this.full(person), name: this.separatedOtherwise(person.name) }));
      case 'INDIGENOUS_SEPARATOR_NO_ID':
        return mapOrNull(pick(p.indigenous), (person) => noId(person, { ...this.full(person), nationalId: null, name: this.separatedOtherwise(person.name) }));
      case 'COMPATIBILITY_IDEOGRAPH_NO_ID':
        return mapOrNull(pick(p.compatible), (person) => noId(person, { ...this.full(person), nationalId: null, name: [...person.name].map((c) => COMPATIBILITY_FORMS.get(c) ?? c).join('') }));
      case 'BIRTH_DATE_TYPO':
        return mapOrNull(pick(p.withId), (person) => own(person, { ...this.full(person), birthDate: this.slip(person.birthDate) }));
      case 'PARENT_ID_ON_CHILD':
        return mapOrNull(pick(p.childrenWithParent), ({ person, relatives }) => anothers(person, r.pick(relatives).nationalId!));
      case 'SIBLING_ID':
        return mapOrNull(pick(p.childrenWithSibling), ({ person, relatives }) => anothers(person, r.pick(relatives).nationalId!));
      case 'SPOUSE_ID':
        return mapOrNull(pick(p.spousesWithSpouse), ({ person, relatives }) => anothers(person, r.pick(relatives).nationalId!));
      case 'TRANSPOSED_ID':
        return mapOrNull(pick(p.transposable), (person) => {
          const id = person.nationalId!;
          const swapped = `${id.slice(0, 8)}${id[9]}${id[8]}`;
          // The last two digits both weigh 1 in the checksum, so the swap is never caught by it.
          if (!validateNationalId(swapped).ok) throw new Error('a transposed ID failed its checksum: the weights in national-id.ts changed');
          return { ...anothers(person, swapped), idOfAnother: this.ids.has(swapped) };
        });
      case 'MISTYPED_ID':
        return mapOrNull(pick(p.withId), (person) => noId(person, { ...this.full(person), nationalId: this.mistyped(person.nationalId!) }));
      case 'NO_ID_WITH_HOUSEHOLD':
        return mapOrNull(pick(p.registered), (person) => noId(person, { ...this.full(person), nationalId: null }));
      case 'NO_ID_NAME_DATE_ONLY':
        return mapOrNull(pick(p.everyone), (person) => noId(person, { nationalId: null, name: person.name, birthDate: person.birthDate, householdNumber: null, address: null }));
      case 'TWIN_NO_ID':
        return mapOrNull(pick(p.twins), (pair) => {
          const person = either(pair);
          return noId(person, { ...this.full(person), nationalId: null, address: null });
        });
      case 'TWIN_OTHER_TWINS_ID':
        return mapOrNull(pick(p.twinsWithId), ([a, b]) => (r.chance(0.5) ? anothers(a, b.nationalId!) : anothers(b, a.nationalId!)));
      case 'HOMONYM_OWN_ID':
        return mapOrNull(pick(p.homonyms), (pair) => own(either(pair)));
      case 'HOMONYM_NO_ID_WITH_HOUSEHOLD':
        return mapOrNull(pick(p.registeredHomonyms), (pair) => {
          const person = either(pair);
          return noId(person, { ...this.full(person), nationalId: null });
        });
      case 'HOMONYM_NAME_DATE_ONLY':
        return mapOrNull(pick(p.homonyms), (pair) => {
          const person = either(pair);
          return noId(person, { nationalId: null, name: person.name, birthDate: person.birthDate, householdNumber: null, address: null });
        });
      case 'RENUMBERED_RESIDENT':
        return mapOrNull(pick(p.renumbered), (person) => anothers(person, this.ids.fresh(person.sex === 'MALE' ? 'A' : 'B')));
      case 'CHILD_WITHOUT_ID':
        return mapOrNull(pick(p.childrenWithoutId), (person) => {
          const full = this.full(person);
          return noId(person, { ...full, householdNumber: r.chance(0.5) ? full.householdNumber : null, address: r.chance(0.5) ? full.address : null });
        });
      case 'NEWCOMER_WITH_ID':
      case 'NEWCOMER_NO_ID':
        return this.newcomer(kind);
    }
  }

  /** A person not in the index: drawn like the city's persons, living in a household the index does not know yet. */
  private newcomer(kind: 'NEWCOMER_WITH_ID' | 'NEWCOMER_NO_ID'): CaseRecord {
    const r = this.random;
    const male = r.chance(0.5);
    const name = r.weighted(SURNAMES) + givenName(male, () => r.next());
    const birthDate = randomBirthDate(r);
    const district = r.weighted(DISTRICT_POPULATION);
    const record: AgencyRecord = {
      nationalId: kind === 'NEWCOMER_WITH_ID' ? this.ids.fresh(male ? '1' : '2') : null,
      name,
      birthDate,
      householdNumber: r.chance(0.5) ? householdNumberOf(this.nextNewHousehold++) : null,
      address: r.chance(0.5) ? this.written(newAddress(r, district)) : null,
    };
    return { kind, record, truth: null, linkable: false, resemblesIndexed: this.byNameAndDate.has(sameName(name, birthDate)) };
  }

  private full(person: IndexPerson): AgencyRecord {
    return { nationalId: person.nationalId, name: person.name, birthDate: person.birthDate, householdNumber: person.householdNumber, address: person.address === null ? null : this.written(person.address) };
  }

  /** No other person of the index with this name and birth date could be the record's, by its household number or address. */
  private singledOut(person: IndexPerson, record: AgencyRecord): boolean {
    if (!record.birthDate || record.birthDate.getTime() !== person.birthDate.getTime()) return false;
    const others = (this.byNameAndDate.get(sameName(person.name, person.birthDate)) ?? []).filter((o) => o.id !== person.id);
    return others.every((other) =>
      (record.householdNumber !== null && other.householdNumber !== record.householdNumber) || (record.address !== null && other.address !== person.address));
  }

  private written(address: string): string {
    return this.random.chance(RATES.addressWrittenTai) ? address.replaceAll('臺', '台') : address;
  }

  private spaced(name: string): string {
    return `${name[0]}${this.random.pick([' ', '\u3000'])}${name.slice(1)}`;
  }

  private separatedOtherwise(name: string): string {
    return name.replaceAll(INDIGENOUS_SEPARATOR, this.random.pick(WRITTEN_SEPARATORS));
  }

  /** One of year, month and day wrong, or day and month swapped where both can be a month. */
  private slip(date: Date): Date {
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const other = (value: number, from: number, to: number) => {
      let changed = value;
      while (changed === value) changed = this.random.int(from, to);
      return changed;
    };
    const swappable = d <= 12 && d !== m;
    const slip = this.random.weighted([['year', 1], ['month', 1], ['day', 1], ['swap', swappable ? 1 : 0]] as const);
    if (slip === 'year') return new Date(Date.UTC(y + (this.random.chance(0.5) ? 1 : -1), m - 1, d));
    if (slip === 'month') return new Date(Date.UTC(y, other(m, 1, 12) - 1, d));
    if (slip === 'day') return new Date(Date.UTC(y, m - 1, other(d, 1, 28)));
    return new Date(Date.UTC(y, d - 1, m));
  }

  /** One digit keyed wrong so that the check digit catches it. */
  private mistyped(id: string): string {
    for (;;) {
      const at = this.random.int(2, 9);
      const digit = String(this.random.int(0, 9));
      const typed = id.slice(0, at) + digit + id.slice(at + 1);
      if (typed !== id && !validateNationalId(typed).ok) return typed;
    }
  }
}

const mapOrNull = <T, U>(value: T | null, make: (value: T) => U): U | null => (value === null ? null : make(value));
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const writtenWithVariants = (name: string) => [...name].map((c) => VARIANT_WRITTEN[c] ?? c).join('');

/** The persons to add and `records` agency records, in a seeded random order so every batch mixes the cases. */
export function generateIdentityCases(city: CityIndex, options: { records: number; seed: number }): IdentityCases {
  const hardCases = Object.keys(RATES.records) as HardCase[];
  if (!(Number.isInteger(options.records) && options.records >= hardCases.length * 4)) throw new Error(`records must be an integer of at least ${hardCases.length * 4}`);
  const random = new Random(options.seed);
  const ids = new IdRegistry(city.persons, random);
  const added = addHardPersons(city, random, ids);
  const maker = new RecordMaker([...city.persons, ...added.persons], added, random, ids);

  const records: CaseRecord[] = [];
  for (const kind of hardCases) {
    const wanted = atLeastOne(options.records, RATES.records[kind]);
    for (let i = 0; i < wanted; i++) {
      const record = maker.make(kind);
      if (!record) break;
      records.push(record);
    }
  }
  while (records.length < options.records) records.push(maker.make('CLEAN') ?? failNoPersons());
  for (let i = records.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return { families: added.families, persons: added.persons, records, sharedNameAndDate: maker.sharedNameAndDate() };
}

function failNoPersons(): never {
  throw new Error('the city has no person with a national ID to write records about');
}

// ---- Judging outcomes against the truth -------------------------------------------------------

/** What linking answered, as far as the judging needs it (connectors/kit/identity-linking.ts's LinkResult). */
export type LinkAnswer = { ok: true; personId: number } | { ok: false; outcome: 'REVIEW' | 'NEW_PERSON' | 'UNUSABLE'; reason: string };

export type Verdict = 'RIGHT' | 'WRONG' | 'REVIEW' | 'NEW_PERSON' | 'UNUSABLE' | 'UNACCOUNTED';
export const VERDICTS: readonly Verdict[] = ['RIGHT', 'WRONG', 'REVIEW', 'NEW_PERSON', 'UNUSABLE', 'UNACCOUNTED'];

/** RIGHT: joined to its person. WRONG: joined to anyone else, a newcomer to anyone at all (a false merge). UNACCOUNTED: no answer. */
export function judge(caseRecord: CaseRecord, answer: LinkAnswer | undefined): Verdict {
  if (!answer) return 'UNACCOUNTED';
  if (answer.ok) return answer.personId === caseRecord.truth ? 'RIGHT' : 'WRONG';
  return answer.outcome;
}

export interface CaseTally {
  records: number;
  linkable: number;
  /** Linkable records joined to their person. */
  linkableLinked: number;
  verdicts: Record<Verdict, number>;
}

export interface Tally {
  byCase: Map<CaseKind, CaseTally>;
  total: CaseTally;
  /** Records whose truth is a person of the index. */
  inIndex: number;
  /** Linkable records not joined automatically, by case and the reason linking gave. */
  missed: Map<string, number>;
  /** Counts of the records behind the WRONG verdicts, by case and how the link was made. */
  falseMerges: Map<string, number>;
}

const emptyTally = (): CaseTally => ({ records: 0, linkable: 0, linkableLinked: 0, verdicts: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number> });

export function tallyLinking(records: readonly CaseRecord[], answers: readonly (LinkAnswer & { by?: string } | undefined)[]): Tally {
  const tally: Tally = { byCase: new Map(CASE_KINDS.map((k) => [k, emptyTally()])), total: emptyTally(), inIndex: 0, missed: new Map(), falseMerges: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  records.forEach((caseRecord, i) => {
    const answer = answers[i];
    const verdict = judge(caseRecord, answer);
    if (caseRecord.truth !== null) tally.inIndex++;
    for (const counts of [tally.byCase.get(caseRecord.kind)!, tally.total]) {
      counts.records++;
      counts.verdicts[verdict]++;
      if (caseRecord.linkable) counts.linkable++;
      if (caseRecord.linkable && verdict === 'RIGHT') counts.linkableLinked++;
    }
    if (caseRecord.linkable && verdict !== 'RIGHT' && answer && !answer.ok) bump(tally.missed, `${caseRecord.kind}: ${answer.reason}`);
    if (verdict === 'WRONG' && answer?.ok) bump(tally.falseMerges, `${caseRecord.kind} (by ${answer.by ?? '?'})`);
  });
  return tally;
}

// ---- Database: household numbers, reading the index, adding the persons ----------------------

/**
 * Registers every person's current family as their household, numbered as
 * the household connector's demo source numbers them, without running that
 * connector's sync (which links, and so would measure linking with itself).
 */
export async function registerHouseholds(client: pg.Client): Promise<number> {
  const { rowCount } = await client.query(`
    INSERT INTO household.registration (person_id, household_number, relationship, address, district_code, registered_on, source_key, source_updated_at, synced_at)
    SELECT DISTINCT ON (m.person_id) m.person_id, 'H' || lpad(m.family_id::text, 8, '0'), m.relationship, f.address, f.district_code, m.start_date,
           'identity-cases:' || m.person_id, now(), now()
    FROM core.family_membership m JOIN core.family f ON f.id = m.family_id
    WHERE m.end_date IS NULL
    ORDER BY m.person_id, m.start_date DESC, m.id
    ON CONFLICT (person_id) DO NOTHING`);
  return rowCount ?? 0;
}

export async function readCityIndex(client: pg.Client): Promise<CityIndex> {
  const { rows } = await client.query<{ id: number; national_id: string | null; name: string; sex: IndexPerson['sex']; birth_date: string; address: string | null; district_code: string | null; family_id: number | null; relationship: string | null; household_number: string | null }>(`
    SELECT p.id, p.national_id, p.name, p.sex::text AS sex, p.birth_date::text AS birth_date, p.address, p.district_code,
           m.family_id, m.relationship::text AS relationship, r.household_number
    FROM core.person p
    LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, family_id, relationship FROM core.family_membership
               WHERE end_date IS NULL ORDER BY person_id, start_date DESC, id) m ON m.person_id = p.id
    LEFT JOIN household.registration r ON r.person_id = p.id
    ORDER BY p.id`);
  const { rows: [max] } = await client.query<{ person: number | null; family: number | null }>('SELECT (SELECT max(id) FROM core.person) AS person, (SELECT max(id) FROM core.family) AS family');
  return {
    // Dates as text: node-postgres would read a DATE in the machine's time zone.
    persons: rows.map((row) => ({
      id: row.id, nationalId: row.national_id, name: row.name, sex: row.sex, birthDate: new Date(`${row.birth_date}T00:00:00Z`), address: row.address,
      districtCode: row.district_code, familyId: row.family_id, relationship: row.relationship, householdNumber: row.household_number,
    })),
    maxPersonId: max?.person ?? 0,
    maxFamilyId: max?.family ?? 0,
  };
}

/** Adds the generated twins and homonyms (with their families, memberships and household registrations) in one transaction. */
export async function insertCasePersons(client: pg.Client, cases: Pick<IdentityCases, 'families' | 'persons'>): Promise<void> {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const persons = cases.persons;
  await client.query('BEGIN');
  try {
    await client.query(`INSERT INTO core.family (id, district_code, address) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [
      cases.families.map((f) => f.id), cases.families.map((f) => f.districtCode), cases.families.map((f) => f.address),
    ]);
    await client.query(`INSERT INTO core.person (id, national_id, name, sex, birth_date, address, district_code)
      SELECT id, national_id, name, sex::core."Sex", birth_date, address, district_code
      FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[]) AS t(id, national_id, name, sex, birth_date, address, district_code)`, [
      persons.map((p) => p.id), persons.map((p) => p.nationalId), persons.map((p) => p.name), persons.map((p) => p.sex), persons.map((p) => day(p.birthDate)),
      persons.map((p) => p.address), persons.map((p) => p.districtCode),
    ]);
    const members = persons.filter((p) => p.familyId !== null);
    await client.query(`INSERT INTO core.family_membership (family_id, person_id, relationship, start_date)
      SELECT family_id, person_id, relationship::core."Relationship", start_date FROM unnest($1::int[], $2::int[], $3::text[], $4::date[]) AS t(family_id, person_id, relationship, start_date)`, [
      members.map((p) => p.familyId), members.map((p) => p.id), members.map((p) => p.relationship ?? 'OTHER_RELATIVE'), members.map((p) => day(p.birthDate)),
    ]);
    const registered = persons.filter((p) => p.householdNumber !== null);
    await client.query(`INSERT INTO household.registration (person_id, household_number, relationship, address, district_code, source_key, source_updated_at, synced_at)
      SELECT person_id, household_number, relationship::core."Relationship", address, district_code, 'identity-cases:' || person_id, now(), now()
      FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(person_id, household_number, relationship, address, district_code)`, [
      registered.map((p) => p.id), registered.map((p) => p.householdNumber), registered.map((p) => p.relationship ?? 'OTHER_RELATIVE'),
      registered.map((p) => p.address), registered.map((p) => p.districtCode),
    ]);
    for (const table of ['core.person', 'core.family']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
