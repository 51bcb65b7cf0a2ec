// Links agency records to the master person index, confirming before it joins:
// a record joined to the wrong person (a living woman carrying her husband's
// death registration) is worse than a record not joined at all.
//
// - A valid national ID the index knows links only when the record's own
//   name and birth date agree with that person's (the name after
//   normalisation, the birth date within one typing slip, the sex the ID
//   encodes). Otherwise the ID belongs to another person: the record goes to
//   review, never joined. A mother's ID on her child's row, a sibling's, a
//   spouse's, and a transposed last two digits all land there.
// - A valid ID the index does not know never links by name: a person who
//   holds another ID is another person (or was renumbered, which a reviewer
//   confirms), and a person registered without an ID is merged by review.
// - Without a usable ID, candidates that share the name key are scored on
//   name, birth date, sex, household number and address (linkage-score.ts):
//   one clear winner above the link threshold links, a near or tied field
//   goes to review, nobody close is a new-person candidate. A name that
//   matches only through variant characters never links on its own.
//
// A reviewer's standing decision (identity-decisions.ts) comes first: a
// record linked by review stays linked, a person rejected for a record is
// never linked to it nor suggested again.
//
// The index is published.person (core's person index as linking needs it):
// a live view on core in the hub's shared database, a table core publishes
// into a connector's own database (src/db/publish-person-index.ts). A
// confidential address is not in it, so it never counts towards a link.
//
// Two statements per batch, whatever its size: the ID holders, then the name
// candidates (born within a year) of the records the IDs did not settle; a third for the
// decisions when the connector is named.
import { prisma } from '../../src/db/prisma.ts';
import { validateNationalId, type NationalIdCheck } from '../../src/domain/national-id.ts';
import { NO_DECISIONS, standingDecisions } from './identity-decisions.ts';
import { scorePair, THRESHOLDS, type Demographics, type Score } from './linkage-score.ts';
import { nameKey } from './name-normalisation.ts';

export interface IdentityClaim {
  nationalId: string | null;
  name: string | null;
  birthDate: Date | null;
  /** The household registry's number, where the record carries one. */
  householdNumber?: string | null;
  address?: string | null;
  /** The record's identity at the source: reviewers' decisions are kept under it. */
  sourceKey?: string;
}

export interface Candidate {
  personId: number;
  score: number;
  /** The fields that disagree, or "variant characters in the name". */
  notes: string[];
}

/** REVIEW: a reviewer decides between the candidates. NEW_PERSON: nobody in the index is close. UNUSABLE: nothing to match on. */
export type Unlinked = { ok: false; outcome: 'REVIEW' | 'NEW_PERSON' | 'UNUSABLE'; reason: string; candidates: Candidate[] };
export type LinkResult = { ok: true; personId: number; by: 'NATIONAL_ID' | 'DEMOGRAPHICS' | 'REVIEW' } | Unlinked;

interface IndexedPerson extends Demographics {
  id: number;
  nationalId: string | null;
}

/** Candidates shown to a reviewer, best first. */
const CANDIDATES_SHOWN = 5;

