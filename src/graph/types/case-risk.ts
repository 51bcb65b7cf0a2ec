// Setting a case's SDM risk level (結構化決策模式風險等級): only the unit that
// owns the case, by its caseworkers and supervisors, with a reason; each
// assessment is kept (the level before, why, by whom, when) and the case
// shows the current one. A case the caller's unit does not own answers as a
// case that does not exist.
import type { Case } from '../../generated/prisma/client.ts';
import { textProblem } from '../../domain/input-checks.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseNotFound, lockCase, ownedCaseWhere, personsOfCase } from '../case-actions.ts';
import { CaseRef } from './case.ts';
import { RiskLevelEnum } from './enums.ts';

const MAX_REASON = 2000;

export const CaseRiskAssessmentRef = builder.prismaObject('CaseRiskAssessment', {
  description: 'An SDM risk assessment of a case: the level the owning unit set, the level before, why, by whom and when.',
  fields: (t) => ({
    level: t.expose('level', { type: RiskLevelEnum, description: 'The level set.' }),
    previousLevel: t.expose('previousLevel', { type: RiskLevelEnum, nullable: true, description: 'The level before; null for the first assessment.' }),
    reason: t.exposeString('reason', { description: 'Why, as the worker stated it.' }),
    assessedBy: t.exposeID('assessedBy', { description: 'Worker who set it.' }),
    assessedAt: t.expose('assessedAt', { type: 'DateTime', description: 'When it was set.' }),
  }),
});

builder.prismaObjectField('Case', 'riskHistory', (t) =>
  t.relation('riskAssessments', {
    description: 'Every SDM risk assessment of the case, newest first.',
    query: { orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }] },
  }),
);

const CaseRiskPayload = payloadType<Case>('SetCaseRiskLevelPayload', 'case', CaseRef, 'Result of setting a case\'s SDM risk level.');

builder.mutationField('setCaseRiskLevel', (t) =>
  t.field({
    type: CaseRiskPayload,
    description: 'Sets the SDM risk level of an open case the caller\'s unit owns, with the reason; the assessment is kept in the case\'s riskHistory.',
    args: {
      caseId: t.arg.id({ required: true, description: 'Global ID of the case.' }),
      level: t.arg({ type: RiskLevelEnum, required: true, description: 'The level assessed.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters): the assessment it rests on.` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Case>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(args.caseId), 'Case');
      const reasonProblem = textProblem(args.reason, { required: true, max: MAX_REASON });
      if (caseId === null) return invalidInput([{ field: 'caseId', reason: 'is not a Case ID' }]);
      if (reasonProblem) return invalidInput([{ field: 'reason', reason: reasonProblem }]);
      return inTransaction(ctx, info, async (tx) => {
        // Two assessments of one case at once are taken one after the other, each naming the level the other set.
        await lockCase(tx, caseId);
        // Only the unit's own cases, in the worker's districts; any other answers as a case that does not exist.
        const owned = await tx.case.findFirst({
          where: ownedCaseWhere(viewer, caseId),
          select: { status: true, riskLevel: true, familyId: true, subjectPersonId: true },
        });
        if (!owned) return caseNotFound<Case>();
        if (owned.status !== 'OPEN') return invalidInput<Case>([{ field: 'caseId', reason: 'the case is closed; its risk level is no longer assessed' }]);
        const updated = await tx.case.update({ where: { id: caseId }, data: { riskLevel: args.level } });
        const assessment = await tx.caseRiskAssessment.create({
          data: { caseId, level: args.level, previousLevel: owned.riskLevel, reason: args.reason.trim(), assessedBy: viewer.workerId },
        });
        const persons = await personsOfCase(tx, owned);
        return success(updated, { persons, records: [{ type: 'Case', id: caseId }, { type: 'CaseRiskAssessment', id: assessment.id }] });
      });
    },
  }),
);
