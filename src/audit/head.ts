// The signed head of the audit chain (audit.head). The hash chain shows an
// entry edited, inserted or deleted among others, but not the newest entries
// deleted, nor the newest rewritten with its hash recomputed: the end of a
// chain vouches for nothing. The head names the newest entry, its hash and
// the number of entries, under an HMAC only the holder of the audit key can
// make. A checkpoint is a copy of a signed head kept outside the database.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GENESIS_HASH } from './chain.ts';

export interface AuditHead {
  /** Id of the newest entry ("0" for an empty trail). */
  lastId: string;
  /** Hash of the newest entry (GENESIS_HASH for an empty trail). */
  lastHash: string;
  /** Number of entries in the trail. */
  entries: number;
  /** Null while the head is not signed yet (see isUnsignedStart). */
  signedAt: Date | null;
  signature: string | null;
}

export type SignedHead = AuditHead & { signedAt: Date; signature: string };

export function headSignature(key: Buffer, head: Pick<AuditHead, 'lastId' | 'lastHash' | 'entries'> & { signedAt: Date }): string {
  const canonical = JSON.stringify(['audit-head-v1', head.lastId, head.lastHash, head.entries, head.signedAt.toISOString()]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export function signHead(key: Buffer, head: Pick<AuditHead, 'lastId' | 'lastHash' | 'entries'>, signedAt = new Date()): SignedHead {
  return { ...head, signedAt, signature: headSignature(key, { ...head, signedAt }) };
}

export function isSigned(head: AuditHead): head is SignedHead {
  return head.signedAt !== null && head.signature !== null;
}

export function signatureValid(key: Buffer, head: AuditHead): boolean {
  if (!isSigned(head) || !/^[0-9a-f]{64}$/.test(head.signature)) return false;
  return timingSafeEqual(Buffer.from(head.signature, 'hex'), Buffer.from(headSignature(key, head), 'hex'));
}

/** The head of a trail that has no entry yet: nothing to vouch for, so it needs no signature. */
export function isEmptyTrail(head: AuditHead): boolean {
  return head.lastId === '0' && head.lastHash === GENESIS_HASH && head.entries === 0;
}

/** One line of a checkpoint file. */
export function checkpointLine(head: SignedHead): string {
  return JSON.stringify({ lastId: head.lastId, lastHash: head.lastHash, entries: head.entries, signedAt: head.signedAt.toISOString(), signature: head.signature });
}

/** Reads one line of a checkpoint file; throws with the reason when it is not one. */
export function parseCheckpoint(line: string): SignedHead {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error('is not JSON');
  }
  const v = value as Record<string, unknown>;
  const signedAt = typeof v.signedAt === 'string' ? new Date(v.signedAt) : null;
  if (
    typeof v.lastId !== 'string' || !/^\d+$/.test(v.lastId) || typeof v.lastHash !== 'string' || !/^[0-9a-f]{64}$/.test(v.lastHash) ||
    typeof v.entries !== 'number' || !Number.isSafeInteger(v.entries) || v.entries < 0 ||
    !signedAt || Number.isNaN(signedAt.getTime()) || typeof v.signature !== 'string'
  ) {
    throw new Error('lacks lastId, lastHash, entries, signedAt or signature');
  }
  return { lastId: v.lastId, lastHash: v.lastHash, entries: v.entries, signedAt, signature: v.signature };
}
