// The review of records identity linking held (connectors/kit/identity-linking.ts):
// the unit that owns a connector's data lists its held records with the
// candidates linking found, and decides whom each record is. A decision is
// committed with its audit entry, sticks across later syncs, and the record
// is taken in at the connector's next sync (connectors/kit/cursor-sync.ts).
// A record of a connector the caller's unit does not own answers as if it
// did not exist.
import { CONNECTOR_OWNERS } from '../../../connectors/owners.ts';
import { prisma } from '../../db/prisma.ts';
import { validateNationalId } from '../../domain/national-id.ts';
import { collectProblems, textProblem } from '../../domain/input-checks.ts';
import type { IdentityDecision, IdentityReview, Person } from '../../generated/prisma/client.ts';
import { builder, MAX_PAGE_SIZE } from '../builder.ts';
import type { HubContext } from '../context.ts';
import { rowIdOf } from '../ids.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome, type TransactionClient } from '../mutation-result.ts';
import { PersonRef } from './person.ts';

const MAX_REASON = 2000;

interface StoredCandidate {
  personId: number;
  score: number;
  notes: string[];
}

interface StoredClaim {
  nationalId: string | null;
  name: string | null;
  birthDate: string | null;
  householdNumber: string | null;
  address: string | null;
}

const ownedConnectors = (ctx: HubContext) => Object.entries(CONNECTOR_OWNERS).filter(([, unit]) => unit === ctx.viewer.unit).map(([name]) => name);

const IdentityOutcomeEnum = builder.enumType('IdentityOutcome', {
  description: 'Why identity linking held a record.',
  values: {
    REVIEW: { description: 'Candidates were found but none could be confirmed (an ID that belongs to someone else, homonyms, a near match).' },
    NEW_PERSON: { description: 'Nobody in the master index comes close: the record may be a person the hub does not know yet.' },
  },
});

const IdentityDecisionKindEnum = builder.enumType('IdentityDecisionKind', {
  description: "A reviewer's decision about whom a held record is.",
  values: {
    LINK: { description: 'The record is the candidate named in `person`.' },
    NEW_PERSON: { description: 'The record is a person the index does not hold: one is registered from the record and the record linked to them.' },
    REJECT: { description: 'The record is none of its candidates: none is suggested or linked again; the record stays held until its agency corrects it.' },
  },
});

const IdentityRecordRef = builder.objectRef<StoredClaim>('IdentityRecordIdentifiers').implement({
  description: "The held record's own identifiers, as its agency sent them (after cleaning); never its address.",
  fields: (t) => ({
    nationalId: t.exposeString('nationalId', { nullable: true, description: 'National ID or resident certificate number on the record.' }),
    name: t.exposeString('name', { nullable: true, description: 'Name on the record.' }),
    birthDate: t.exposeString('birthDate', { nullable: true, description: 'Birth date on the record (YYYY-MM-DD).' }),
    householdNumber: t.exposeString('householdNumber', { nullable: true, description: 'Household number on the record, where it carries one.' }),
    // No address: the record may be a protected victim's, whose address only PROTECTION sees. The candidates' notes say whether it agrees.
  }),
});

/** A candidate with its person row, loaded for a whole list at once (no statement per candidate). */
export type LoadedCandidate = StoredCandidate & { row: Person | null };

export async function withPersons<T extends { candidates: StoredCandidate[] }>(items: T[]): Promise<(Omit<T, 'candidates'> & { candidates: LoadedCandidate[] })[]> {
  const ids = [...new Set(items.flatMap((i) => i.candidates.map((c) => c.personId)))];
  const rows = new Map((ids.length ? await prisma().person.findMany({ where: { id: { in: ids } } }) : []).map((p) => [p.id, p]));
  return items.map((i) => ({ ...i, candidates: i.candidates.map((c) => ({ ...c, row: rows.get(c.personId) ?? null })) }));
}

export const IdentityCandidateRef = builder.objectRef<LoadedCandidate>('IdentityCandidate').implement({
  description: 'A person of the master index the record may be, with the evidence.',
  fields: (t) => ({
    person: t.field({
      type: PersonRef,
      description: "The candidate; its fields follow the person policy (a unit that does not serve the family sees masks).",
      resolve: (c) => c.row!,
    }),
    score: t.exposeFloat('score', { description: 'Linkage score (log2 likelihood ratio); see connectors/kit/README.md for the thresholds.' }),
    notes: t.exposeStringList('notes', { description: 'Fields that disagree, or that the name matches only with variant characters.' }),
  }),
});

type ListedReview = Omit<IdentityReview, 'candidates'> & { candidates: LoadedCandidate[] };

