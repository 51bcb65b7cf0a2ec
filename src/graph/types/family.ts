// Family and its memberships, the family list and "who else is serving
// this family".
import type { Prisma } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { builder, DEFAULT_PAGE_SIZE, describedTotalCount, MAX_PAGE_SIZE } from '../builder.ts';
import { decisionFor, forbidden } from '../../policy/enforce.ts';
import { canFilterBy } from '../../policy/decide.ts';
import type { HubContext, Viewer } from '../context.ts';
import { decidingFamilyWhere, servedFamilyWhere } from '../need-to-know.ts';
import { rowIdOf } from '../ids.ts';
import { corePolicy } from '../policy.ts';
import { caseListScope, familyScope, scoped } from '../row-scope.ts';
import { currentMembershipWhere, startOfToday } from '../membership-period.ts';
import { CaseKindEnum, CaseStatusEnum, ReferralStatusEnum, RelationshipEnum } from './enums.ts';
import { DistrictCodeEnum, DistrictRef } from './reference.ts';
import { ServingUnitRef } from './serving-unit.ts';
import { districtOf } from '../reference-data.ts';


builder.prismaObject('FamilyMembership', {
  name: 'FamilyMember',
  description: "A person's membership of a family over a period; people move in and out.",
  fields: (t) => ({
    person: t.relation('person', { description: 'The member.' }),
    family: t.relation('family', { description: 'The family.' }),
    relationship: t.expose('relationship', { type: RelationshipEnum, description: 'Relationship to the head (稱謂).' }),
    startDate: t.expose('startDate', { type: 'Date', description: 'When the person joined the family.' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true, description: 'When the person left; null while a member.' }),
    isCurrent: t.boolean({
      description: 'True while the membership has not ended.',
      select: { endDate: true },
      resolve: (membership) => membership.endDate === null || membership.endDate >= startOfToday(),
    }),
  }),
});

export const FamilyRef = builder.prismaNode('Family', {
  description: 'A family (家庭) as the safety net serves it: its members now and before, and everything done for it.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, familyScope(ctx.viewer)),
  fields: (t) => ({
    district: t.field({ type: DistrictRef, description: 'District the family lives in.', select: { districtCode: true }, resolve: async (f) => (await districtOf(f.districtCode))! }),
    address: t.string({
      nullable: true,
      description: 'Address of the family; withheld (null) from everyone but PROTECTION when any member has a confidential address.',
      // Counted in the family's own statement: selecting the memberships here would clash with `members`' filter and cost a second read.
      select: { address: true, _count: { select: { memberships: { where: { person: { addressConfidential: true } } } } } },
      resolve: (family, _args, ctx) => (ctx.viewer.unit !== 'PROTECTION' && family._count.memberships > 0 ? null : family.address),
    }),
    members: t.relation('memberships', {
      description: 'Members of the family, current ones unless includePast is true.',
      args: { includePast: t.arg.boolean({ defaultValue: false, description: 'Include members who moved out.' }) },
      query: (args) => ({
        where: args.includePast ? {} : currentMembershipWhere(),
        orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
      }),
    }),
    cases: t.relation('cases', {
      description: 'Cases opened for this family, newest first.',
      args: { status: t.arg({ type: CaseStatusEnum, description: 'Only cases with this status.' }) },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: [{ openedOn: 'desc' }, { id: 'asc' }],
      }),
    }),
    referrals: t.relation('referrals', {
      description: 'Referrals between units about members of this family, newest first.',
      args: { status: t.arg({ type: ReferralStatusEnum, description: 'Only referrals with this status.' }) },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }],
      }),
    }),
    intakes: t.relation('intakes', {
      description: 'Reports (通報) received about this family, newest first.',
      query: { orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }] },
    }),
    servingUnits: t.field({
      type: [ServingUnitRef],
      description:
        'Every unit serving this family right now: open cases and active NGO assignments on the family or any current member, and open referrals (pending or accepted), with who leads and since when.',
      resolve: (family, _args, ctx) => ctx.loaders.servingUnitsByFamily.load(family.id),
    }),
  }),
});

