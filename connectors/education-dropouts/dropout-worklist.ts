// Worklist of the Education Bureau: students in a dropout episode (中輟)
// still out of school, by school and district (the district of the student's
// current family), the longest out first within each. EDUCATION only; two statements (the
// page and its total), the persons resolved by core through federation.
import { GraphQLError } from 'graphql';
import { prisma } from '../../src/db/prisma.ts';
import { DISTRICT_CODES } from '../../src/domain/codes.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';

const MAX_PAGE = 100;

export interface OutOfSchool {
  personId: number;
  schoolCode: string;
  district: string | null;
  startedOn: Date;
  daysOut: number;
}

export interface OutOfSchoolPage {
  totalCount: number;
  entries: OutOfSchool[];
}

const badInput = (field: string, reason: string) => new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });

export async function studentsOutOfSchool(
  ctx: HubContext,
  args: { district?: string | null; schoolCode?: string | null; first?: number | null; offset?: number | null },
): Promise<OutOfSchoolPage> {
  const first = args.first ?? MAX_PAGE;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput('first', `must be between 0 and ${MAX_PAGE}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be 0 or more');
  if (args.district != null && !(DISTRICT_CODES as readonly string[]).includes(args.district)) throw badInput('district', `"${args.district}" is not a district code`);
  if (args.schoolCode != null && !/^\d{6}$/.test(args.schoolCode)) throw badInput('schoolCode', 'must be a six-digit school code');
  // A worker bound to districts sees only students of families in its districts.
  const districts = ctx.viewer.districts.length > 0 ? Prisma.sql`AND f.district_code = ANY(${[...ctx.viewer.districts]}::text[])` : Prisma.empty;
  const outOfSchool = Prisma.sql`
      FROM education.dropout_episode d
      LEFT JOIN LATERAL (SELECT m.family_id FROM core.family_membership m WHERE m.person_id = d.person_id AND m.end_date IS NULL ORDER BY m.start_date DESC LIMIT 1) cm ON true
      LEFT JOIN core.family f ON f.id = cm.family_id
     WHERE d.returned_on IS NULL
       AND (${args.schoolCode ?? null}::text IS NULL OR d.school_code = ${args.schoolCode ?? null}::text)
       AND (${args.district ?? null}::text IS NULL OR f.district_code = ${args.district ?? null}::text) ${districts}`;
  const [count, rows] = await Promise.all([
    prisma().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${outOfSchool}`,
    prisma().$queryRaw<{ person_id: number; school_code: string; district: string | null; started_on: Date; days_out: number }[]>`
      SELECT d.person_id, d.school_code, f.district_code AS district, d.started_on, (current_date - d.started_on)::int AS days_out ${outOfSchool}
       ORDER BY d.school_code, f.district_code NULLS LAST, d.started_on, d.source_key
       LIMIT ${first} OFFSET ${offset}`,
  ]);
  return {
    totalCount: count[0]?.n ?? 0,
    entries: rows.map((r) => ({ personId: Number(r.person_id), schoolCode: r.school_code, district: r.district, startedOn: r.started_on, daysOut: Number(r.days_out) })),
  };
}
