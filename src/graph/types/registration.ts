// Registration at the front door: intake staff add a family the master index
// does not hold (a newcomer, a child without an ID, an undocumented person),
// so that the 24-hour intake process can go on. Every member is first put
// through identity linking, exactly as an agency record would be: a member
// the index already holds is refused (use the existing person), a national
// ID held by someone else is refused, and a member who resembles someone is
// refused until the caller has looked at the candidates and confirms with
// `confirmNoDuplicate`. A later agency record with a valid ID is not merged
// silently: it is held for review against the registered person
// (identity-review.ts), where a LINK also records the ID.
import { linkIdentities, type Candidate } from '../../../connectors/kit/identity-linking.ts';
import { prisma } from '../../db/prisma.ts';
import { DISTRICT_CODES, type DistrictCode } from '../../domain/codes.ts';
import { collectProblems, futureProblem, textProblem } from '../../domain/input-checks.ts';
import { validateNationalId } from '../../domain/national-id.ts';
import type { Family, Relationship, Sex } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { inTransaction, type InputError, type Outcome } from '../mutation-result.ts';
import { RelationshipEnum, SexEnum } from './enums.ts';
import { FamilyRef } from './family.ts';
import { IdentityCandidateRef, withPersons, type LoadedCandidate } from './identity-review.ts';

const MAX_MEMBERS = 20;
const MAX_NAME = 100;
const MAX_ADDRESS = 200;
const MAX_REASON = 2000;
const EARLIEST_BIRTH = new Date('1900-01-01T00:00:00Z');
/** Shown for a member the index holds beyond doubt (linking joined it): above any score linking computes. */
const EXACT_MATCH_SCORE = 100;

interface MemberInput {
  name: string;
  birthDate: Date;
  sex: Sex;
  nationalId?: string | null;
  relationship: Relationship;
}

const RegisterMemberInput = builder.inputType('RegisterMemberInput', {
  description: 'A person to register, as intake staff learned them.',
  fields: (t) => ({
    name: t.string({ required: true, description: `Full name (1–${MAX_NAME} characters).` }),
    birthDate: t.field({ type: 'Date', required: true, description: 'Birth date (not in the future, not before 1900).' }),
    sex: t.field({ type: SexEnum, required: true, description: 'Sex; UNKNOWN when not known.' }),
    nationalId: t.string({ description: 'National ID or resident certificate number, when the person has one.' }),
    relationship: t.field({ type: RelationshipEnum, required: true, description: 'Relationship to the head of the family.' }),
  }),
});

const RegisterFamilyInput = builder.inputType('RegisterFamilyInput', {
  description: 'A family the master index does not hold.',
  fields: (t) => ({
    district: t.string({ required: true, description: 'District code where the family lives.' }),
    address: t.string({ description: `Address (at most ${MAX_ADDRESS} characters).` }),
    members: t.field({ type: [RegisterMemberInput], required: true, description: `The members (1–${MAX_MEMBERS}).` }),
    reason: t.string({ required: true, description: `Why the family is registered (1–${MAX_REASON} characters), e.g. the intake it is for.` }),
    confirmNoDuplicate: t.boolean({ defaultValue: false, description: 'The caller has seen the candidates of an earlier attempt and none is a member.' }),
  }),
});

interface PossibleDuplicate {
  member: number;
  candidate: LoadedCandidate;
}

const PossibleDuplicateRef = builder.objectRef<PossibleDuplicate>('PossibleDuplicate').implement({
  description: 'A person of the index a member to register may be.',
  fields: (t) => ({
    member: t.exposeInt('member', { description: 'Index of the member in the input (from 0).' }),
    candidate: t.field({ type: IdentityCandidateRef, description: 'The person and the evidence.', resolve: (d) => d.candidate }),
  }),
});

type Registration = Outcome<Family> & { duplicates: PossibleDuplicate[] };

const RegistrationPayload = builder.objectRef<Registration>('RegistrationPayload').implement({
  description: 'Result of registering a family: the family, or why not and the persons it may duplicate.',
  fields: (t) => ({
    ok: t.boolean({ description: 'True when the family was registered.', resolve: (o) => o.ok }),
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
    family: t.field({ type: FamilyRef, nullable: true, description: 'The registered family; null when nothing was registered.', resolve: (o) => (o.ok ? o.value : null) }),
    duplicates: t.field({ type: [PossibleDuplicateRef], description: 'Persons of the index the members may be, nearest first.', resolve: (o) => o.duplicates }),
  }),
});

