// Registration at the front door: intake staff add a family the master index
// does not hold (a newcomer, a child without an ID, an undocumented person),
// so that the 24-hour intake process can go on. Its members go through the
// duplicate check of registration-checks.ts. A later agency record with a
// valid ID is not merged silently: it is held for review against the
// registered person (identity-review.ts), where a LINK also records the ID.
import { DISTRICT_CODES, type DistrictCode } from '../../domain/codes.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { builder } from '../builder.ts';
import { inTransaction } from '../mutation-result.ts';
import {
  createPersons,
  duplicateCheck,
  idTakenMeanwhile,
  MAX_ADDRESS,
  MAX_MEMBERS,
  MAX_REASON,
  memberProblems,
  RegisterMemberInput,
  RegistrationPayload,
  refused,
  type Registration,
} from './registration-checks.ts';

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
        ...(input.members.length === 0 || input.members.length > MAX_MEMBERS ? [{ field: 'members', reason: `must list 1–${MAX_MEMBERS} members` }] : []),
        ...memberProblems(input.members, (i, field) => `members[${i}].${field}`),
      ];
      if (problems.length > 0) return refused(problems);

      const check = await duplicateCheck(input.members, input.address ?? null, input.confirmNoDuplicate ?? false, ctx, (i) => `members[${i}]`);
      if (check.refusal) return check.refusal;

      const outcome = await inTransaction(ctx, info, async (tx) => {
        const family = await tx.family.create({ data: { districtCode: input.district as DistrictCode, address: input.address?.trim() || null } });
        const persons = await createPersons(tx, input.members, { address: input.address ?? null, district: input.district as DistrictCode });
        const startDate = taipeiDay(new Date());
        await tx.familyMembership.createMany({ data: persons.map((personId, i) => ({ familyId: family.id, personId, relationship: input.members[i]!.relationship, startDate })) });
        return { ok: true as const, value: family, subjects: { persons, records: [{ type: 'Family', id: family.id }] } };
      }).catch(idTakenMeanwhile('members'));
      return outcome.ok ? { ...outcome, persons: [...outcome.subjects.persons], duplicates: [] } : { ...outcome, persons: [], duplicates: check.duplicates };
    },
  }),
);
