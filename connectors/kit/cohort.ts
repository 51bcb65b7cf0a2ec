// Cohorts for cross-agency indicators. One subgraph knows who is in a
// situation (a dropout episode, a release from prison); another counts
// families with such a member. The gateway carries the cohort between them
// through an @inaccessible field (not part of the public API), and the
// cohort is sealed (AES-256-GCM) with a key only the hub's subgraphs hold,
// so a caller who reaches a subgraph directly with its own token reads
// ciphertext, never person ids.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readConfig } from '../../src/config.ts';

/**
 * A person of the cohort and the days their situation spans (last null while
 * it lasts): exact days, so that a campaign's days can be counted as well as
 * months (a month counts the member when the days overlap it).
 */
export interface CohortMember {
  personId: number;
  firstDay: string;
  lastDay: string | null;
}

/** c2: members carry days (c1 carried months); a cohort sealed by another version is refused. */
const VERSION = 'c2';
let cachedKey: Buffer | undefined;

/**
 * HUB_COHORT_KEY (32 bytes as 64 hex digits), the same for every subgraph of
 * a deployment. Outside production a key is made once in the data folder,
 * like the development signing key.
 */
export function cohortKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (cachedKey) return cachedKey;
  const configured = env.HUB_COHORT_KEY;
  if (configured) {
    if (!/^[0-9a-f]{64}$/i.test(configured)) throw new Error('HUB_COHORT_KEY must be 32 bytes written as 64 hexadecimal digits');
    cachedKey = Buffer.from(configured, 'hex');
    return cachedKey;
  }
  if (env.NODE_ENV === 'production') throw new Error('Set HUB_COHORT_KEY (64 hex digits, the same for every subgraph): cross-agency indicators seal cohorts with it');
  const file = path.join(readConfig().dataDir, 'keys', 'cohort.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  cachedKey = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return cachedKey;
}

export function sealCohort(members: CohortMember[], key: Buffer = cohortKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const plain = deflateRawSync(JSON.stringify(members.map((m) => [m.personId, m.firstDay, m.lastDay])));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Opens a sealed cohort; anything not sealed with the key (edited, forged, truncated) is refused. */
export function openCohort(sealed: string, key: Buffer = cohortKey()): CohortMember[] {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed cohort');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  const rows = JSON.parse(inflateRawSync(plain).toString('utf8')) as [number, string, string | null][];
  return rows.map(([personId, firstDay, lastDay]) => ({ personId, firstDay, lastDay }));
}

/** Cohort members as three parallel arrays for SQL: `unnest(${ids}::int[], ${firsts}::date[], ${lasts}::date[])`. */
export function cohortArrays(members: CohortMember[]): { ids: number[]; firsts: string[]; lasts: (string | null)[] } {
  return { ids: members.map((m) => m.personId), firsts: members.map((m) => m.firstDay), lasts: members.map((m) => m.lastDay) };
}
