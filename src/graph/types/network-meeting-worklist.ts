// Worklist: the caller's unit's high-risk protective cases re-reported during
// service (處遇中再通報) that no network meeting has taken up since the latest
// re-report — neither held nor scheduled after it. Longest waiting first.
// Three statements whatever the size of the list (count, page, the cases).
import { prisma } from '../../db/prisma.ts';
import { PROTECTIVE_KINDS } from '../../domain/re-report.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import { caseOfCursor, cursorOfCase, sqlWorklistPage, type SqlPage, type SqlWorklist } from '../sql-worklist.ts';
import type { Viewer } from '../context.ts';
import './case.ts';

interface Entry {
  caseId: number;
  lastReReportAt: Date;
  reReports: number;
}

/** The cases waiting, as SQL over the viewer's own open cases (in its districts, for a district-bound worker). */
function waiting(viewer: Viewer): SqlWorklist {
  const districts = viewer.districts.length > 0 ? Prisma.sql`AND c.district_code = ANY(${[...viewer.districts]}::text[])` : Prisma.empty;
  const reReports = Prisma.sql`JOIN core.intake i ON i.family_id = c.family_id AND i.re_report AND i.received_at >= c.opened_on`;
  return {
    rows: Prisma.sql`
      SELECT c.id AS case_id, max(i.received_at) AS sort_key, count(i.id)::int AS re_reports
        FROM core."case" c ${reReports}
       WHERE c.owner_unit_code = ${viewer.unit} AND c.status = 'OPEN' AND c.risk_level IN ('HIGH', 'VERY_HIGH')
         AND c.kind::text = ANY(${[...PROTECTIVE_KINDS]}::text[]) ${districts}
       GROUP BY c.id
      HAVING max(i.received_at) > coalesce((
               SELECT max(m.starts_at) FROM core.meeting_agenda_item a JOIN core.meeting m ON m.id = a.meeting_id
                WHERE a.case_id = c.id AND m.kind = 'RE_REPORT_NETWORK' AND m.status <> 'CANCELLED'), '-infinity')`,
    sortKeyOf: (caseId) => Prisma.sql`SELECT coalesce(max(i.received_at), '-infinity') FROM core."case" c LEFT ${reReports} WHERE c.id = ${caseId}`,
  };
}

async function page(viewer: Viewer, first: number, afterCase: number | null): Promise<SqlPage<Entry>> {
  const found = await sqlWorklistPage<{ case_id: number; sort_key: Date; re_reports: number }>(waiting(viewer), first, afterCase);
  return { ...found, entries: found.entries.map((r) => ({ caseId: Number(r.case_id), lastReReportAt: r.sort_key, reReports: Number(r.re_reports) })) };
}

const EntryRef = builder.objectRef<Entry>('NetworkMeetingWorkItem').implement({
  description: 'A high-risk case re-reported during service that waits for a network meeting.',
  fields: (t) => ({
    case: t.prismaField({
      type: 'Case',
      nullable: true,
      description: 'The case (its fields follow the case rules).',
      resolve: (query, entry) => prisma().case.findUnique({ ...query, where: { id: entry.caseId } }),
    }),
    lastReReportAt: t.expose('lastReReportAt', { type: 'DateTime', description: 'When the latest re-report was received.' }),
    reReports: t.exposeInt('reReports', { description: 'Re-reports received since the case opened.' }),
    cursor: t.string({ description: 'Cursor of this entry, for `after`.', resolve: (e) => cursorOfCase(e.caseId) }),
  }),
});

const PageRef = builder.objectRef<SqlPage<Entry>>('NetworkMeetingWorklist').implement({
  description: 'A page of the network-meeting worklist, longest waiting first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { description: 'Cases waiting, over all pages.' }),
    entries: t.field({ type: [EntryRef], description: 'This page.', resolve: (p) => p.entries }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more entries follow.' }),
  }),
});

builder.queryField('reReportsAwaitingNetworkMeeting', (t) =>
  t.field({
    type: PageRef,
    description: `The caller's unit's open high-risk protective cases re-reported during service and not taken up by a network meeting since (held or scheduled), longest waiting first (at most ${MAX_PAGE_SIZE} per page).`,
    args: {
      first: t.arg.int({ description: `Page size (0–${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).` }),
      after: t.arg.string({ description: 'Cursor of the last entry of the previous page.' }),
    },
    // `first` and `after` are checked before this runs, as for every list (paging.ts).
    resolve: (_root, args, ctx) => page(ctx.viewer, args.first ?? DEFAULT_PAGE_SIZE, caseOfCursor(args.after)),
  }),
);

