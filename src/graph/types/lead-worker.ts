// Assigning or changing a case's lead worker (主責社工): only the unit that
// owns the open case, by its caseworkers and supervisors, and only one of
// the unit's own workers (an NGO's worker leads nothing of a unit's case).
// Every change is kept (who leads now, who led before, who decided, when);
// a case the caller's unit does not own answers as a case that does not exist.
import type { Case } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseNotFound, lockCase, ownedCaseWhere, personsOfCase } from '../case-actions.ts';
import { CaseRef } from './case.ts';

const MAX_WORKER_ID = 200;

builder.prismaObject('CaseLeadWorkerChange', {
  description: "A change of a case's lead worker: who leads from then on, who led before, who decided and when.",
  fields: (t) => ({
    worker: t.exposeID('workerId', { description: 'The lead worker from this change on.' }),
    previousWorker: t.exposeID('previousWorkerId', { nullable: true, description: 'The lead worker before; null when the case had none.' }),
    changedBy: t.exposeID('changedBy', { description: 'Worker who made the change.' }),
    changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When.' }),
  }),
});

builder.prismaObjectField('Case', 'leadWorkerHistory', (t) =>
  t.relation('leadWorkerChanges', {
    description: 'Every change of the lead worker made through the hub, newest first (a transfer clears the lead worker: see transfers).',
    query: { orderBy: [{ changedAt: 'desc' }, { id: 'desc' }] },
  }),
);

const AssignLeadWorkerPayload = payloadType<Case>('AssignLeadWorkerPayload', 'case', CaseRef, "Result of assigning a case's lead worker.");

builder.mutationField('assignLeadWorker', (t) =>
  t.field({
    type: AssignLeadWorkerPayload,
    description: "Sets or changes the lead worker of an open case the caller's unit owns; the worker must be a worker of that unit. The change is kept in leadWorkerHistory.",
    args: {
      caseId: t.arg.id({ required: true, description: 'Global ID of the case.' }),
      workerId: t.arg.id({ required: true, description: "The worker's identifier (Worker.id): a worker of the unit that owns the case." }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Case>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(args.caseId), 'Case');
      const workerId = String(args.workerId).trim();
      if (caseId === null) return invalidInput([{ field: 'caseId', reason: 'is not a Case ID' }]);
      if (!workerId || workerId.length > MAX_WORKER_ID) return invalidInput([{ field: 'workerId', reason: 'is not a worker identifier' }]);
      return inTransaction(ctx, info, async (tx) => {
        // Changes of the lead worker and transfers of one case are taken one after the other (each names the lead before it).
        await lockCase(tx, caseId);
        const owned = await tx.case.findFirst({
          where: ownedCaseWhere(viewer, caseId),
          select: { status: true, leadWorkerId: true, familyId: true, subjectPersonId: true },
        });
        if (!owned) return caseNotFound<Case>();
        if (owned.status !== 'OPEN') return invalidInput<Case>([{ field: 'caseId', reason: 'the case is closed' }]);
        // The unit's own workers only; whether another unit's worker of that id exists is not said.
        const worker = await tx.worker.findFirst({ where: { id: workerId, unitCode: viewer.unit, organizationId: null }, select: { id: true } });
        if (!worker) return invalidInput<Case>([{ field: 'workerId', reason: `is not a worker of ${viewer.unit}` }]);
        if (owned.leadWorkerId === workerId) return invalidInput<Case>([{ field: 'workerId', reason: 'already leads this case' }]);
        const updated = await tx.case.updateManyAndReturn({
          where: { id: caseId, status: 'OPEN', ownerUnitCode: viewer.unit },
          data: { leadWorkerId: workerId },
        });
        if (updated.length !== 1) return caseNotFound<Case>();
        const change = await tx.caseLeadWorkerChange.create({
          data: { caseId, workerId, previousWorkerId: owned.leadWorkerId, changedBy: viewer.workerId },
          select: { id: true },
        });
        const persons = await personsOfCase(tx, owned);
        return success(updated[0]!, { persons, records: [{ type: 'Case', id: caseId }, { type: 'CaseLeadWorkerChange', id: change.id }] });
      });
    },
  }),
);
