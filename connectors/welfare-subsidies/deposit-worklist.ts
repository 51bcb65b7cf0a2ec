// Worklist of social welfare: children's development accounts (兒少未來教育與
// 發展帳戶) whose household has not deposited for 3 to 6 months and has had no
// follow-up visit since the last deposit — the households to visit. As of a
// day (today by default; the demo registers hold past years). SOCIAL only;
// two statements (the page and its total).
import { GraphQLError } from 'graphql';
import { prisma } from '../../src/db/prisma.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { taipeiDay } from '../../src/domain/taipei-day.ts';

const MAX_PAGE = 100;
export const MONTHS_WITHOUT = { from: 3, to: 6 } as const;

export interface AccountToVisit {
  personId: number;
  accountNo: string;
  lastDepositMonth: Date | null;
  monthsWithout: number;
  district: string | null;
}

export interface AccountsToVisitPage {
  totalCount: number;
  entries: AccountToVisit[];
}

const badInput = (field: string, reason: string) => new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });

export async function accountsToVisit(ctx: HubContext, args: { asOf?: Date | null; first?: number | null; offset?: number | null }): Promise<AccountsToVisitPage> {
  const first = args.first ?? MAX_PAGE;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput('first', `must be between 0 and ${MAX_PAGE}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be 0 or more');
  const asOf = (args.asOf ?? taipeiDay(new Date())).toISOString().slice(0, 10);
  const districts = ctx.viewer.districts.length > 0 ? Prisma.sql`AND f.district_code = ANY(${[...ctx.viewer.districts]}::text[])` : Prisma.empty;
  // Months without a deposit: whole months from the last month with a deposit (or the account's opening month) to the month of asOf.
  const due = Prisma.sql`
    FROM (SELECT d.account_no, min(d.person_id) AS person_id,
                 coalesce(max(d.month) FILTER (WHERE d.amount > 0), date_trunc('month', min(d.opened_on))::date) AS last_month
            FROM welfare.development_account_deposit d WHERE d.month <= ${asOf}::date GROUP BY d.account_no) a
    CROSS JOIN LATERAL (SELECT ((extract(year FROM ${asOf}::date) - extract(year FROM a.last_month)) * 12
                              + extract(month FROM ${asOf}::date) - extract(month FROM a.last_month))::int AS months) w
    LEFT JOIN LATERAL (SELECT m.family_id FROM core.family_membership m WHERE m.person_id = a.person_id AND m.end_date IS NULL ORDER BY m.start_date DESC LIMIT 1) cm ON true
    LEFT JOIN core.family f ON f.id = cm.family_id
   WHERE w.months BETWEEN ${MONTHS_WITHOUT.from} AND ${MONTHS_WITHOUT.to}
     AND NOT EXISTS (SELECT 1 FROM welfare.account_followup_visit v WHERE v.account_no = a.account_no AND v.visit_date > a.last_month AND v.visit_date <= ${asOf}::date)
     ${districts}`;
  const [count, rows] = await Promise.all([
    prisma().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${due}`,
    prisma().$queryRaw<{ person_id: number; account_no: string; last_month: Date | null; months: number; district: string | null }[]>`
      SELECT a.person_id, a.account_no, a.last_month, w.months, f.district_code AS district ${due}
       ORDER BY w.months DESC, f.district_code NULLS LAST, a.account_no LIMIT ${first} OFFSET ${offset}`,
  ]);
  return {
    totalCount: count[0]?.n ?? 0,
    entries: rows.map((r) => ({ personId: Number(r.person_id), accountNo: r.account_no, lastDepositMonth: r.last_month, monthsWithout: Number(r.months), district: r.district })),
  };
}
