// The hash chain of the audit trail: each entry's hash covers its content and
// the previous entry's hash, so any edit, insertion or deletion breaks it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: Date;
  requestId: string;
  sub: string;
  unit: string;
  org: number | null;
  purpose: string | null;
  operation: string;
  /** READ; WRITE (a change, recorded in its transaction); REFUSED (a mutation that changed nothing). */
  kind: 'READ' | 'WRITE' | 'REFUSED';
  personIds: number[];
  returnedFields: string[];
  maskedFields: string[];
  deniedFields: string[];
  /** Records written (or read), as "Type:rowId". */
  records: string[];
  /** The access came only from the worker's break-glass grant. */
  breakGlass: boolean;
}

export function entryHash(prevHash: string, content: AuditContent): string {
  const canonical = JSON.stringify([
    content.at.toISOString(),
    content.requestId,
    content.sub,
    content.unit,
    content.org,
    content.purpose,
    content.operation,
    content.kind,
    [...content.personIds].sort((a, b) => a - b),
    [...content.returnedFields].sort(),
    [...content.maskedFields].sort(),
    [...content.deniedFields].sort(),
    // Added later: left out when empty, so entries written before them keep their hashes.
    ...(content.records.length > 0 || content.breakGlass ? [[...content.records].sort(), content.breakGlass] : []),
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
