// Transferring a case (轉案) to another unit: the unit that owns the open
// case hands it over, with the reason. The receiving unit owns it from then
// on, with no lead worker until it assigns one (the old lead is another
// unit's worker). The handing unit keeps no access through the case: it
// serves the family after the transfer only through another grant of its own
// (another open case, an accepted referral…). NGOs are not units a case can
// be handed to: they are assigned (createAssignment). Every transfer is kept.
import type { Case } from '../../generated/prisma/client.ts';
import { textProblem } from '../../domain/input-checks.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseNotFound, lockCase, ownedCaseWhere, personsOfCase } from '../case-actions.ts';
import { unitOf } from '../reference-data.ts';
import { CaseRef } from './case.ts';
import { NetworkUnitRef, UnitCodeEnum } from './reference.ts';

const MAX_REASON = 2000;

builder.prismaObject('CaseTransfer', {
  description: 'A hand-over of a case from one unit to another: by whom, when, why, and who led it before.',
  fields: (t) => ({
    fromUnit: t.field({ type: NetworkUnitRef, description: 'The unit that handed the case over.', select: { fromUnitCode: true }, resolve: (r) => unitOf(r.fromUnitCode) }),
    toUnit: t.field({ type: NetworkUnitRef, description: 'The unit that received it.', select: { toUnitCode: true }, resolve: (r) => unitOf(r.toUnitCode) }),
    reason: t.exposeString('reason', { description: 'Why, as the handing worker stated it.' }),
    previousLeadWorker: t.exposeID('previousLeadWorkerId', { nullable: true, description: 'Lead worker of the handing unit before the transfer.' }),
    transferredBy: t.exposeID('transferredBy', { description: 'Worker who handed it over.' }),
    transferredAt: t.expose('transferredAt', { type: 'DateTime', description: 'When.' }),
  }),
});

builder.prismaObjectField('Case', 'transfers', (t) =>
  t.relation('transfers', { description: 'Every transfer of the case between units, newest first.', query: { orderBy: [{ transferredAt: 'desc' }, { id: 'desc' }] } }),
);

const TransferCasePayload = payloadType<Case>('TransferCasePayload', 'case', CaseRef, 'Result of transferring a case to another unit.');

builder.mutationField('transferCase', (t) =>
  t.field({
    type: TransferCasePayload,
    description:
      "Hands an open case the caller's unit owns to another unit (not NGO), with the reason: the receiving unit owns it from then on, with no lead worker; the transfer is kept in the case's transfers.",
    args: {
      caseId: t.arg.id({ required: true, description: 'Global ID of the case.' }),
      toUnit: t.arg({ type: UnitCodeEnum, required: true, description: 'The receiving unit: another unit than the caller\'s, not NGO.' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Case>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(args.caseId), 'Case');
      if (caseId === null) return invalidInput([{ field: 'caseId', reason: 'is not a Case ID' }]);
      const problems = [
        args.toUnit === viewer.unit ? { field: 'toUnit', reason: 'must be another unit than the one that owns the case' } : null,
        args.toUnit === 'NGO' ? { field: 'toUnit', reason: 'a case is not transferred to an NGO; assign one with createAssignment' } : null,
        ((reason) => (reason ? { field: 'reason', reason } : null))(textProblem(args.reason, { required: true, max: MAX_REASON })),
      ].filter((p) => p !== null);
      if (problems.length > 0) return invalidInput(problems);
      return inTransaction(ctx, info, async (tx) => {
        await lockCase(tx, caseId);
        const owned = await tx.case.findFirst({
          where: ownedCaseWhere(viewer, caseId),
          select: { status: true, leadWorkerId: true, familyId: true, subjectPersonId: true },
        });
        if (!owned) return caseNotFound<Case>();
        if (owned.status !== 'OPEN') return invalidInput<Case>([{ field: 'caseId', reason: 'the case is closed' }]);
        const moved = await tx.case.updateManyAndReturn({
          where: { id: caseId, status: 'OPEN', ownerUnitCode: viewer.unit },
          data: { ownerUnitCode: args.toUnit, leadWorkerId: null },
        });
        if (moved.length !== 1) return caseNotFound<Case>();
        const transfer = await tx.caseTransfer.create({
          data: {
            caseId,
            fromUnitCode: viewer.unit,
            toUnitCode: args.toUnit,
            reason: args.reason.trim(),
            previousLeadWorkerId: owned.leadWorkerId,
            transferredBy: viewer.workerId,
          },
          select: { id: true },
        });
        const persons = await personsOfCase(tx, owned);
        return success(moved[0]!, { persons, records: [{ type: 'Case', id: caseId }, { type: 'CaseTransfer', id: transfer.id }] });
      });
    },
  }),
);