function memberProblems(members: readonly MemberInput[]): InputError[] {
  const problems: InputError[] = [];
  if (members.length === 0 || members.length > MAX_MEMBERS) problems.push({ field: 'members', reason: `must list 1–${MAX_MEMBERS} members` });
  const seenIds = new Set<string>();
  members.forEach((m, i) => {
    const at = (field: string) => `members[${i}].${field}`;
    const name = textProblem(m.name, { required: true, max: MAX_NAME });
    if (name) problems.push({ field: at('name'), reason: name });
    const future = futureProblem(m.birthDate);
    if (future) problems.push({ field: at('birthDate'), reason: future });
    else if (m.birthDate < EARLIEST_BIRTH) problems.push({ field: at('birthDate'), reason: 'must not be before 1900' });
    if (m.nationalId) {
      const check = validateNationalId(m.nationalId);
      if (!check.ok) problems.push({ field: at('nationalId'), reason: check.reason });
      else if (seenIds.has(check.value)) problems.push({ field: at('nationalId'), reason: 'is given for two members' });
      else seenIds.add(check.value);
    }
  });
  return problems;
}

const refused = (inputErrors: InputError[], duplicates: PossibleDuplicate[] = []): Registration => ({
  ok: false,
  code: 'BAD_USER_INPUT',
  message: inputErrors.map((e) => `${e.field}: ${e.reason}`).join('; '),
  inputErrors,
  duplicates,
});

builder.mutationField('registerFamily', (t) =>
  t.field({
    type: RegistrationPayload,
    description: 'Registers a family and its members in the master index (intake staff of PROTECTION, SOCIAL and CIVIL_AFFAIRS), after the same duplicate check identity linking applies to agency records.',
    args: { input: t.arg({ type: RegisterFamilyInput, required: true, description: 'The family.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Registration> => {
      const problems = [
        ...collectProblems({
          district: !(DISTRICT_CODES as readonly string[]).includes(input.district)
            ? 'is not a district code'
            : ctx.viewer.districts.length > 0 && !ctx.viewer.districts.includes(input.district as DistrictCode) ? 'is outside the districts your token covers' : null,
          address: textProblem(input.address, { required: false, max: MAX_ADDRESS }),
          reason: textProblem(input.reason, { required: true, max: MAX_REASON }),
        }),
        ...memberProblems(input.members),
      ];
      if (problems.length > 0) return refused(problems);

      const links = await linkIdentities(input.members.map((m) => ({ nationalId: m.nationalId ?? null, name: m.name.trim(), birthDate: m.birthDate, address: input.address ?? null })));
      const found: { member: number; candidate: Candidate }[] = [];
      const blocking: InputError[] = [];
      const resembling: InputError[] = [];
      links.forEach((link, i) => {
        if (link.ok) {
          blocking.push({ field: `members[${i}]`, reason: 'is already in the master index: use the existing person' });
          found.push({ member: i, candidate: { personId: link.personId, score: EXACT_MATCH_SCORE, notes: ['the same person: linking would join a record like this to them'] } });
          return;
        }
        for (const candidate of link.candidates) found.push({ member: i, candidate });
        if (link.reason.startsWith('national ID belongs to another person')) blocking.push({ field: `members[${i}].nationalId`, reason: 'is held by another person of the master index' });
        else if (link.outcome === 'REVIEW') resembling.push({ field: `members[${i}]`, reason: `resembles ${link.candidates.length} person(s) of the master index: check the duplicates, then confirm with confirmNoDuplicate` });
      });
      found.sort((a, b) => b.candidate.score - a.candidate.score);
      const duplicates: PossibleDuplicate[] = (await withPersons(found.map((d) => ({ ...d, candidates: [d.candidate] })))).map((d) => ({ member: d.member, candidate: d.candidates[0]! }));
      // The candidates shown are persons of the index: their reading is audited as any person read.
      for (const d of duplicates) ctx.accessLog.persons.add(d.candidate.personId);
      if (blocking.length > 0 || (resembling.length > 0 && !input.confirmNoDuplicate)) return refused([...blocking, ...resembling], duplicates);

      const outcome = await inTransaction(ctx, info, async (tx) => {
        const family = await tx.family.create({ data: { districtCode: input.district as DistrictCode, address: input.address?.trim() || null } });
        // One at a time (at most 20): each membership must name its own member.
        const persons: { id: number }[] = [];
        for (const m of input.members) {
          const check = m.nationalId ? validateNationalId(m.nationalId) : null;
          persons.push(await tx.person.create({
            data: { name: m.name.trim(), birthDate: m.birthDate, sex: m.sex, nationalId: check?.ok ? check.value : null, address: input.address?.trim() || null, districtCode: input.district as DistrictCode },
            select: { id: true },
          }));
        }
        const startDate = new Date(new Date().toISOString().slice(0, 10));
        await tx.familyMembership.createMany({ data: persons.map((p, i) => ({ familyId: family.id, personId: p.id, relationship: input.members[i]!.relationship, startDate })) });
        return { ok: true as const, value: family, subjects: { persons: persons.map((p) => p.id), records: [{ type: 'Family', id: family.id }] } };
      }).catch((error: unknown) => {
        // Another registration or sync took one of the IDs meanwhile (the unique index).
        if ((error as { code?: string } | null)?.code === 'P2002') return refused([{ field: 'members', reason: 'a national ID was registered meanwhile: search again' }]);
        throw error;
      });
      return { ...outcome, duplicates: outcome.ok ? [] : duplicates } as Registration;
    },
  }),
);