/** `connector` names whose reviewers' decisions apply (claims then carry their sourceKey). */
export async function linkIdentities(claims: readonly IdentityClaim[], options: { connector?: string } = {}): Promise<LinkResult[]> {
  const decisions = options.connector ? await standingDecisions(options.connector, claims.flatMap((c) => (c.sourceKey ? [c.sourceKey] : []))) : NO_DECISIONS;
  const rejectedFor = (claim: IdentityClaim) => (claim.sourceKey ? decisions.rejected.get(claim.sourceKey) : undefined) ?? new Set<number>();
  const reviewedLink = (claim: IdentityClaim) => (claim.sourceKey ? decisions.linkedTo.get(claim.sourceKey) : undefined);
  const checks = claims.map((c) => (c.nationalId ? validateNationalId(c.nationalId) : null));
  const validIds = [...new Set(checks.flatMap((c) => (c?.ok ? [c.value] : [])))];
  const holders = new Map((await holdersOf(validIds)).map((p) => [p.nationalId!, p]));

  const settledById = claims.map((claim, i) => {
    const check = checks[i];
    if (reviewedLink(claim) !== undefined || !check?.ok) return null;
    const holder = holders.get(check.value);
    return holder && !rejectedFor(claim).has(holder.id) && confirmsHolder(claim, check, holder) ? holder.id : null;
  });
  const wanted = claims.flatMap((c, i) => (settledById[i] === null && reviewedLink(c) === undefined && c.name ? [{ key: nameKey(c.name), birthDate: c.birthDate }] : []));
  const byKey = new Map<string, IndexedPerson[]>();
  for (const person of await nameCandidates(wanted)) {
    const key = nameKey(person.name!);
    byKey.set(key, [...(byKey.get(key) ?? []), person]);
  }

  return claims.map((claim, i): LinkResult => {
    const reviewed = reviewedLink(claim);
    if (reviewed !== undefined) return { ok: true, personId: reviewed, by: 'REVIEW' };
    if (settledById[i] !== null) return { ok: true, personId: settledById[i]!, by: 'NATIONAL_ID' };
    const check = checks[i] ?? null;
    const rejected = rejectedFor(claim);
    const holder = check?.ok ? holders.get(check.value) : undefined;
    const demographics = demographicsOf(claim, check);
    const named = (claim.name ? byKey.get(nameKey(claim.name)) ?? [] : []).filter((p) => p.id !== holder?.id);
    const ranked = rank(demographics, (holder ? [holder, ...named] : named).filter((p) => !rejected.has(p.id)));
    if (holder && rejected.has(holder.id)) return review('a reviewer decided this record is not the person holding its national ID; review needed', ranked);
    if (holder) return review(`national ID belongs to another person (${disagreementsWith(demographics, holder)}); review needed`, ranked);
    if (!claim.name && !claim.birthDate) {
      return { ok: false, outcome: 'UNUSABLE', reason: check && !check.ok ? `national ID ${check.reason}, and no name or birth date to match on` : 'no national ID, name or birth date to match on', candidates: [] };
    }
    if (check?.ok) return unknownId(ranked);
    return byDemographics(ranked, check);
  });
}

/** The ID holder is the record's person when nothing the record says about them disagrees. */
function confirmsHolder(claim: IdentityClaim, check: NationalIdCheck & { ok: true }, holder: IndexedPerson): boolean {
  const score = scorePair(demographicsOf(claim, check), holder);
  const nameAgrees = score.name === 'SAME' || score.name === 'VARIANT' || (score.name === 'UNKNOWN' && score.birthDate === 'SAME');
  const birthAgrees = score.birthDate !== 'DIFFERENT';
  return nameAgrees && birthAgrees && !score.disagreements.includes('sex');
}

/** A valid ID the index does not know: never linked by name, however close. */
function unknownId(ranked: Ranked[]): Unlinked {
  const close = ranked.filter((r) => r.score.total >= THRESHOLDS.review);
  if (close.length === 0) return newPerson('national ID unknown to the hub and no person in the index comes close', ranked);
  return review(`national ID unknown to the hub; ${close.length} ${close.length === 1 ? 'person resembles' : 'persons resemble'} this record by name and birth date; review needed`, ranked);
}

function byDemographics(ranked: Ranked[], check: NationalIdCheck | null): LinkResult {
  const idNote = check && !check.ok ? ` (national ID ${check.reason})` : '';
  const [best, second] = ranked;
  if (!best || best.score.total < THRESHOLDS.review) return newPerson(`no person in the index matches this name and birth date${idNote}`, ranked);
  const clear = !second || best.score.total - second.score.total >= THRESHOLDS.margin;
  if (best.score.total >= THRESHOLDS.link && clear && best.score.name === 'SAME') return { ok: true, personId: best.person.id, by: 'DEMOGRAPHICS' };
  const close = ranked.filter((r) => r.score.total >= THRESHOLDS.review);
  if (!clear) return review(`ambiguous identity: ${close.length} persons match this record about equally${idNote}; review needed`, ranked);
  if (best.score.name === 'VARIANT') return review(`near match: the name matches one person only with variant characters${idNote}; review needed`, ranked);
  const differing = best.score.disagreements;
  const why = differing.length === 0 ? 'not strongly enough' : `the ${differing.join(' and the ')} ${differing.length === 1 ? 'differs' : 'differ'}`;
  return review(`near match: one person matches this record but ${why}${idNote}; review needed`, ranked);
}

