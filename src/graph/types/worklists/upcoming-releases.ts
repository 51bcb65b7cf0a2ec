// Worklist: releases from prison or hospital (出監/出院) in the next days for
// members of families the caller's unit serves (need-to-know's rule, a
// worker's break-glass excepted), the soonest first. Releases come from the
// probation transitions connector; the window is at most 90 days, so the
// list is short: it pages by offset. One statement (need-to-know's rule in
// SQL), plus the persons and families asked for (batched).
import { GraphQLError } from 'graphql';
import { prisma } from '../../../db/prisma.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { taipeiDay } from '../../../domain/taipei-day.ts';
import { builder, MAX_PAGE_SIZE } from '../../builder.ts';
import { servesFamilySql } from '../../need-to-know.ts';

const MAX_DAYS = 90;
const DEFAULT_DAYS = 30;

interface Release {
  personId: number;
  familyId: number;
  kind: string;
  releaseOn: Date;
}

interface Page {
  totalCount: number;
  entries: Release[];
}

function badUserInput(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

const ReleaseRef = builder.objectRef<Release>('UpcomingRelease').implement({
  description: 'A release from prison or hospital of a member of a family the caller’s unit serves.',
  fields: (t) => ({
    person: t.prismaField({ type: 'Person', nullable: true, description: 'Who is released (fields follow the person rules).', resolve: (query, r) => prisma().person.findUnique({ ...query, where: { id: r.personId } }) }),
    family: t.prismaField({ type: 'Family', nullable: true, description: 'The family the caller serves.', resolve: (query, r) => prisma().family.findUnique({ ...query, where: { id: r.familyId } }) }),
    kind: t.exposeString('kind', { description: 'PRISON_RELEASE or HOSPITAL_RELEASE.' }),
    releaseOn: t.expose('releaseOn', { type: 'Date', description: 'Release day.' }),
  }),
});

const PageRef = builder.objectRef<Page>('UpcomingReleases').implement({
  description: 'Releases coming, soonest first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { description: 'Releases in the window, over all pages.' }),
    entries: t.field({ type: [ReleaseRef], description: 'This page.', resolve: (p) => p.entries }),
  }),
});

builder.queryField('upcomingReleases', (t) =>
  t.field({
    type: PageRef,
    description: `Releases from prison or hospital in the next \`days\` (1–${MAX_DAYS}, default ${DEFAULT_DAYS}) of members of families the caller's unit (an NGO: its organisation) serves, soonest first.`,
    args: {
      days: t.arg.int({ description: `Window in days from today, Taipei (1–${MAX_DAYS}; default ${DEFAULT_DAYS}).` }),
      first: t.arg.int({ description: `Page size (0–${MAX_PAGE_SIZE}; default ${MAX_PAGE_SIZE}).` }),
      offset: t.arg.int({ description: 'Entries to skip (0 or more).' }),
    },
    resolve: async (_root, args, ctx) => {
      const days = args.days ?? DEFAULT_DAYS;
      const first = args.first ?? MAX_PAGE_SIZE;
      const offset = args.offset ?? 0;
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw badUserInput('days', `must be between 1 and ${MAX_DAYS}`);
      if (offset < 0) throw badUserInput('offset', 'must be 0 or more');
      const today = taipeiDay(new Date()).toISOString().slice(0, 10);
      const districts = ctx.viewer.districts.length > 0 ? Prisma.sql`AND f.district_code = ANY(${[...ctx.viewer.districts]}::text[])` : Prisma.empty;
      const rows = await prisma().$queryRaw<{ person_id: number; family_id: number; kind: string; release_on: Date }[]>`
        SELECT t.person_id, m.family_id, t.kind::text AS kind, t.release_on
          FROM probation.transition t
          JOIN core.family_membership m ON m.person_id = t.person_id AND (m.end_date IS NULL OR m.end_date >= ${today}::date)
          JOIN core.family f ON f.id = m.family_id
         WHERE t.kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE') AND t.release_on >= ${today}::date AND t.release_on <= ${today}::date + ${days}::int ${districts}
           AND ${servesFamilySql(ctx.viewer)}
         ORDER BY t.release_on, t.person_id, m.family_id`;
      const mine = rows.map((r) => ({ personId: Number(r.person_id), familyId: Number(r.family_id), kind: r.kind, releaseOn: r.release_on }));
      return { totalCount: mine.length, entries: mine.slice(offset, offset + first) };
    },
  }),
);