const IdentityReviewRef = builder.objectRef<ListedReview>('IdentityReview').implement({
  description: 'An agency record identity linking held, listed for the unit that owns the connector.',
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'Connector that met the record.' }),
    sourceKey: t.exposeString('sourceKey', { description: "The record's identity at the source." }),
    outcome: t.field({ type: IdentityOutcomeEnum, description: 'Why it was held.', resolve: (r) => r.outcome as 'REVIEW' | 'NEW_PERSON' }),
    reason: t.exposeString('reason', { description: 'What linking found, in words.' }),
    record: t.field({ type: IdentityRecordRef, description: "The record's identifiers.", resolve: (r) => r.claim as unknown as StoredClaim }),
    candidates: t.field({ type: [IdentityCandidateRef], description: 'Candidates, best first (at most 5); rejected ones are not listed.', resolve: (r) => r.candidates }),
    heldSince: t.field({ type: 'DateTime', description: 'When linking last held it.', resolve: (r) => r.updatedAt }),
  }),
});

builder.queryField('identityReviews', (t) =>
  t.field({
    type: [IdentityReviewRef],
    description: `Records held for identity review of the connectors whose data the caller's unit owns, oldest first (at most ${MAX_PAGE_SIZE}).`,
    args: { connector: t.arg.string({ description: 'Only this connector.' }) },
    resolve: async (_root, args, ctx) => {
      const owned = ownedConnectors(ctx);
      const connectors = args.connector ? owned.filter((name) => name === args.connector) : owned;
      const reviews = await prisma().identityReview.findMany({ where: { connector: { in: connectors } }, orderBy: { updatedAt: 'asc' }, take: MAX_PAGE_SIZE });
      // The records' identifiers and the candidates are person-level data: audited like any person read.
      if (reviews.length > 0) ctx.accessLog.returned.add('IdentityReview.record');
      const listed = await withPersons(reviews.map((r) => ({ ...r, candidates: r.candidates as unknown as StoredCandidate[] })));
      for (const review of listed) for (const c of review.candidates) if (c.row) ctx.accessLog.persons.add(c.personId);
      // A candidate no longer in the index (merged away) is not listed.
      return listed.map((r) => ({ ...r, candidates: r.candidates.filter((c) => c.row !== null) }));
    },
  }),
);

export const IdentityDecisionRef = builder.objectRef<IdentityDecision>('IdentityDecision').implement({
  description: "A reviewer's decision about whom an agency record is.",
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'Connector of the record.' }),
    sourceKey: t.exposeString('sourceKey', { description: "The record's identity at the source." }),
    decision: t.exposeString('decision', { description: 'LINK (the record is the person) or REJECT (it is not).' }),
    person: t.field({ type: PersonRef, description: 'The person linked, or rejected.', resolve: async (d) => (await prisma().person.findUnique({ where: { id: d.personId } }))! }),
    reason: t.exposeString('reason', { description: "The reviewer's reason." }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', description: 'When it was decided.' }),
  }),
});

interface Resolution {
  decisions: IdentityDecision[];
}

const IdentityResolutionRef = builder.objectRef<Resolution>('IdentityResolution').implement({
  description: 'What a reviewer decided about a held record.',
  fields: (t) => ({
    decisions: t.field({ type: [IdentityDecisionRef], description: 'The decisions recorded: one LINK, or one REJECT per candidate.', resolve: (r) => r.decisions }),
  }),
});

const IdentityResolutionPayload = payloadType<Resolution>('IdentityResolutionPayload', 'resolution', IdentityResolutionRef, 'Result of an identity decision.');

const notHeld = <T>() => failure<T>('NOT_FOUND', 'record: no record held for identity review under this connector and source key', [{ field: 'record', reason: 'no record held for identity review under this connector and source key' }]);

/**
 * A person registered without an ID (at intake, registerFamily) whom a
 * record with a valid, unused ID is linked to takes that ID: the merge the
 * registration promised, made by a reviewer rather than silently.
 */
async function recordIdOnLink(tx: TransactionClient, personId: number, claim: StoredClaim): Promise<void> {
  const check = claim.nationalId ? validateNationalId(claim.nationalId) : null;
  if (!check?.ok) return;
  const holder = await tx.person.findUnique({ where: { nationalId: check.value }, select: { id: true } });
  if (!holder) await tx.person.updateMany({ where: { id: personId, nationalId: null }, data: { nationalId: check.value } });
}

