// Records an agency connector could not take in, listed for the unit that
// owns the agency's data so it can correct them at the source.
import { CONNECTOR_OWNERS } from '../../../connectors/owners.ts';
import { prisma } from '../../db/prisma.ts';
import type { QuarantinedRecord } from '../../generated/prisma/client.ts';
import { builder, MAX_PAGE_SIZE } from '../builder.ts';

const QuarantinedRecordRef = builder.objectRef<QuarantinedRecord>('QuarantinedRecord').implement({
  description: 'A source record an agency connector could not take in, kept with its raw form and the reason.',
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'Connector that met the record.' }),
    sourceKey: t.exposeString('sourceKey', { description: "The record's identity at the source." }),
    reason: t.exposeString('reason', { description: 'Why it was not taken in, naming the field.' }),
    raw: t.string({ description: 'The record as the agency sent it (JSON).', resolve: (r) => JSON.stringify(r.raw) }),
    firstSeenAt: t.field({ type: 'DateTime', description: 'When a sync first met it.', resolve: (r) => r.firstSeenAt }),
    lastSeenAt: t.field({ type: 'DateTime', description: 'When a sync last met it.', resolve: (r) => r.lastSeenAt }),
  }),
});

builder.queryField('quarantinedRecords', (t) =>
  t.field({
    type: [QuarantinedRecordRef],
    description: `Quarantined records of the connectors whose data the caller's unit owns, newest first (at most ${MAX_PAGE_SIZE}).`,
    args: { connector: t.arg.string({ description: 'Only this connector.' }) },
    resolve: async (_root, args, ctx) => {
      const owned = Object.entries(CONNECTOR_OWNERS).filter(([, unit]) => unit === ctx.viewer.unit).map(([name]) => name);
      const connectors = args.connector ? owned.filter((name) => name === args.connector) : owned;
      const records = await prisma().quarantinedRecord.findMany({ where: { connector: { in: connectors } }, orderBy: { lastSeenAt: 'desc' }, take: MAX_PAGE_SIZE });
      // Raw agency records hold personal data: reading them is audited like any person-level read.
      if (records.length > 0) ctx.accessLog.returned.add('QuarantinedRecord.raw');
      return records;
    },
  }),
);
