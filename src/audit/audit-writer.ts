// Writes one audit entry per person-level read or write, before the
// response leaves. Entries are chained under a transaction-scoped advisory
// lock, so concurrent requests append one after another.
import { GraphQLError, type DefinitionNode } from 'graphql';
import { prisma } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { HubContext } from '../graph/context.ts';
import { entryHash, GENESIS_HASH, type AuditContent } from './chain.ts';

const AUDIT_LOCK_KEY = 727_2023_113;

/**
 * Appends one entry to the chain. Given `tx`, the entry is written inside that
 * transaction — a write's own — so the change and its entry commit together
 * or not at all; otherwise in a transaction of its own.
 */
export async function appendAuditEntry(content: AuditContent, tx?: Prisma.TransactionClient): Promise<void> {
  const append = async (client: Prisma.TransactionClient) => {
    await client.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
    const last = await client.auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
    const prevHash = last?.hash ?? GENESIS_HASH;
    await client.auditEntry.create({ data: { ...content, prevHash, hash: entryHash(prevHash, content) } });
  };
  if (tx) await append(tx);
  else await prisma().$transaction(append);
}

/**
 * Records what the request read after it ran. A mutation that wrote recorded
 * its WRITE entry in its own transaction; here it adds a READ entry only when
 * its answer carried person-level data. A mutation that wrote nothing is
 * recorded as REFUSED: attempts are part of the trail. Requests that touched
 * no person-level data leave nothing.
 */
export async function auditRequest(ctx: HubContext, operation: { name: string | null; isMutation: boolean }): Promise<void> {
  const log = ctx.accessLog;
  const refusedWrite = operation.isMutation && !log.writeAudited;
  if (!refusedWrite && !log.personLevel) return;
  await appendAuditEntry({
    at: new Date(),
    requestId: ctx.requestId,
    sub: ctx.viewer.workerId,
    unit: ctx.viewer.unit,
    org: ctx.viewer.org,
    purpose: ctx.viewer.purpose,
    operation: operation.name ?? '(anonymous)',
    kind: refusedWrite ? 'REFUSED' : 'READ',
    personIds: [...log.persons],
    returnedFields: [...log.returned],
    maskedFields: [...log.masked],
    deniedFields: [...log.denied],
    records: [...log.records],
    breakGlass: log.breakGlass,
  });
}

export function operationNameOf(operation: DefinitionNode | undefined): string | null {
  if (!operation || operation.kind !== 'OperationDefinition') return null;
  // The gateway names subgraph fetches <operation>__<subgraph>__<n>; record the client's name.
  if (operation.name) return operation.name.value.replace(/__\w+__\d+$/, '');
  // Anonymous operations are named by their root fields, which is what an auditor needs.
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  return `${operation.operation} { ${fields.join(' ')} }`;
}

export function auditFailure(): GraphQLError {
  return new GraphQLError('The request was refused because its audit entry could not be written', {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
