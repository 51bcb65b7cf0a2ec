// The key that signs the audit chain's head. It must never be stored in the
// database the trail lives in: whoever can write there without it can delete
// or rewrite entries, but cannot sign the head that would hide it.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config.ts';

const KEY_PATTERN = /^[0-9a-f]{64}$/i;
const fileKeys = new Map<string, Buffer>();

/**
 * HUB_AUDIT_KEY (32 bytes as 64 hex digits), the same for every process that
 * appends to or verifies one trail. Outside production a key is made once in
 * the data folder, like the cohort key.
 */
export function auditKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.HUB_AUDIT_KEY;
  if (configured) {
    if (!KEY_PATTERN.test(configured)) throw new Error('HUB_AUDIT_KEY must be 32 bytes written as 64 hexadecimal digits');
    return Buffer.from(configured, 'hex');
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('Set HUB_AUDIT_KEY (64 hex digits, kept outside the database): the audit trail signs its head with it');
  }
  const file = path.resolve(readConfig().dataDir, 'keys', 'audit.key');
  const known = fileKeys.get(file);
  if (known) return known;
  if (!existsSync(file)) createKeyFile(file);
  const text = readFileSync(file, 'utf8').trim();
  if (!KEY_PATTERN.test(text)) throw new Error(`${file} must hold 64 hexadecimal digits (the development audit key)`);
  const key = Buffer.from(text, 'hex');
  fileKeys.set(file, key);
  return key;
}

/**
 * Written whole under a temporary name, then linked into place: several
 * processes (test workers, a CLI next to the hub) may start at once, and none
 * may read a half-written key or replace another's.
 */
function createKeyFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}
