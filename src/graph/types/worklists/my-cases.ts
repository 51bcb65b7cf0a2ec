// Worklist: the open cases a lead worker of the caller's unit carries, the
// next contact due first (src/worklists/deadlines.ts says when a contact is
// due). Three statements whatever the number of cases.
import { prisma } from '../../../db/prisma.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { contactIntervalSql } from '../../../worklists/deadlines.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../builder.ts';
import type { Viewer } from '../../context.ts';
import { caseOfCursor, cursorOfCase, sqlWorklistPage, type SqlPage, type SqlWorklist } from '../../sql-worklist.ts';

interface Entry {
  caseId: number;
  nextContactDue: Date;
  lastContactOn: Date | null;
}

const nextDue = Prisma.raw(`(coalesce(max(sc.contacted_on), c.opened_on) + ${contactIntervalSql('c.risk_level')})`);

function carried(viewer: Viewer, worker: string, dueBefore: Date | null): SqlWorklist {
  const districts = viewer.districts.length > 0 ? Prisma.sql`AND c.district_code = ANY(${[...viewer.districts]}::text[])` : Prisma.empty;
  const due = dueBefore === null ? Prisma.empty : Prisma.sql`HAVING ${nextDue} < ${dueBefore}::date`;
  return {
    rows: Prisma.sql`
      SELECT c.id AS case_id, ${nextDue} AS sort_key, max(sc.contacted_on) AS last_contact_on
        FROM core."case" c LEFT JOIN core.service_contact sc ON sc.case_id = c.id
       WHERE c.owner_unit_code = ${viewer.unit} AND c.status = 'OPEN' AND c.lead_worker_id = ${worker} ${districts}
       GROUP BY c.id ${due}`,
    sortKeyOf: (caseId) => Prisma.sql`SELECT ${nextDue} FROM core."case" c LEFT JOIN core.service_contact sc ON sc.case_id = c.id WHERE c.id = ${caseId} GROUP BY c.id`,
  };
}

const EntryRef = builder.objectRef<Entry>('CaseWorkItem').implement({
  description: 'An open case of a lead worker, with the next contact due.',
  fields: (t) => ({
    case: t.prismaField({ type: 'Case', nullable: true, description: 'The case.', resolve: (query, e) => prisma().case.findUnique({ ...query, where: { id: e.caseId } }) }),
    nextContactDue: t.expose('nextContactDue', { type: 'Date', description: 'When the next contact is due: the latest contact (or the opening) plus the interval of the risk level.' }),
    lastContactOn: t.expose('lastContactOn', { type: 'Date', nullable: true, description: 'The latest contact by any unit; null before the first.' }),
    cursor: t.string({ description: 'Cursor of this entry, for `after`.', resolve: (e) => cursorOfCase(e.caseId) }),
  }),
});

const PageRef = builder.objectRef<SqlPage<Entry>>('CaseWorklist').implement({
  description: 'A page of a lead worker’s cases, next contact due first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { description: 'Cases over all pages.' }),
    entries: t.field({ type: [EntryRef], description: 'This page.', resolve: (p) => p.entries }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more entries follow.' }),
  }),
});

builder.queryField('myCases', (t) =>
  t.field({
    type: PageRef,
    description: `Open cases of the caller's unit carried by a lead worker (the caller when omitted), next contact due first (at most ${MAX_PAGE_SIZE} per page). Not NGOs: their cases are listed by \`cases\`.`,
    args: {
      leadWorker: t.arg.id({ description: "A lead worker of the caller's unit; the caller when omitted." }),
      dueBefore: t.arg({ type: 'Date', description: 'Only cases whose next contact is due before this day.' }),
      first: t.arg.int({ description: `Page size (0–${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).` }),
      after: t.arg.string({ description: 'Cursor of the last entry of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      // Another unit's worker carries no case of this unit: the list is simply empty, as for an unknown id.
      const worker = args.leadWorker == null ? ctx.viewer.workerId : String(args.leadWorker);
      const found = await sqlWorklistPage<{ case_id: number; sort_key: Date; last_contact_on: Date | null }>(
        carried(ctx.viewer, worker, args.dueBefore ?? null),
        args.first ?? DEFAULT_PAGE_SIZE,
        caseOfCursor(args.after),
      );
      return { ...found, entries: found.entries.map((r) => ({ caseId: Number(r.case_id), nextContactDue: r.sort_key, lastContactOn: r.last_contact_on })) };
    },
  }),
);
