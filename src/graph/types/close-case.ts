// Closing a case (結案) with a reason: only the unit that owns the open case,
// by its caseworkers and supervisors. Closing ends the case's NGO
// assignments on the closing day (the organisation's access ends with that
// day: need-to-know from an assignment lasts through its end date). A case
// the caller's unit does not own answers as a case that does not exist.
import type { Case } from '../../generated/prisma/client.ts';
import { collectProblems, futureProblem, textProblem } from '../../domain/input-checks.ts';
import { taipeiDay } from '../../domain/taipei-day.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseNotFound, lockCase, ownedCaseWhere, personsOfCase } from '../case-actions.ts';
import { LIVE_ASSIGNMENT } from '../assignment-period.ts';
import { CaseRef } from './case.ts';

const MAX_REASON = 2000;

builder.prismaObjectFields('Case', (t) => ({
  closeReason: t.exposeString('closeReason', { nullable: true, description: 'Why the case was closed; null while open, or for cases closed before reasons were kept.' }),
  closedBy: t.exposeID('closedBy', { nullable: true, description: 'Worker who closed it.' }),
}));

const CloseCasePayload = payloadType<Case>('CloseCasePayload', 'case', CaseRef, 'Result of closing a case.');

builder.mutationField('closeCase', (t) =>
  t.field({
    type: CloseCasePayload,
    description: "Closes an open case the caller's unit owns, with the reason; its NGO assignments end on the closing day.",
    args: {
      caseId: t.arg.id({ required: true, description: 'Global ID of the case.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters).` }),
      closedOn: t.arg({ type: 'Date', description: 'The closing day; today (Taipei) when omitted; not in the future, not before the case opened.' }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Case>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(args.caseId), 'Case');
      const closedOn = args.closedOn ?? taipeiDay(new Date());
      if (caseId === null) return invalidInput([{ field: 'caseId', reason: 'is not a Case ID' }]);
      const problems = collectProblems({
        reason: textProblem(args.reason, { required: true, max: MAX_REASON }),
        closedOn: futureProblem(closedOn, taipeiDay(new Date())),
      });
      if (problems.length > 0) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        await lockCase(tx, caseId);
        const owned = await tx.case.findFirst({
          where: ownedCaseWhere(viewer, caseId),
          select: { status: true, openedOn: true, familyId: true, subjectPersonId: true },
        });
        if (!owned) return caseNotFound<Case>();
        if (owned.status !== 'OPEN') return invalidInput<Case>([{ field: 'caseId', reason: 'the case is already closed' }]);
        if (closedOn < owned.openedOn) return invalidInput<Case>([{ field: 'closedOn', reason: 'must not be before the case was opened' }]);
        // Conditional on still being open: of two workers closing at once, one closes it.
        const closed = await tx.case.updateManyAndReturn({
          where: { id: caseId, status: 'OPEN' },
          data: { status: 'CLOSED', closedOn, closeReason: args.reason.trim(), closedBy: viewer.workerId },
        });
        if (closed.length !== 1) return invalidInput<Case>([{ field: 'caseId', reason: 'the case is already closed' }]);
        // Every assignment still running after the closing day ends with it (one that starts later ends the day it starts).
        // (Assignments already ended or handed back keep their end.)
        const running = await tx.assignment.findMany({
          where: { caseId, status: { in: [...LIVE_ASSIGNMENT] }, OR: [{ endDate: null }, { endDate: { gt: closedOn } }] },
          select: { id: true, startDate: true },
        });
        for (const assignment of running) {
          await tx.assignment.update({ where: { id: assignment.id }, data: { endDate: assignment.startDate > closedOn ? assignment.startDate : closedOn } });
        }
        const persons = await personsOfCase(tx, owned);
        return success(closed[0]!, { persons, records: [{ type: 'Case', id: caseId }, ...running.map((a) => ({ type: 'Assignment', id: a.id }))] });
      });
    },
  }),
);
