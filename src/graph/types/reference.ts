// Reference types: network units, districts, organisations and workers.
import { prisma } from '../../db/prisma.ts';
import { builder } from '../builder.ts';
import { DISTRICT_CODES, DISTRICT_LABELS, UNIT_CODES, UNIT_LABELS, type DistrictCode, type UnitCode } from '../../domain/codes.ts';
import { unitOf } from '../reference-data.ts';

export const UnitCodeEnum = builder.enumType('UnitCode', {
  description: 'Code of a network unit (網絡單位).',
  values: Object.fromEntries(UNIT_CODES.map((code) => [code, { description: UNIT_LABELS[code] }])) as Record<UnitCode, { description: string }>,
});

export const DistrictCodeEnum = builder.enumType('DistrictCode', {
  description: "Code of one of Taichung's 29 districts (行政區).",
  values: Object.fromEntries(DISTRICT_CODES.map((code) => [code, { description: DISTRICT_LABELS[code] }])) as Record<DistrictCode, { description: string }>,
});

export const NetworkUnitRef = builder.prismaObject('NetworkUnit', {
  description: 'A network unit (網絡單位) of the safety net.',
  fields: (t) => ({
    code: t.field({ type: UnitCodeEnum, description: 'Unit code.', resolve: (u) => u.code as UnitCode }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
  }),
});

export const DistrictRef = builder.prismaObject('District', {
  description: 'An administrative district (行政區) of the city.',
  fields: (t) => ({
    code: t.field({ type: DistrictCodeEnum, description: 'District code.', resolve: (d) => d.code as DistrictCode }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
  }),
});

export const OrganizationRef = builder.prismaNode('Organization', {
  description: 'A contracted private organisation (委外單位) serving cases in its contract regions.',
  id: { field: 'id', description: 'Opaque global ID.' },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Registered name.' }),
    contractRegions: t.exposeStringList('contractRegions', { description: 'Contract regions the organisation serves.' }),
    districts: t.field({
      type: [DistrictCodeEnum],
      description: 'Districts covered by the contract regions.',
      resolve: (org) => org.districtCodes as DistrictCode[],
    }),
  }),
});

export const WorkerRef = builder.prismaObject('Worker', {
  description: 'A worker of a network unit or an organisation.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The worker's identifier (the subject of their token)." }),
    name: t.exposeString('name', { description: 'Full name.' }),
    unit: t.field({ type: NetworkUnitRef, description: 'Unit the worker belongs to.', select: { unitCode: true }, resolve: (w) => unitOf(w.unitCode) }),
    organization: t.relation('organization', { nullable: true, description: 'Organisation, for NGO workers.' }),
  }),
});

builder.queryFields((t) => ({
  networkUnits: t.prismaField({
    type: ['NetworkUnit'],
    description: 'Every network unit of the safety net.',
    resolve: (query) => prisma().networkUnit.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
  districts: t.prismaField({
    type: ['District'],
    description: "The city's districts.",
    resolve: (query) => prisma().district.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
}));
