// The household-registration subgraph: its own type, and a field added to
// the Person entity that core owns.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import { RELATIONSHIP_LABELS } from '../../src/domain/labels.ts';
import type { HouseholdEvent, HouseholdRegistration } from '../../src/generated/prisma/client.ts';
import type { HouseholdEventKind } from '../../src/generated/prisma/enums.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { withholdConfidentialAddress } from '../kit/confidential-address.ts';
import { freshnessFields } from '../kit/freshness.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, personRowsLoader, requestLoader } from '../kit/subgraph-builder.ts';
import { householdPolicy } from './policy.ts';
import { CONNECTOR } from './sync.ts';
import { CONNECTOR_CADENCES } from '../cadences.ts';

/** The offices publish changes overnight: a source not synced for a day is stale. */
const FRESHNESS = { connector: CONNECTOR, source: 'Household registration offices, Civil Affairs Bureau (戶政事務所)', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };

const builder = createSubgraphBuilder();

builder.queryType({ description: 'No entry points of its own: this subgraph adds household registration to Person.' });

const RelationshipEnum = builder.enumType('Relationship', {
  description: 'Relationship of a family member to the head of household (稱謂).',
  values: Object.fromEntries(Object.entries(RELATIONSHIP_LABELS).map(([value, label]) => [value, { description: `${label.en} (${label.zh})` }])),
});

/**
 * Persons whose registered address is confidential: their own address is, or
 * someone registered in the same household has one (the registered address is
 * the same for everyone in the household, so it is withheld on every member's
 * registration, as core withholds Family.address). A registration without a
 * household number still follows its own person's flag.
 */
async function confidentialRegistrations(personIds: number[]): Promise<number[]> {
  const rows = await prisma().$queryRaw<{ person_id: number }[]>`
    SELECT r.person_id FROM household.registration r
    WHERE r.person_id = ANY(${personIds}::int[]) AND EXISTS (
      SELECT 1 FROM household.registration o JOIN core.person p ON p.id = o.person_id
      WHERE p.address_confidential AND (o.person_id = r.person_id OR o.household_number = r.household_number))`;
  return rows.map((r) => Number(r.person_id));
}

const RegistrationRef = builder.objectRef<HouseholdRegistration>('HouseholdRegistration').implement({
  description: 'A person’s household registration (戶籍) as the household registration offices hold it, with when the hub last synced it.',
  fields: (t) => ({
    householdNumber: t.exposeString('householdNumber', { nullable: true, description: 'Household number (戶號).' }),
    relationship: t.field({ type: RelationshipEnum, nullable: true, description: 'Relationship to the head (稱謂).', resolve: (r) => r.relationship }),
    address: t.string({
      nullable: true,
      description:
        'Registered address (戶籍地址). Withheld (null) from everyone but PROTECTION when anyone registered in the household has a confidential address (victim protection).',
      resolve: (r, _args, ctx) => withholdConfidentialAddress(ctx, 'household.confidential-address', r.personId, r.address, confidentialRegistrations),
    }),
    district: t.exposeString('districtCode', { nullable: true, description: 'District code of the registered address.' }),
    registeredOn: t.field({ type: 'Date', nullable: true, description: 'When the person was registered in this household.', resolve: (r) => r.registeredOn }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

/** Labels of the event kinds, as the offices' forms name them. */
export const EVENT_KIND_LABELS: Record<HouseholdEventKind, { en: string; zh: string }> = {
  BIRTH: { en: 'Birth', zh: '出生' },
  MOVE_IN: { en: 'Move in', zh: '遷入' },
  MOVE_OUT: { en: 'Move out', zh: '遷出' },
  MARRIAGE: { en: 'Marriage', zh: '結婚' },
  DIVORCE: { en: 'Divorce', zh: '離婚' },
  DEATH: { en: 'Death', zh: '死亡' },
};

const EventKindEnum = builder.enumType('HouseholdEventKind', {
  description: 'Kind of household registration event (戶籍登記事項).',
  values: Object.fromEntries(
    Object.entries(EVENT_KIND_LABELS).map(([value, label]) => [value, { description: `${label.en} registration (${label.zh}登記).` }]),
  ) as Record<HouseholdEventKind, { description: string }>,
});

const EventRef = builder.objectRef<HouseholdEvent>('HouseholdEvent').implement({
  description: 'A household registration event of a person (birth, move in or out, marriage, divorce, death), as the offices registered it.',
  fields: (t) => ({
    kind: t.field({ type: EventKindEnum, nullable: true, description: 'What was registered.', resolve: (e) => e.kind }),
    kindLabelEn: t.string({ nullable: true, description: 'The kind in English, for display.', resolve: (e) => EVENT_KIND_LABELS[e.kind].en }),
    kindLabelZh: t.string({ nullable: true, description: 'The kind in Chinese (登記類別), for display.', resolve: (e) => EVENT_KIND_LABELS[e.kind].zh }),
    occurredOn: t.field({ type: 'Date', nullable: true, description: 'When the event happened, as registered (converted from the ROC calendar).', resolve: (e) => e.occurredOn }),
    householdNumber: t.exposeString('householdNumber', { nullable: true, description: 'Household number (戶號) the event was registered in.' }),
    district: t.exposeString('districtCode', { nullable: true, description: 'District code of the registering household.' }),
    ...freshnessFields(t, FRESHNESS),
  }),
});

function eventsLoader(ctx: HubContext) {
  return personRowsLoader(ctx, 'household.event', (ids) =>
    prisma().householdEvent.findMany({ where: { personId: { in: ids } }, orderBy: [{ occurredOn: 'desc' }, { id: 'desc' }] }),
  );
}

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
    householdEvents: t.field({
      type: [EventRef],
      nullable: true,
      description: 'Household registration events of the person (births, moves, marriages, divorces, deaths), newest first; empty when the source has none.',
      resolve: (person, _args, ctx) => eventsLoader(ctx).load(person.rowId),
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
