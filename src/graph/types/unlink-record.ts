// Undoing a wrong join: the unit owning a connector's data takes a stored
// record off the person it was linked to. In one transaction with its audit
// entry: the stored rows go, a standing link decision is withdrawn, the
// person is recorded as rejected for the record (so no later sync joins them
// again), and the record is held for review. A record of a connector the
// caller's unit does not own, or one not stored, answers as not found.
import { STORED_RECORDS } from '../../../connectors/stored-records.ts';
import { CONNECTOR_OWNERS } from '../../../connectors/owners.ts';
import { textProblem, collectProblems } from '../../domain/input-checks.ts';
import type { IdentityDecision } from '../../generated/prisma/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { IdentityDecisionRef } from './identity-review.ts';

const MAX_REASON = 2000;

const UnlinkPayload = payloadType<IdentityDecision>('UnlinkRecordPayload', 'rejection', IdentityDecisionRef, 'Result of unlinking a record: the REJECT decision now standing.');

const notStored = <T>() => failure<T>('NOT_FOUND', 'record: no stored record under this connector and source key', [{ field: 'record', reason: 'no stored record under this connector and source key' }]);

builder.mutationField('unlinkRecord', (t) =>
  t.field({
    type: UnlinkPayload,
    description: 'Takes a stored agency record off the person it was joined to (owning unit, writing roles): the record is held for review and never joined to that person again.',
    args: {
      connector: t.arg.string({ required: true, description: 'Connector of the record.' }),
      sourceKey: t.arg.string({ required: true, description: "The record's identity at the source." }),
      reason: t.arg.string({ required: true, description: `Why the join was wrong (1–${MAX_REASON} characters).` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<IdentityDecision>> => {
      const problems = collectProblems({ reason: textProblem(args.reason, { required: true, max: MAX_REASON }) });
      if (problems.length > 0) return invalidInput(problems);
      const tables = CONNECTOR_OWNERS[args.connector] === ctx.viewer.unit ? STORED_RECORDS[args.connector] ?? [] : [];
      if (tables.length === 0) return notStored();
      return inTransaction(ctx, info, async (tx) => {
        const removed: { person_id: number; row: unknown; table: string }[] = [];
        for (const { table, keyColumn } of tables) {
          const rows = await tx.$queryRaw<{ person_id: number; row: unknown }[]>`
            DELETE FROM ${Prisma.raw(table)} t WHERE ${Prisma.raw(`t.${keyColumn}`)} = ${args.sourceKey} RETURNING t.person_id, row_to_json(t) AS row`;
          removed.push(...rows.map((r) => ({ ...r, table })));
        }
        if (removed.length === 0) return notStored();
        const personId = removed[0]!.person_id;
        const reason = args.reason.trim();
        await tx.identityDecision.updateMany({
          where: { connector: args.connector, sourceKey: args.sourceKey, decision: 'LINK', withdrawnAt: null },
          data: { withdrawnAt: new Date(), withdrawnBy: ctx.viewer.workerId },
        });
        const rejection = await tx.identityDecision.create({
          data: { connector: args.connector, sourceKey: args.sourceKey, decision: 'REJECT', personId, reason, decidedBy: ctx.viewer.workerId },
        });
        const raw = JSON.stringify({ unlinkedFrom: removed.map((r) => ({ table: r.table, row: r.row })) });
        const [quarantined] = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO sync.quarantine AS q (connector, source_key, raw, reason)
          VALUES (${args.connector}, ${args.sourceKey}, ${raw}::jsonb, ${`unlinked by a reviewer from the person it was joined to; review needed`})
          ON CONFLICT (connector, source_key) DO UPDATE SET raw = EXCLUDED.raw, reason = EXCLUDED.reason, last_seen_at = CURRENT_TIMESTAMP
          RETURNING q.id`;
        // Held for review with no candidate: the record's own identifiers come back at its next export.
        await tx.$executeRaw`
          INSERT INTO sync.identity_review (connector, source_key, outcome, reason, candidates, claim)
          VALUES (${args.connector}, ${args.sourceKey}, 'REVIEW', 'unlinked by a reviewer; review needed', '[]'::jsonb,
                  '{"nationalId": null, "name": null, "birthDate": null, "householdNumber": null, "address": null}'::jsonb)
          ON CONFLICT (connector, source_key) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, candidates = EXCLUDED.candidates, updated_at = CURRENT_TIMESTAMP`;
        return success(rejection, { persons: [personId], records: [{ type: 'IdentityDecision', id: rejection.id }, { type: 'QuarantinedRecord', id: quarantined!.id }] });
      });
    },
  }),
);
