// Adding a person to a family the caller's unit serves: a newborn, a child
// without an ID, a relative who moved in. The same checks and duplicate
// check as registering a family (registration-checks.ts). A family the unit
// does not serve (or may not reach at all) answers as one that does not
// exist; a grant by break-glass is for reading in an emergency, not for writing.
import { prisma } from '../../db/prisma.ts';
import type { DistrictCode } from '../../domain/codes.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { inTransaction } from '../mutation-result.ts';
import { servesThroughOwnGrant } from '../need-to-know.ts';
import { familyScope, scoped } from '../row-scope.ts';
import { createPersons, duplicateCheck, idTakenMeanwhile, MAX_REASON, memberProblems, RegisterMemberInput, RegistrationPayload, refused, type Registration } from './registration-checks.ts';

const RegisterPersonInput = builder.inputType('RegisterPersonInput', {
  description: 'A person the master index does not hold, joining a family your unit serves.',
  fields: (t) => ({
    family: t.id({ required: true, description: 'Global ID of the family the person joins.' }),
    member: t.field({ type: RegisterMemberInput, required: true, description: 'The person, with their relationship to the head of the family.' }),
    reason: t.string({ required: true, description: `Why the person is registered (1–${MAX_REASON} characters), e.g. the birth or the intake it is for.` }),
    confirmNoDuplicate: t.boolean({ defaultValue: false, description: 'The caller has seen the candidates of an earlier attempt and none is this person.' }),
  }),
});

const noSuchFamily = (): Registration => ({
  ok: false,
  code: 'NOT_FOUND',
  message: 'family: no such family (or none your unit serves)',
  inputErrors: [{ field: 'family', reason: 'no such family (or none your unit serves)' }],
  persons: [],
  duplicates: [],
});

builder.mutationField('registerPerson', (t) =>
  t.field({
    type: RegistrationPayload,
    description:
      'Registers a person in the master index as a current member of a family your unit serves (intake staff of PROTECTION, SOCIAL and CIVIL_AFFAIRS), after the duplicate check identity linking applies to agency records.',
    args: { input: t.arg({ type: RegisterPersonInput, required: true, description: 'The person and the family.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Registration> => {
      const familyId = rowIdOf(String(input.family), 'Family');
      const problems = [
        ...collectProblems({ family: familyId === null ? 'is not a family ID' : null, reason: textProblem(input.reason, { required: true, max: MAX_REASON }) }),
        ...memberProblems([input.member], (_i, field) => `member.${field}`),
      ];
      if (problems.length > 0) return refused(problems);

      const family = await ctx.loaders.viewerRelatedToFamily.load(familyId!);
      if (!servesThroughOwnGrant(family)) return noSuchFamily();
      const home = await prisma().family.findUnique({ where: scoped({ id: familyId! }, familyScope(ctx.viewer)), select: { address: true } });
      if (!home) return noSuchFamily();

      const check = await duplicateCheck([input.member], home.address, input.confirmNoDuplicate ?? false, ctx, () => 'member');
      if (check.refusal) return check.refusal;

      const outcome = await inTransaction(ctx, info, async (tx) => {
        // Read again inside the write, with the row scope: the family may have left the caller's districts meanwhile.
        const row = await tx.family.findUnique({ where: scoped({ id: familyId! }, familyScope(ctx.viewer)) });
        if (!row) return noSuchFamily();
        const [personId] = await createPersons(tx, [input.member], { address: row.address, district: row.districtCode as DistrictCode });
        await tx.familyMembership.create({ data: { familyId: row.id, personId: personId!, relationship: input.member.relationship, startDate: taipeiDay(new Date()) } });
        return { ok: true as const, value: row, subjects: { persons: [personId!], records: [{ type: 'Family', id: row.id }, { type: 'Person', id: personId! }] } };
      }).catch(idTakenMeanwhile('member.nationalId'));
      return outcome.ok ? { ...outcome, persons: [...outcome.subjects.persons], duplicates: [] } : { ...outcome, persons: [], duplicates: check.duplicates };
    },
  }),
);
