// The audit trail as auditors read it: who looked at a person, when and why.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { prisma } from '../../db/prisma.ts';
import type { AuditEntry } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { HubContext } from '../context.ts';
import { rowIdOf } from '../ids.ts';

const MAX_ENTRIES = 5_000;

/** Stored as "Type:rowId"; shown as the global IDs the rest of the API uses, so `node(id)` finds each one. */
function recordIds(entry: AuditEntry): string[] {
  return entry.records.map((record) => {
    const [type, id] = record.split(':');
    return encodeGlobalID(type!, id!);
  });
}

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One person-level read or write, as recorded in the append-only, hash-chained audit trail.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When.', resolve: (e) => e.at }),
    sub: t.exposeString('sub', { description: 'Worker who asked.' }),
    unit: t.exposeString('unit', { description: 'Unit of the worker.' }),
    org: t.exposeInt('org', { nullable: true, description: 'Organisation, for NGO workers.' }),
    purpose: t.exposeString('purpose', { nullable: true, description: 'Declared purpose of use.' }),
    operation: t.exposeString('operation', { description: 'Operation name (or its root fields when anonymous).' }),
    kind: t.exposeString('kind', { description: 'READ, WRITE (a change, recorded in its own transaction) or REFUSED (a mutation that changed nothing).' }),
    returnedFields: t.exposeStringList('returnedFields', { description: 'Sensitive fields returned in plain form.' }),
    maskedFields: t.exposeStringList('maskedFields', { description: 'Sensitive fields returned masked.' }),
    deniedFields: t.exposeStringList('deniedFields', { description: 'Fields asked for and denied.' }),
    records: t.idList({
      description: 'Global IDs of the records written (or read), e.g. the referral a WRITE created.',
      resolve: recordIds,
    }),
    breakGlass: t.exposeBoolean('breakGlass', { description: "True when the access came only from the worker's break-glass grant." }),
    hash: t.exposeString('hash', { description: 'Hash of this entry in the chain.' }),
  }),
});

async function entriesFor(ctx: HubContext, args: { personId: string; from?: Date | null; to?: Date | null }): Promise<AuditEntry[]> {
  // Role AUDITOR and purpose AUDIT are checked by the operation rules (src/graph/operation-rules.ts).
  const personId = rowIdOf(args.personId, 'Person');
  if (personId === null) throw new GraphQLError('personId: is not a Person ID', { extensions: { code: 'BAD_USER_INPUT' } });
  // The auditor's own look is itself recorded against the person.
  ctx.accessLog.persons.add(personId);
  return prisma().auditEntry.findMany({
    where: { personIds: { has: personId }, at: { gte: args.from ?? undefined, lte: args.to ?? undefined } },
    orderBy: { id: 'asc' },
    take: MAX_ENTRIES,
  });
}

const CSV_COLUMNS = ['at', 'sub', 'unit', 'org', 'purpose', 'operation', 'kind', 'returnedFields', 'maskedFields', 'deniedFields', 'records', 'breakGlass', 'hash'] as const;

// A spreadsheet runs a cell beginning with one of these as a formula (OWASP
// "CSV injection"); a worker id from the identity provider could be one. The
// leading quote makes it text; quoting then follows RFC 4180.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  const raw = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(' ') : String(value ?? '');
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

builder.queryFields((t) => {
  const trailArgs = () => ({
    personId: t.arg.id({ required: true, description: 'Global ID of the person.' }),
    from: t.arg({ type: 'DateTime', description: 'Earliest entry.' }),
    to: t.arg({ type: 'DateTime', description: 'Latest entry.' }),
  });
  return {
  auditTrail: t.field({
    type: [AuditEntryRef],
    description: `Who read or changed this person's records, when and why (AUDITOR role, purpose AUDIT; at most ${MAX_ENTRIES} entries).`,
    args: trailArgs(),
    resolve: (_root, args, ctx) => entriesFor(ctx, { personId: String(args.personId), from: args.from, to: args.to }),
  }),
  auditTrailCsv: t.string({
    description: 'The same entries as auditTrail, exported as CSV with a header line.',
    args: trailArgs(),
    resolve: async (_root, args, ctx) => {
      const entries = await entriesFor(ctx, { personId: String(args.personId), from: args.from, to: args.to });
      const cells = (e: AuditEntry) => CSV_COLUMNS.map((c) => csvCell(c === 'records' ? recordIds(e) : e[c]));
      return [CSV_COLUMNS.join(','), ...entries.map((e) => cells(e).join(','))].join('\n') + '\n';
    },
  }),
  };
});
