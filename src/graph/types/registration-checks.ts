// What registering a family and registering a person share: the member's
// input and its checks, the duplicate check (every member is put through
// identity linking, exactly as an agency record would be), the persons'
// creation and the payload. A member the index already holds is refused (use
// the existing person), a national ID held by someone else is refused, and a
// member who resembles someone is refused until the caller has looked at the
// candidates and confirms with `confirmNoDuplicate`.
import { linkIdentities, type Candidate } from '../../../connectors/kit/identity-linking.ts';
import { prisma } from '../../db/prisma.ts';
import type { DistrictCode } from '../../domain/codes.ts';
import { futureProblem, textProblem } from '../../domain/input-checks.ts';
import { validateNationalId } from '../../domain/national-id.ts';
import type { Family, Relationship, Sex } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { HubContext } from '../context.ts';
import type { InputError, Outcome, TransactionClient } from '../mutation-result.ts';
import { RelationshipEnum, SexEnum } from './enums.ts';
import { FamilyRef } from './family.ts';
import { IdentityCandidateRef, withPersons, type LoadedCandidate } from './identity-review.ts';

export const MAX_MEMBERS = 20;
export const MAX_ADDRESS = 200;
export const MAX_REASON = 2000;
const MAX_NAME = 100;
const EARLIEST_BIRTH = new Date('1900-01-01T00:00:00Z');
/** Shown for a member the index holds beyond doubt (linking joined it): above any score linking computes. */
const EXACT_MATCH_SCORE = 100;

export interface MemberInput {
  name: string;
  birthDate: Date;
  sex: Sex;
  nationalId?: string | null;
  relationship: Relationship;
}

export const RegisterMemberInput = builder.inputType('RegisterMemberInput', {
  description: 'A person to register, as intake staff learned them.',
  fields: (t) => ({
    name: t.string({ required: true, description: `Full name (1–${MAX_NAME} characters).` }),
    birthDate: t.field({ type: 'Date', required: true, description: 'Birth date (not in the future, not before 1900).' }),
    sex: t.field({ type: SexEnum, required: true, description: 'Sex; UNKNOWN when not known.' }),
    nationalId: t.string({ description: 'National ID or resident certificate number, when the person has one.' }),
    relationship: t.field({ type: RelationshipEnum, required: true, description: 'Relationship to the head of the family.' }),
  }),
});

export interface PossibleDuplicate {
  member: number;
  candidate: LoadedCandidate;
}

const PossibleDuplicateRef = builder.objectRef<PossibleDuplicate>('PossibleDuplicate').implement({
  description: 'A person of the index a member to register may be.',
  fields: (t) => ({
    member: t.exposeInt('member', { description: 'Index of the member in the input (from 0; always 0 for registerPerson).' }),
    candidate: t.field({ type: IdentityCandidateRef, description: 'The person and the evidence.', resolve: (d) => d.candidate }),
  }),
});

export type Registration = Outcome<Family> & { persons: number[]; duplicates: PossibleDuplicate[] };

export const RegistrationPayload = builder.objectRef<Registration>('RegistrationPayload').implement({
  description: 'Result of a registration: the family and the registered persons, or why not and the persons they may duplicate.',
  fields: (t) => ({
    ok: t.boolean({ description: 'True when the registration was made.', resolve: (o) => o.ok }),
    error: t.field({
      type: builder.objectRef<{ code: string; message: string }>('RegistrationError').implement({
        description: 'Why nothing was registered.',
        fields: (e) => ({ code: e.exposeString('code', { description: 'Error code (see ErrorCode).' }), message: e.exposeString('message', { description: 'The fields and reasons.' }) }),
      }),
      nullable: true,
      description: 'Why nothing was registered; null on success.',
      resolve: (o) => (o.ok ? null : { code: o.code, message: o.message }),
    }),
    inputErrors: t.field({
      type: [builder.objectRef<InputError>('RegistrationInputError').implement({
        description: 'A problem with one input field.',
        fields: (e) => ({ field: e.exposeString('field', { description: 'Path of the field, e.g. "members[1].nationalId".' }), reason: e.exposeString('reason', { description: 'Why it was refused.' }) }),
      })],
      description: 'Every refused field; empty on success.',
      resolve: (o) => (o.ok ? [] : o.inputErrors),
    }),
    family: t.field({ type: FamilyRef, nullable: true, description: 'The family registered, or the family the person joined; null when nothing was registered.', resolve: (o) => (o.ok ? o.value : null) }),
    persons: t.prismaField({
      type: ['Person'],
      description: 'The persons registered, in the order of the input; empty when nothing was registered.',
      resolve: async (query, o) => {
        if (o.persons.length === 0) return [];
        const rows = new Map((await prisma().person.findMany({ ...query, where: { id: { in: o.persons } } })).map((r) => [r.id, r]));
        return o.persons.flatMap((id) => rows.get(id) ?? []);
      },
    }),
    duplicates: t.field({ type: [PossibleDuplicateRef], description: 'Persons of the index the members may be, nearest first.', resolve: (o) => o.duplicates }),
  }),
});

