// The education-dropouts subgraph: dropout episodes added to Person.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import type { DropoutEpisode } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, requestLoader } from '../kit/subgraph-builder.ts';
import { dropoutPolicy } from './policy.ts';

const SOURCE = 'Education Bureau dropout register (中輟通報及復學系統)';

const builder = createSubgraphBuilder();
builder.queryType({ description: 'No entry points of its own: this subgraph adds dropout episodes to Person.' });

const EpisodeRef = builder.objectRef<DropoutEpisode>('DropoutEpisode').implement({
  description: 'A dropout episode (中輟) of a student: from leaving school to returning, and the school referral.',
  fields: (t) => ({
    schoolCode: t.exposeString('schoolCode', { nullable: true, description: 'Code of the school.' }),
    startedOn: t.field({ type: 'Date', nullable: true, description: 'First day out of school.', resolve: (e) => e.startedOn }),
    returnedOn: t.field({ type: 'Date', nullable: true, description: 'Day of return to school; null while out.', resolve: (e) => e.returnedOn }),
    referredToCounselling: t.exposeBoolean('referredToCounselling', { nullable: true, description: 'Referred by the school to counselling (學校轉介).' }),
    caseOpened: t.exposeBoolean('caseOpened', { nullable: true, description: 'Whether the referral opened a counselling case (開案).' }),
    syncedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the hub took this record in.', resolve: (e) => e.syncedAt }),
    source: t.string({ nullable: true, description: 'Where the record comes from.', resolve: () => SOURCE }),
  }),
});

function episodesOf(ctx: HubContext) {
  return requestLoader(ctx, 'education.dropout', () =>
    new DataLoader<number, DropoutEpisode[]>(async (ids) => {
      const rows = await prisma().dropoutEpisode.findMany({ where: { personId: { in: [...ids] } }, orderBy: { startedOn: 'desc' } });
      return ids.map((id) => rows.filter((r) => r.personId === id));
    }),
  );
}

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), resolvePersonEntity);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the Education Bureau knows.',
  externalFields: (t) => ({ id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }) }),
  fields: (t) => ({
    dropoutEpisodes: t.field({
      type: [EpisodeRef],
      nullable: true,
      description: 'Dropout episodes of the person, newest first.',
      resolve: (person, _args, ctx) => episodesOf(ctx).load(person.rowId),
    }),
  }),
});

export const dropoutSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external'] }),
  dropoutPolicy,
  personRowRelations,
);