builder.asEntity(FamilyRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => {
    const rowId = rowIdOf(id, 'Family');
    return rowId === null ? null : prisma().family.findUnique({ where: scoped({ id: rowId }, familyScope(ctx.viewer)) });
  },
});

const FamilyFilter = builder.inputType('FamilyFilter', {
  description: 'Narrows the family list; all given conditions must hold.',
  fields: (t) => ({
    district: t.field({ type: DistrictCodeEnum, description: 'Families living in this district.' }),
    caseKind: t.field({ type: CaseKindEnum, description: 'Families with a case of this kind.' }),
    caseStatus: t.field({
      type: CaseStatusEnum,
      description: 'Families with a case in this status (combined with caseKind: the same case).',
    }),
  }),
});

/**
 * No browsing of the master index: a worker bound to districts lists the
 * families of its districts (its row scope); any other worker lists only the
 * families its unit serves or has a referral to decide on. Finding anyone
 * else is a purpose-bound search, not a list.
 */
function listableFamilyWhere(viewer: Viewer): Prisma.FamilyWhereInput {
  if (viewer.districts.length > 0) return {};
  return { OR: [servedFamilyWhere(viewer), decidingFamilyWhere(viewer)] };
}

type FamilyFilterInput = { district?: string | null; caseKind?: string | null; caseStatus?: string | null } | null | undefined;

/**
 * The filter, limited to what the caller may read: filtering by case kind or
 * status looks only at cases the caller could read those fields on (its own,
 * where need-to-know governs them), and is refused where it could read none.
 */
function familyWhere(filter: FamilyFilterInput, ctx: HubContext): Prisma.FamilyWhereInput {
  const where: Prisma.FamilyWhereInput = { AND: [familyScope(ctx.viewer), listableFamilyWhere(ctx.viewer)] };
  if (filter?.district) where.districtCode = filter.district;
  if (filter?.caseKind || filter?.caseStatus) {
    const reach = ['kind', 'status']
      .filter((field) => (field === 'kind' ? filter.caseKind : filter.caseStatus))
      .map((field) => ({ field, reach: canFilterBy(decisionFor(ctx, `Case.${field}`, corePolicy.Case![field])) }));
    const refused = reach.find((r) => r.reach === 'NONE');
    if (refused) throw forbidden(`Case.${refused.field}`);
    const ownOnly = reach.some((r) => r.reach === 'OWN');
    where.cases = {
      some: {
        ...(filter.caseKind ? { kind: filter.caseKind as Prisma.EnumCaseKindFilter['equals'] } : {}),
        ...(filter.caseStatus ? { status: filter.caseStatus as Prisma.EnumCaseStatusFilter['equals'] } : {}),
        ...(ownOnly ? caseListScope(ctx.viewer) : {}),
      },
    };
  }
  return where;
}

builder.queryFields((t) => ({
  family: t.prismaField({
    type: 'Family',
    nullable: true,
    description: 'One family by global ID; null when no such family exists.',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the family.' }) },
    resolve: (query, _root, args, ctx) => {
      const rowId = rowIdOf(String(args.id), 'Family');
      return rowId === null ? null : prisma().family.findUnique({ ...query, where: scoped({ id: rowId }, familyScope(ctx.viewer)) });
    },
  }),
  families: t.prismaConnection(
    {
      type: 'Family',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `Families the caller's unit serves or has a referral about to decide on (for a worker bound to districts: the families of its districts), oldest record first, as a Relay connection (at most ${MAX_PAGE_SIZE} per page). Not a way to browse the city.`,
      args: { filter: t.arg({ type: FamilyFilter, description: 'Conditions the families must meet.' }) },
      totalCount: (_parent, args, ctx) => prisma().family.count({ where: familyWhere(args.filter, ctx) }),
      resolve: (query, _root, args, ctx) => {
        return prisma().family.findMany({ ...query, where: familyWhere(args.filter, ctx), orderBy: { id: 'asc' } });
      },
    },
    { description: 'A page of families.', fields: describedTotalCount('families') },
    { description: 'A family in a page.' },
  ),
}));
