// Verification keys: a configured PEM public key or JWKS file in production;
// in development a key pair the hub creates under its data folder, which
// `npm run token` signs with. Production refuses to run on that pair.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, calculateJwkThumbprint, type JSONWebKeySet, type CryptoKey, type KeyObject } from 'jose';

export const TOKEN_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] as const;
const DEV_ALGORITHM = 'ES256';
export const DEV_KEY_ID = 'safety-net-hub-development';

type Key = CryptoKey | KeyObject;
export type KeyResolver = Key | ReturnType<typeof createLocalJWKSet>;

/** HUB_JWT_MAX_LIFETIME_HOURS's default: a working day and a half, in seconds. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 12 * 3600;

export interface AuthSettings {
  issuer: string;
  audience: string;
  keys: KeyResolver;
  /**
   * The `kid` a single key answers to (a JWKS names its own). A token naming
   * another kid is refused; one naming none is accepted. Unset: no kid matches.
   */
  keyId?: string;
  /** Longest accepted exp − iat; DEFAULT_MAX_LIFETIME_SECONDS unless set. */
  maxLifetimeSeconds?: number;
  /** True when the keys are the development pair (refused in production). */
  development: boolean;
}

function devKeyPaths(dataDir: string) {
  const dir = path.join(dataDir, 'keys');
  return { dir, privateKey: path.join(dir, 'dev-private.pem'), publicKey: path.join(dir, 'dev-public.pem') };
}

/** Creates the development key pair on first use. */
export async function ensureDevKeys(dataDir: string): Promise<{ privateKey: Key; publicKey: Key }> {
  const files = devKeyPaths(dataDir);
  if (!existsSync(files.privateKey)) {
    const pair = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
    // Only the keys folder is private: the data folder must stay enterable by
    // the postgres user that runs the embedded database.
    await mkdir(dataDir, { recursive: true });
    await mkdir(files.dir, { recursive: true, mode: 0o700 });
    await chmod(files.dir, 0o700);
    await writeFile(files.privateKey, await exportPKCS8(pair.privateKey), { mode: 0o600 });
    await writeFile(files.publicKey, await exportSPKI(pair.publicKey));
  }
  return {
    privateKey: await importPKCS8(await readFile(files.privateKey, 'utf8'), DEV_ALGORITHM),
    publicKey: await importSPKI(await readFile(files.publicKey, 'utf8'), DEV_ALGORITHM),
  };
}

export interface KeySource {
  publicKeyFile?: string;
  jwksFile?: string;
  algorithm?: string;
  /** `kid` of the PEM key. */
  keyId?: string;
  dataDir: string;
  production: boolean;
}

export async function loadVerificationKeys(source: KeySource): Promise<{ keys: KeyResolver; keyId?: string; development: boolean }> {
  const devPublic = devKeyPaths(source.dataDir).publicKey;
  if (source.jwksFile) {
    const jwks = JSON.parse(await readFile(source.jwksFile, 'utf8')) as JSONWebKeySet;
    const development = await containsDevKey(jwks, devPublic);
    return { keys: createLocalJWKSet(jwks), development };
  }
  if (source.publicKeyFile) {
    const pem = await readFile(source.publicKeyFile, 'utf8');
    const development = existsSync(devPublic) && pem.trim() === (await readFile(devPublic, 'utf8')).trim();
    const keyId = source.keyId ?? (development ? DEV_KEY_ID : undefined);
    return { keys: await importSPKI(pem, source.algorithm ?? DEV_ALGORITHM), keyId, development };
  }
  if (source.production) {
    throw new Error('Production mode needs HUB_JWT_PUBLIC_KEY_FILE or HUB_JWKS_FILE: it never uses the development key');
  }
  return { keys: (await ensureDevKeys(source.dataDir)).publicKey, keyId: DEV_KEY_ID, development: true };
}

async function containsDevKey(jwks: JSONWebKeySet, devPublicFile: string): Promise<boolean> {
  if (jwks.keys.some((k) => k.kid === DEV_KEY_ID)) return true;
  if (!existsSync(devPublicFile)) return false;
  const dev = await exportJWK(await importSPKI(await readFile(devPublicFile, 'utf8'), DEV_ALGORITHM, { extractable: true }));
  const devPrint = await calculateJwkThumbprint(dev);
  const prints = await Promise.all(jwks.keys.map((k) => calculateJwkThumbprint(k).catch(() => '')));
  return prints.includes(devPrint);
}

export { DEV_ALGORITHM };
