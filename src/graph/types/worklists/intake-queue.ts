// Worklist: the reports waiting for a decision, the least time left to the
// 24-hour triage deadline first (overdue ones at the top). Central intake
// (PROTECTION) screens every report not triaged yet; another unit works the
// reports dispatched to it that no case has taken yet.
import { prisma } from '../../../db/prisma.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { dueWithinWarning, hoursLeft, triageDeadline } from '../../../worklists/deadlines.ts';
import { builder, DEFAULT_PAGE_SIZE, describedTotalCount, MAX_PAGE_SIZE } from '../../builder.ts';
import type { Viewer } from '../../context.ts';

builder.prismaObjectFields('Intake', (t) => ({
  triageDeadline: t.field({ type: 'DateTime', description: 'When the 24-hour triage deadline falls.', select: { receivedAt: true }, resolve: (i) => triageDeadline(i.receivedAt) }),
  hoursLeft: t.float({
    description: 'Hours left to the triage deadline (one decimal; negative once overdue); null once triaged.',
    nullable: true,
    select: { receivedAt: true, triagedAt: true },
    resolve: (i) => (i.triagedAt === null ? hoursLeft(i.receivedAt) : null),
  }),
  dueWithin4Hours: t.boolean({
    description: 'True while untriaged with 4 hours or less left (not yet overdue).',
    select: { receivedAt: true, triagedAt: true },
    resolve: (i) => i.triagedAt === null && dueWithinWarning(i.receivedAt),
  }),
}));

function queueWhere(viewer: Viewer): Prisma.IntakeWhereInput {
  const waiting: Prisma.IntakeWhereInput = viewer.unit === 'PROTECTION' ? { triagedAt: null } : { dispatchedToUnitCode: viewer.unit, caseId: null };
  return viewer.districts.length > 0 ? { AND: [waiting, { family: { districtCode: { in: [...viewer.districts] } } }] } : waiting;
}

builder.queryField('intakeQueue', (t) =>
  t.prismaConnection(
    {
      type: 'Intake',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description:
        "Reports waiting for the caller's unit, least time left to the 24-hour triage deadline first: for PROTECTION (central intake) every report not triaged yet, for another unit those dispatched to it that no case has taken yet.",
      totalCount: (_parent, _args, ctx) => prisma().intake.count({ where: queueWhere(ctx.viewer) }),
      resolve: (query, _root, _args, ctx) => prisma().intake.findMany({ ...query, where: queueWhere(ctx.viewer), orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] }),
    },
    { description: 'A page of the intake queue.', fields: describedTotalCount('reports waiting') },
    { description: 'A report in the queue.' },
  ),
);
