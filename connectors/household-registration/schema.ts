// The household-registration subgraph: its own type, and a field added to
// the Person entity that core owns.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import { RELATIONSHIP_LABELS } from '../../src/domain/labels.ts';
import type { HouseholdRegistration } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, requestLoader } from '../kit/subgraph-builder.ts';
import { householdPolicy } from './policy.ts';

const SOURCE = 'Household registration offices, Civil Affairs Bureau (戶政事務所)';
/** The offices publish changes daily; a record not refreshed for longer is stale. */
export const CADENCE_HOURS = 24;

const builder = createSubgraphBuilder();

builder.queryType({ description: 'No entry points of its own: this subgraph adds household registration to Person.' });

const RelationshipEnum = builder.enumType('Relationship', {
  description: 'Relationship of a family member to the head of household (稱謂).',
  values: Object.fromEntries(Object.entries(RELATIONSHIP_LABELS).map(([value, label]) => [value, { description: `${label.en} (${label.zh})` }])),
});

const RegistrationRef = builder.objectRef<HouseholdRegistration>('HouseholdRegistration').implement({
  description: 'A person’s household registration (戶籍) as the household registration offices hold it, with when the hub last synced it.',
  fields: (t) => ({
    householdNumber: t.exposeString('householdNumber', { nullable: true, description: 'Household number (戶號).' }),
    relationship: t.field({ type: RelationshipEnum, nullable: true, description: 'Relationship to the head (稱謂).', resolve: (r) => r.relationship }),
    address: t.exposeString('address', { nullable: true, description: 'Registered address (戶籍地址).' }),
    district: t.exposeString('districtCode', { nullable: true, description: 'District code of the registered address.' }),
    registeredOn: t.field({ type: 'Date', nullable: true, description: 'When the person was registered in this household.', resolve: (r) => r.registeredOn }),
    syncedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the hub last took this record from the source.', resolve: (r) => r.syncedAt }),
    source: t.string({ nullable: true, description: 'Where the record comes from.', resolve: () => SOURCE }),
    stale: t.boolean({
      nullable: true,
      description: `True when the record was last synced longer ago than the source's cadence (${CADENCE_HOURS} h) allows.`,
      resolve: (r) => Date.now() - r.syncedAt.getTime() > CADENCE_HOURS * 3_600_000,
    }),
  }),
});

function registrationLoader(ctx: HubContext) {
  return requestLoader(ctx, 'household.registration', () =>
    new DataLoader<number, HouseholdRegistration | null>(async (ids) => {
      const rows = await prisma().householdRegistration.findMany({ where: { personId: { in: [...ids] } } });
      const byPerson = new Map(rows.map((r) => [r.personId, r]));
      return ids.map((id) => byPerson.get(id) ?? null);
    }),
  );
}

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), resolvePersonEntity);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what household registration knows.',
  externalFields: (t) => ({ id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }) }),
  fields: (t) => ({
    householdRegistration: t.field({
      type: RegistrationRef,
      nullable: true,
      description: 'The person’s household registration; null when the source has no record of the person.',
      resolve: (person, _args, ctx) => registrationLoader(ctx).load(person.rowId),
    }),
  }),
});

export const householdSchema = enforcePolicy(
  builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    federationDirectives: ['@key', '@extends', '@external'],
  }),
  householdPolicy,
  personRowRelations,
);
