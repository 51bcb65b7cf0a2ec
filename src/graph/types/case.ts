// Case (個案) and the organisation assignments on it.
import { isActiveAssignment } from '../assignment-period.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/prisma.ts';
import { CASE_KIND_LABELS } from '../../domain/labels.ts';
import { builder, DEFAULT_PAGE_SIZE, describedTotalCount, MAX_PAGE_SIZE } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { caseListScope, caseScope, scoped } from '../row-scope.ts';
import { CaseKindEnum, CaseStatusEnum, ContactKindEnum, LabelType, RiskLevelEnum } from './enums.ts';
import { DistrictCodeEnum, DistrictRef, NetworkUnitRef, UnitCodeEnum } from './reference.ts';
import { districtOf, unitOf } from '../reference-data.ts';

export const CaseRef = builder.prismaNode('Case', {
  description: 'A case (個案) a unit opened for a family, usually about one member.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, caseScope(ctx.viewer)),
  fields: (t) => ({
    kind: t.expose('kind', { type: CaseKindEnum, description: 'Kind of case.' }),
    kindLabel: t.field({
      type: LabelType,
      description: 'Kind of case as users read it.',
      select: { kind: true },
      resolve: (c) => CASE_KIND_LABELS[c.kind],
    }),
    status: t.expose('status', { type: CaseStatusEnum, description: 'Open or closed.' }),
    riskLevel: t.expose('riskLevel', { type: RiskLevelEnum, nullable: true, description: 'SDM risk level, when assessed.' }),
    openedOn: t.expose('openedOn', { type: 'Date', description: 'Date the case was opened (開案).' }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true, description: 'Date the case was closed (結案).' }),
    family: t.relation('family', { description: 'The family served.' }),
    subject: t.relation('subject', { nullable: true, description: 'The member the case is about.' }),
    ownerUnit: t.field({ type: NetworkUnitRef, description: 'Unit that owns the case.', select: { ownerUnitCode: true }, resolve: (c) => unitOf(c.ownerUnitCode) }),
    leadWorker: t.relation('leadWorker', { nullable: true, description: 'Lead worker (主責社工).' }),
    organization: t.relation('organization', { nullable: true, description: 'Organisation running the case, if contracted out.' }),
    district: t.field({ type: DistrictRef, description: 'District responsible for the case.', select: { districtCode: true }, resolve: async (c) => (await districtOf(c.districtCode))! }),
    contacts: t.relation('contacts', {
      description: 'Service contacts on the case, newest first.',
      args: { kind: t.arg({ type: ContactKindEnum, description: 'Only contacts of this kind.' }) },
      query: (args) => ({
        where: args.kind ? { kind: args.kind } : {},
        orderBy: [{ contactedOn: 'desc' }, { id: 'desc' }],
      }),
    }),
    contactCount: t.relationCount('contacts', { description: 'Number of service contacts on the case.' }),
    assignments: t.relation('assignments', {
      description: 'Organisations assigned to the case, current and past.',
      query: { orderBy: [{ startDate: 'desc' }, { id: 'asc' }] },
    }),
    intakes: t.relation('intakes', { description: 'Reports (通報) that led to or were added to this case.' }),
  }),
});

export const AssignmentRef = builder.prismaObject('Assignment', {
  description: "An organisation's assignment to a case, active from its start to its end.",
  fields: (t) => ({
    organization: t.relation('organization', { description: 'The assigned organisation.' }),
    case: t.relation('case', { description: 'The case.' }),
    startDate: t.expose('startDate', { type: 'Date', description: 'First day of the assignment.' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true, description: 'Last day; null while open-ended.' }),
    active: t.boolean({
      description: 'True when the assignment gives its organisation access today: offered or accepted, and its dates cover today.',
      select: { startDate: true, endDate: true, status: true },
      resolve: (a) => isActiveAssignment(a),
    }),
  }),
});

const CaseFilter = builder.inputType('CaseFilter', {
  description: 'Narrows the case list; all given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: CaseKindEnum, description: 'Cases of this kind.' }),
    status: t.field({ type: CaseStatusEnum, description: 'Cases with this status.' }),
    district: t.field({ type: DistrictCodeEnum, description: 'Cases of this district.' }),
    ownerUnit: t.field({ type: UnitCodeEnum, description: 'Cases owned by this unit.' }),
  }),
});

type CaseFilterInput = { kind?: string | null; status?: string | null; district?: string | null; ownerUnit?: string | null };

function caseWhere(filter: CaseFilterInput | null | undefined): Prisma.CaseWhereInput {
  return {
    ...(filter?.kind ? { kind: filter.kind as Prisma.CaseWhereInput['kind'] } : {}),
    ...(filter?.status ? { status: filter.status as Prisma.CaseWhereInput['status'] } : {}),
    ...(filter?.district ? { districtCode: filter.district } : {}),
    ...(filter?.ownerUnit ? { ownerUnitCode: filter.ownerUnit } : {}),
  };
}

builder.queryFields((t) => ({
  case: t.prismaField({
    type: 'Case',
    nullable: true,
    description: 'One case by global ID; null when no such case exists.',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the case.' }) },
    resolve: (query, _root, args, ctx) => {
      const rowId = rowIdOf(String(args.id), 'Case');
      return rowId === null ? null : prisma().case.findUnique({ ...query, where: scoped({ id: rowId }, caseScope(ctx.viewer)) });
    },
  }),
  cases: t.prismaConnection(
    {
      type: 'Case',
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: `The caller's unit's own cases (an NGO's assigned cases), oldest first, as a Relay connection (at most ${MAX_PAGE_SIZE} per page).`,
      args: { filter: t.arg({ type: CaseFilter, description: 'Conditions the cases must meet.' }) },
      totalCount: (_parent, args, ctx) => prisma().case.count({ where: { AND: [caseWhere(args.filter), caseListScope(ctx.viewer)] } }),
      resolve: (query, _root, args, ctx) => {
        return prisma().case.findMany({ ...query, where: { AND: [caseWhere(args.filter), caseListScope(ctx.viewer)] }, orderBy: { id: 'asc' } });
      },
    },
    { description: 'A page of cases.', fields: describedTotalCount('cases') },
    { description: 'A case in a page.' },
  ),
}));
