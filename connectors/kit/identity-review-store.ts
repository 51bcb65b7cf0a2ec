// Keeps, beside the quarantine, what identity linking found for each record
// it held (sync.identity_review): the candidates and the record's own
// identifiers, so the owning unit can review it (GraphQL identityReviews,
// resolveIdentity) without re-reading the agency's source.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import type { IdentityClaim, Unlinked } from './identity-linking.ts';

export interface HeldRecord {
  sourceKey: string;
  claim: IdentityClaim;
  result: Unlinked;
}

/** In the batch's transaction: held records are written (or refreshed), records taken in leave. */
export async function recordIdentityReviews(tx: Prisma.TransactionClient, connector: string, held: readonly HeldRecord[], takenKeys: readonly string[]): Promise<void> {
  const reviewable = [...new Map(held.filter((h) => h.result.outcome !== 'UNUSABLE').map((h) => [h.sourceKey, h])).values()];
  if (reviewable.length > 0) {
    await tx.$executeRaw`
      INSERT INTO sync.identity_review AS r (connector, source_key, outcome, reason, candidates, claim, updated_at)
      SELECT ${connector}, key, outcome, reason, candidates, claim, CURRENT_TIMESTAMP
      FROM unnest(${reviewable.map((h) => h.sourceKey)}::text[], ${reviewable.map((h) => h.result.outcome)}::text[], ${reviewable.map((h) => h.result.reason)}::text[],
                  ${reviewable.map((h) => JSON.stringify(h.result.candidates))}::jsonb[], ${reviewable.map((h) => JSON.stringify(claimOf(h.claim)))}::jsonb[])
        AS t(key, outcome, reason, candidates, claim)
      ON CONFLICT (connector, source_key) DO UPDATE SET
        outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, candidates = EXCLUDED.candidates, claim = EXCLUDED.claim, updated_at = EXCLUDED.updated_at`;
  }
  if (takenKeys.length > 0) await tx.$executeRaw`DELETE FROM sync.identity_review WHERE connector = ${connector} AND source_key = ANY(${[...takenKeys]}::text[])`;
}

function claimOf(claim: IdentityClaim) {
  return {
    nationalId: claim.nationalId,
    name: claim.name,
    birthDate: claim.birthDate ? claim.birthDate.toISOString().slice(0, 10) : null,
    householdNumber: claim.householdNumber ?? null,
    address: claim.address ?? null,
  };
}
