// The welfare-subsidies subgraph: statuses and subsidies added to Person.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import type { WelfareStatus, WelfareSubsidy } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, requestLoader } from '../kit/subgraph-builder.ts';
import { SUBSIDY_KINDS } from './mapping.ts';
import { welfarePolicy } from './policy.ts';

const SOURCE = 'Social Affairs Bureau, social assistance section (社會救助科), file exports';

const builder = createSubgraphBuilder();
builder.queryType({ description: 'No entry points of its own: this subgraph adds welfare status and subsidies to Person.' });

const StatusKindEnum = builder.enumType('WelfareStatusKind', {
  description: 'Household welfare status.',
  values: {
    LOW_INCOME: { description: 'Low-income household (低收入戶)' },
    MIDDLE_LOW_INCOME: { description: 'Middle-low-income household (中低收入戶)' },
  },
});

const StatusRef = builder.objectRef<WelfareStatus>('WelfareStatus').implement({
  description: 'A low- or middle-low-income status for a period, as the Social Affairs Bureau approved it.',
  fields: (t) => ({
    kind: t.field({ type: StatusKindEnum, nullable: true, description: 'Which status.', resolve: (s) => s.kind }),
    validFrom: t.field({ type: 'Date', nullable: true, description: 'First day of the approval.', resolve: (s) => s.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, description: 'Last day of the approval; null while open.', resolve: (s) => s.validTo }),
    syncedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the hub took this record in.', resolve: (s) => s.syncedAt }),
    source: t.string({ nullable: true, description: 'Where the record comes from.', resolve: () => SOURCE }),
  }),
});

const SubsidyRef = builder.objectRef<WelfareSubsidy>('WelfareSubsidy').implement({
  description: 'A subsidy granted to a person: kind, monthly amount and period.',
  fields: (t) => ({
    kindCode: t.exposeString('kindCode', { nullable: true, description: 'Subsidy code of the welfare system (補助項目代碼).' }),
    kindLabelEn: t.string({ nullable: true, description: 'Subsidy kind in English.', resolve: (s) => SUBSIDY_KINDS[s.kindCode]?.en ?? null }),
    kindLabelZh: t.string({ nullable: true, description: 'Subsidy kind in Chinese.', resolve: (s) => SUBSIDY_KINDS[s.kindCode]?.zh ?? null }),
    monthlyAmount: t.string({
      nullable: true,
      description: 'Monthly amount in NT$; a 5,000-wide band (e.g. "10000-14999") where the policy masks it.',
      resolve: (s) => String(s.monthlyAmount),
    }),
    fromMonth: t.field({ type: 'Date', nullable: true, description: 'First month granted.', resolve: (s) => s.fromMonth }),
    toMonth: t.field({ type: 'Date', nullable: true, description: 'Last month granted; null while open.', resolve: (s) => s.toMonth }),
    syncedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the hub took this record in.', resolve: (s) => s.syncedAt }),
  }),
});

function byPerson<T extends { personId: number }>(ctx: HubContext, name: string, load: (ids: number[]) => Promise<T[]>) {
  return requestLoader(ctx, name, () =>
    new DataLoader<number, T[]>(async (ids) => {
      const rows = await load([...ids]);
      return ids.map((id) => rows.filter((r) => r.personId === id));
    }),
  );
}

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), resolvePersonEntity);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the welfare system knows.',
  externalFields: (t) => ({ id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }) }),
  fields: (t) => ({
    welfareStatuses: t.field({
      type: [StatusRef],
      nullable: true,
      description: 'Low- and middle-low-income statuses of the person, newest first.',
      resolve: (person, _args, ctx) =>
        byPerson(ctx, 'welfare.status', (ids) => prisma().welfareStatus.findMany({ where: { personId: { in: ids } }, orderBy: { validFrom: 'desc' } })).load(person.rowId),
    }),
    welfareSubsidies: t.field({
      type: [SubsidyRef],
      nullable: true,
      description: 'Subsidies granted to the person, newest first.',
      resolve: (person, _args, ctx) =>
        byPerson(ctx, 'welfare.subsidy', (ids) => prisma().welfareSubsidy.findMany({ where: { personId: { in: ids } }, orderBy: { fromMonth: 'desc' } })).load(person.rowId),
    }),
  }),
});

export const welfareSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external'] }),
  welfarePolicy,
  personRowRelations,
);