interface Ranked {
  person: IndexedPerson;
  score: Score;
}

function rank(record: Demographics, persons: IndexedPerson[]): Ranked[] {
  return persons.map((person) => ({ person, score: scorePair(record, person) })).sort((a, b) => b.score.total - a.score.total || a.person.id - b.person.id);
}

const candidatesOf = (ranked: Ranked[]): Candidate[] =>
  ranked
    .filter((r) => r.score.total >= THRESHOLDS.review || r.person.nationalId !== null)
    .slice(0, CANDIDATES_SHOWN)
    .map((r) => ({ personId: r.person.id, score: r.score.total, notes: [...(r.score.name === 'VARIANT' ? ['variant characters in the name'] : []), ...r.score.disagreements.map((d) => `${d} differs`)] }));

const review = (reason: string, ranked: Ranked[]): Unlinked => ({ ok: false, outcome: 'REVIEW', reason, candidates: candidatesOf(ranked) });
const newPerson = (reason: string, ranked: Ranked[]): Unlinked => ({ ok: false, outcome: 'NEW_PERSON', reason: `${reason} (new-person candidate)`, candidates: candidatesOf(ranked) });

function disagreementsWith(record: Demographics, holder: IndexedPerson): string {
  const score = scorePair(record, holder);
  const notes = [...score.disagreements, ...(score.name === 'UNKNOWN' && score.birthDate !== 'SAME' ? ['nothing else on the record to confirm it'] : [])];
  return notes.length ? `${notes.join(', ')} ${notes.length === 1 && !notes[0]!.startsWith('nothing') ? 'differs' : 'differ'}` : 'it does not confirm';
}

function demographicsOf(claim: IdentityClaim, check: NationalIdCheck | null): Demographics {
  const sex = check?.ok && check.sex !== 'UNKNOWN' ? check.sex : null;
  return { name: claim.name, birthDate: claim.birthDate, sex, householdNumber: claim.householdNumber ?? null, address: claim.address ?? null };
}

type PersonRow = { id: number; national_id: string | null; name: string; sex: 'MALE' | 'FEMALE' | 'UNKNOWN'; birth_date: Date; address: string | null; household_number: string | null };

const toIndexed = (r: PersonRow): IndexedPerson => ({ id: r.id, nationalId: r.national_id, name: r.name, sex: r.sex === 'UNKNOWN' ? null : r.sex, birthDate: r.birth_date, address: r.address, householdNumber: r.household_number });

/** Persons with the demographics linking compares, by national ID. */
async function holdersOf(values: string[]): Promise<IndexedPerson[]> {
  if (values.length === 0) return [];
  const rows = await prisma().$queryRaw<PersonRow[]>`
    SELECT p.id, p.national_id, p.name, p.sex, p.birth_date, p.address, p.household_number
    FROM published.person p
    WHERE p.national_id = ANY(${values}::text[])`;
  return rows.map(toIndexed);
}

/**
 * Persons sharing a record's name key, born within a year of its birth date
 * (typing slips in day or month, day and month swapped, the year off by one),
 * by the (name key, birth date) index; every holder of the key when the record
 * has no birth date. A city of 2.8 million has a few hundred holders of a
 * common name key: reading them all for every record made linking the whole
 * city take hours. A birth year typed more than one year off is not found:
 * such a record goes to review or is a new-person candidate, never a wrong link.
 */
async function nameCandidates(wanted: { key: string; birthDate: Date | null }[]): Promise<IndexedPerson[]> {
  const distinct = [...new Map(wanted.map((w) => [`${w.key}|${w.birthDate?.toISOString() ?? ''}`, w])).values()];
  if (distinct.length === 0) return [];
  const rows = await prisma().$queryRaw<PersonRow[]>`
    SELECT DISTINCT ON (p.id) p.id, p.national_id, p.name, p.sex, p.birth_date, p.address, p.household_number
    FROM unnest(${distinct.map((w) => w.key)}::text[], ${distinct.map((w) => w.birthDate)}::date[]) AS c(key, birth_date)
    JOIN published.person p ON p.name_key = c.key
      AND (c.birth_date IS NULL OR p.birth_date BETWEEN c.birth_date - 366 AND c.birth_date + 366)
    ORDER BY p.id`;
  return rows.map(toIndexed);
}
