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
  kind: 'READ' | 'WRITE';
  personIds: number[];
  returnedFields: string[];
  maskedFields: string[];
  deniedFields: string[];
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
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