/** Problems of each member; `at(i, field)` names the input field of member i. */
export function memberProblems(members: readonly MemberInput[], at: (member: number, field: string) => string): InputError[] {
  const problems: InputError[] = [];
  const seenIds = new Set<string>();
  members.forEach((m, i) => {
    const name = textProblem(m.name, { required: true, max: MAX_NAME });
    if (name) problems.push({ field: at(i, 'name'), reason: name });
    const future = futureProblem(m.birthDate);
    if (future) problems.push({ field: at(i, 'birthDate'), reason: future });
    else if (m.birthDate < EARLIEST_BIRTH) problems.push({ field: at(i, 'birthDate'), reason: 'must not be before 1900' });
    if (m.nationalId) {
      const check = validateNationalId(m.nationalId);
      if (!check.ok) problems.push({ field: at(i, 'nationalId'), reason: check.reason });
      else if (seenIds.has(check.value)) problems.push({ field: at(i, 'nationalId'), reason: 'is given for two members' });
      else seenIds.add(check.value);
    }
  });
  return problems;
}

export function refused(inputErrors: InputError[], duplicates: PossibleDuplicate[] = []): Registration {
  return { ok: false, code: 'BAD_USER_INPUT', message: inputErrors.map((e) => `${e.field}: ${e.reason}`).join('; '), inputErrors, persons: [], duplicates };
}

/**
 * Puts every member through identity linking. `refusal` is set when one is
 * in the index already, holds another person's ID, or resembles someone and
 * the caller has not confirmed; `duplicates` are the candidates, nearest first.
 */
export async function duplicateCheck(
  members: readonly MemberInput[],
  address: string | null,
  confirmed: boolean,
  ctx: HubContext,
  at: (member: number) => string,
): Promise<{ refusal: Registration | null; duplicates: PossibleDuplicate[] }> {
  const links = await linkIdentities(members.map((m) => ({ nationalId: m.nationalId ?? null, name: m.name.trim(), birthDate: m.birthDate, address })));
  const found: { member: number; candidate: Candidate }[] = [];
  const blocking: InputError[] = [];
  const resembling: InputError[] = [];
  links.forEach((link, i) => {
    if (link.ok) {
      blocking.push({ field: at(i), reason: 'is already in the master index: use the existing person' });
      found.push({ member: i, candidate: { personId: link.personId, score: EXACT_MATCH_SCORE, notes: ['the same person: linking would join a record like this to them'] } });
      return;
    }
    for (const candidate of link.candidates) found.push({ member: i, candidate });
    if (link.reason.startsWith('national ID belongs to another person')) blocking.push({ field: `${at(i)}.nationalId`, reason: 'is held by another person of the master index' });
    else if (link.outcome === 'REVIEW') resembling.push({ field: at(i), reason: `resembles ${link.candidates.length} person(s) of the master index: check the duplicates, then confirm with confirmNoDuplicate` });
  });
  found.sort((a, b) => b.candidate.score - a.candidate.score);
  const duplicates: PossibleDuplicate[] = (await withPersons(found.map((d) => ({ ...d, candidates: [d.candidate] })))).map((d) => ({ member: d.member, candidate: d.candidates[0]! }));
  // The candidates shown are persons of the index: their reading is audited as any person read.
  for (const d of duplicates) ctx.accessLog.persons.add(d.candidate.personId);
  const refusal = blocking.length > 0 || (resembling.length > 0 && !confirmed) ? refused([...blocking, ...resembling], duplicates) : null;
  return { refusal, duplicates };
}

/** Creates the members' persons, one at a time (at most 20) so that each id is known in input order. */
export async function createPersons(tx: TransactionClient, members: readonly MemberInput[], home: { address: string | null; district: DistrictCode }): Promise<number[]> {
  const ids: number[] = [];
  for (const m of members) {
    const check = m.nationalId ? validateNationalId(m.nationalId) : null;
    const person = await tx.person.create({
      data: { name: m.name.trim(), birthDate: m.birthDate, sex: m.sex, nationalId: check?.ok ? check.value : null, address: home.address?.trim() || null, districtCode: home.district },
      select: { id: true },
    });
    ids.push(person.id);
  }
  return ids;
}

/** Another registration or sync took one of the IDs meanwhile (the unique index): refused, nothing written. */
export function idTakenMeanwhile(field: string) {
  return (error: unknown): Outcome<Family> => {
    if ((error as { code?: string } | null)?.code === 'P2002') return refused([{ field, reason: 'a national ID was registered meanwhile: search again' }]);
    throw error;
  };
}
