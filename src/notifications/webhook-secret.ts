// Webhook secrets. The hub must sign with the secret itself, so it cannot keep
// only a hash; it keeps the secret encrypted (AES-256-GCM) under a key that is
// not in the database: HUB_WEBHOOK_KEY (64 hex digits) or, when that is not
// set, a key derived (HKDF) from HUB_AUDIT_KEY, which production already
// requires outside the database. Someone who reads the table alone cannot sign
// deliveries; someone with the key and the table can (the trade-off of any
// sender-side HMAC secret).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { auditKey } from '../audit/audit-key.ts';

const KEY_PATTERN = /^[0-9a-f]{64}$/i;

function encryptionKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.HUB_WEBHOOK_KEY;
  if (configured) {
    if (!KEY_PATTERN.test(configured)) throw new Error('HUB_WEBHOOK_KEY must be 32 bytes written as 64 hexadecimal digits');
    return Buffer.from(configured, 'hex');
  }
  return Buffer.from(hkdfSync('sha256', auditKey(env), Buffer.alloc(0), 'safety-net-hub webhook secrets', 32));
}

/** A new secret for a subscriber: 32 random bytes, shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function encryptSecret(secret: string, env?: NodeJS.ProcessEnv): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(env), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptSecret(stored: string, env?: NodeJS.ProcessEnv): string {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('webhook secret: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(env), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** The signature header's value: HMAC-SHA256 over `<timestamp>.<body>`, hex. */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (documented in the README; used by the tests). */
export function verifyDelivery(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
