// Freshness of a connector's contribution: every record says where it comes
// from, when the hub took it in, when the hub last completed a sync from that
// source, and whether that is longer ago than the source's cadence allows.
// Freshness is the connector's, not the record's: an unchanged record keeps
// its old syncedAt although each daily sync confirms it.
import DataLoader from 'dataloader';
import { prisma } from '../../src/db/prisma.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { createSubgraphBuilder, requestLoader } from './subgraph-builder.ts';

export interface SourceFreshness {
  /** Registry name of the connector, as its sync runs record it. */
  connector: string;
  /** Where the records come from, in words an agency recognises. */
  source: string;
  /** How often the source publishes changes; data older than this is stale. */
  cadenceHours: number;
}

/** The field names freshnessFields adds, for the connector's policy. */
export const FRESHNESS_FIELDS = ['syncedAt', 'source', 'sourceCheckedAt', 'stale'] as const;

/** When each connector last completed a sync: one statement per request, whatever the number of records. */
function lastCompletedSync(ctx: HubContext, connector: string): Promise<Date | null> {
  return requestLoader(ctx, 'sync.last-completed', () =>
    new DataLoader<string, Date | null>(async (connectors) => {
      const rows = await prisma().syncRun.groupBy({
        by: ['connector'],
        where: { connector: { in: [...connectors] }, finishedAt: { not: null } },
        _max: { finishedAt: true },
      });
      const byConnector = new Map(rows.map((r) => [r.connector, r._max.finishedAt]));
      return connectors.map((c) => byConnector.get(c) ?? null);
    }),
  ).load(connector);
}

export function isStale(lastSync: Date | null, cadenceHours: number, now = Date.now()): boolean {
  return lastSync === null || now - lastSync.getTime() > cadenceHours * 3_600_000;
}

type SubgraphBuilder = ReturnType<typeof createSubgraphBuilder>;
type SubgraphTypes = SubgraphBuilder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The freshness fields of a connector's record type. */
export function freshnessFields<Row extends { syncedAt: Date }>(t: PothosSchemaTypes.ObjectFieldBuilder<SubgraphTypes, Row>, freshness: SourceFreshness) {
  return {
    syncedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the hub took this record in or last saw it change.', resolve: (row) => row.syncedAt }),
    source: t.string({ nullable: true, description: 'Where the record comes from.', resolve: () => freshness.source }),
    sourceCheckedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the hub last completed a sync from this source; null if it never has.',
      resolve: (_row, _args, ctx) => lastCompletedSync(ctx, freshness.connector),
    }),
    stale: t.boolean({
      nullable: true,
      description: `True when the hub has not completed a sync from this source within its cadence (${freshness.cadenceHours} h): the record may be out of date.`,
      resolve: async (_row, _args, ctx) => isStale(await lastCompletedSync(ctx, freshness.connector), freshness.cadenceHours),
    }),
  };
}
