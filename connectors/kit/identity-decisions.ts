// Reviewers' standing decisions about whom agency records are (the
// sync.identity_decision table, written by the resolveIdentity and
// unlinkRecord mutations). Identity linking obeys them before any evidence:
// a manual link survives a re-export of the same row, and a person a
// reviewer rejected for a record is neither linked nor suggested again.
import { prisma } from '../../src/db/prisma.ts';

export interface StandingDecisions {
  /** Source key → the person a reviewer linked it to. */
  linkedTo: Map<string, number>;
  /** Source key → the persons a reviewer said it is not. */
  rejected: Map<string, Set<number>>;
}

export const NO_DECISIONS: StandingDecisions = { linkedTo: new Map(), rejected: new Map() };

/** One statement for a whole batch. */
export async function standingDecisions(connector: string, sourceKeys: readonly string[]): Promise<StandingDecisions> {
  if (sourceKeys.length === 0) return NO_DECISIONS;
  const rows = await prisma().identityDecision.findMany({
    where: { connector, sourceKey: { in: [...new Set(sourceKeys)] }, withdrawnAt: null },
    select: { sourceKey: true, decision: true, personId: true },
  });
  const decisions: StandingDecisions = { linkedTo: new Map(), rejected: new Map() };
  for (const row of rows) {
    if (row.decision === 'LINK') decisions.linkedTo.set(row.sourceKey, row.personId);
    else decisions.rejected.set(row.sourceKey, new Set([...(decisions.rejected.get(row.sourceKey) ?? []), row.personId]));
  }
  return decisions;
}