/** A person registered from a held record's own identifiers, when the reviewer says the index does not hold them. */
async function registerFromRecord(tx: TransactionClient, claim: StoredClaim): Promise<Outcome<number>> {
  if (!claim.name || !claim.birthDate) return invalidInput([{ field: 'decision', reason: 'the record has no name or no birth date to register a person from' }]);
  const check = claim.nationalId ? validateNationalId(claim.nationalId) : null;
  const nationalId = check?.ok ? check.value : null;
  if (nationalId && (await tx.person.findUnique({ where: { nationalId }, select: { id: true } }))) {
    return invalidInput([{ field: 'decision', reason: "the record's national ID is held by a person of the index: LINK or REJECT instead" }]);
  }
  const sex = check?.ok && check.sex !== 'UNKNOWN' ? check.sex : 'UNKNOWN';
  const person = await tx.person.create({ data: { name: claim.name, birthDate: new Date(`${claim.birthDate}T00:00:00Z`), sex, nationalId, address: claim.address } });
  return success(person.id, { persons: [person.id], records: [] });
}

builder.mutationField('resolveIdentity', (t) =>
  t.field({
    type: IdentityResolutionPayload,
    description: 'Decides whom a held record is (owning unit, writing roles): LINK to one of its candidates, register a NEW_PERSON from it, or REJECT every candidate. The decision rules over linking at every later sync; a linked record is taken in at its connector\'s next sync.',
    args: {
      connector: t.arg.string({ required: true, description: 'Connector of the record.' }),
      sourceKey: t.arg.string({ required: true, description: "The record's identity at the source, as identityReviews lists it." }),
      decision: t.arg({ type: IdentityDecisionKindEnum, required: true, description: 'The decision.' }),
      person: t.arg.id({ description: 'LINK only: the candidate the record is (a Person ID from its candidates).' }),
      reason: t.arg.string({ required: true, description: `Why (1–${MAX_REASON} characters); kept with the decision.` }),
    },
    resolve: async (_root, args, ctx, info): Promise<Outcome<Resolution>> => {
      const problems = collectProblems({ reason: textProblem(args.reason, { required: true, max: MAX_REASON }) });
      const personId = args.person ? rowIdOf(String(args.person), 'Person') : null;
      if (args.decision === 'LINK' && personId === null) problems.push({ field: 'person', reason: args.person ? 'is not a valid Person ID' : 'is required to LINK' });
      if (args.decision !== 'LINK' && args.person) problems.push({ field: 'person', reason: 'is only given to LINK' });
      if (problems.length > 0) return invalidInput(problems);
      if (!ownedConnectors(ctx).includes(args.connector)) return notHeld();
      return inTransaction(ctx, info, async (tx) => {
        // Locked, so two reviewers deciding at once cannot both decide.
        const [held] = await tx.$queryRaw<{ candidates: StoredCandidate[]; claim: StoredClaim }[]>`
          SELECT candidates, claim FROM sync.identity_review WHERE connector = ${args.connector} AND source_key = ${args.sourceKey} FOR UPDATE`;
        if (!held) return notHeld();
        const quarantined = await tx.quarantinedRecord.findUnique({ where: { connector_sourceKey: { connector: args.connector, sourceKey: args.sourceKey } }, select: { id: true } });
        const records = quarantined ? [{ type: 'QuarantinedRecord', id: quarantined.id }] : [];
        const decide = (decision: 'LINK' | 'REJECT', person: number) =>
          tx.identityDecision.create({ data: { connector: args.connector, sourceKey: args.sourceKey, decision, personId: person, reason: args.reason.trim(), decidedBy: ctx.viewer.workerId } });

        let decisions: IdentityDecision[];
        if (args.decision === 'REJECT') {
          if (held.candidates.length === 0) return invalidInput([{ field: 'decision', reason: 'the record has no candidates to reject' }]);
          decisions = await Promise.all(held.candidates.map((c) => decide('REJECT', c.personId)));
          // Nobody left to suggest: the record stays quarantined until its agency corrects it.
          await tx.identityReview.delete({ where: { connector_sourceKey: { connector: args.connector, sourceKey: args.sourceKey } } });
        } else {
          let target: number;
          if (args.decision === 'LINK') {
            if (!held.candidates.some((c) => c.personId === personId)) return invalidInput([{ field: 'person', reason: 'is not one of the record\'s candidates' }]);
            target = personId!;
            await recordIdOnLink(tx, target, held.claim);
          } else {
            const registered = await registerFromRecord(tx, held.claim);
            if (!registered.ok) return registered as Outcome<never>;
            target = registered.value;
          }
          decisions = [await decide('LINK', target)];
        }
        const persons = [...new Set(decisions.map((d) => d.personId))];
        return success({ decisions }, { persons, records: [...records, ...decisions.map((d) => ({ type: 'IdentityDecision', id: d.id }))] });
      });
    },
  }),
);
