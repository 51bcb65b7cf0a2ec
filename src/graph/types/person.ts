// Person: the master person index, one node per real person.
import { signPersonAccess } from '../../auth/person-access.ts';
import { prisma } from '../../db/prisma.ts';
import { validateNationalId } from '../../domain/national-id.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { personScope, scoped } from '../row-scope.ts';
import { currentMembershipWhere } from '../membership-period.ts';
import { SexEnum } from './enums.ts';
import { districtOf } from '../reference-data.ts';
import { DistrictRef } from './reference.ts';

const NationalIdKindEnum = builder.enumType('NationalIdKind', {
  description: 'Which identity document a national ID comes from.',
  values: {
    NATIONAL: { description: 'National ID card (身分證統一編號)' },
    RESIDENT_NEW: { description: 'Resident certificate, new format (居留證統一證號, 2021 onwards)' },
    RESIDENT_OLD: { description: 'Resident certificate, old two-letter format' },
  },
});

export const PersonRef = builder.prismaNode('Person', {
  description: 'A person in the master person index. Personal fields are nullable: they come back null when withheld.',
  id: { field: 'id', description: 'Opaque global ID.' },
  nullable: true,
  findUnique: (id, ctx) => scoped({ id: Number(id) || -1 }, personScope(ctx.viewer)),
  fields: (t) => ({
    nationalId: t.exposeString('nationalId', {
      nullable: true,
      description: 'National ID or resident certificate number; null when the person has none.',
    }),
    nationalIdKind: t.field({
      type: NationalIdKindEnum,
      nullable: true,
      description: 'Document kind of the national ID.',
      select: { nationalId: true },
      resolve: (person) => {
        const checked = person.nationalId ? validateNationalId(person.nationalId) : null;
        return checked?.ok ? checked.kind : null;
      },
    }),
    name: t.exposeString('name', { nullable: true, description: 'Full name as registered.' }),
    sex: t.expose('sex', { type: SexEnum, nullable: true, description: 'Registered sex.' }),
    birthDate: t.expose('birthDate', { type: 'PartialDate', nullable: true, description: 'Date of birth; only the year where the policy masks it.' }),
    address: t.string({
      nullable: true,
      description:
        'Residential address. A confidential address (victim protection) is readable by PROTECTION only and withheld (null) for everyone else, also on the records of anyone living in a family with that person.',
      select: { address: true, addressConfidential: true },
      resolve: async (person, _args, ctx) => {
        if (ctx.viewer.unit === 'PROTECTION' || person.address === null) return person.address;
        if (person.addressConfidential) return null;
        // A co-member's address is the victim's address: withheld as Family.address is.
        return (await ctx.loaders.livesWithConfidentialAddress.load(person.id)) ? null : person.address;
      },
    }),
    addressWithheld: t.boolean({
      description:
        'True when the address is confidential — the person’s own, or that of someone in a family they live in — and so withheld from everyone but PROTECTION.',
      select: { addressConfidential: true },
      resolve: async (person, _args, ctx) => person.addressConfidential || (await ctx.loaders.livesWithConfidentialAddress.load(person.id)),
    }),
    district: t.field({ type: DistrictRef, nullable: true, description: 'District of residence.', select: { districtCode: true }, resolve: (p) => districtOf(p.districtCode) }),
    memberships: t.relation('memberships', {
      description: "The person's family memberships, current first.",
      args: { includePast: t.arg.boolean({ defaultValue: false, description: 'Include memberships that ended.' }) },
      query: (args) => ({
        where: args.includePast ? {} : currentMembershipWhere(),
        orderBy: [{ endDate: { sort: 'desc', nulls: 'first' } }, { id: 'asc' }],
      }),
    }),
    cases: t.relation('cases', {
      description: 'Cases of which this person is the subject.',
      query: { orderBy: [{ openedOn: 'desc' }, { id: 'asc' }] },
    }),
    referrals: t.relation('referrals', {
      description: 'Referrals about this person.',
      query: { orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }] },
    }),
    // Not part of the public API: the gateway's plan carries it to an agency subgraph whose Person fields @requires it.
    personAccess: t.string({
      nullable: true,
      inaccessible: true,
      description: 'Signed, short-lived: what the caller may know of this person, for agency subgraphs that run without core data (src/auth/person-access.ts).',
      select: { id: true },
      resolve: async (person, _args, ctx) => {
        const relation = await ctx.loaders.viewerRelatedToPerson.load(person.id);
        return signPersonAccess(ctx.viewer, person.id, { level: relation.level, breakGlass: relation.breakGlass });
      },
    }),
  }),
});

builder.asEntity(PersonRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => {
    const rowId = rowIdOf(id, 'Person');
    return rowId === null ? null : prisma().person.findUnique({ where: scoped({ id: rowId }, personScope(ctx.viewer)) });
  },
});

builder.queryField('person', (t) =>
  t.prismaField({
    type: 'Person',
    nullable: true,
    description: 'One person by global ID; null when no such person exists.',
    args: { id: t.arg.id({ required: true, description: 'Global ID of the person.' }) },
    resolve: (query, _root, args, ctx) => {
      const rowId = rowIdOf(String(args.id), 'Person');
      return rowId === null ? null : prisma().person.findUnique({ ...query, where: scoped({ id: rowId }, personScope(ctx.viewer)) });
    },
  }),
);
