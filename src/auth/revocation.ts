// The deny-list every request is checked against: revoked subjects (sub),
// single tokens (jti), and deactivated units and organisations (org). A
// signed token stays valid until it expires; this is how an identity
// provider's mistake, a leaver or a compromised NGO is cut off sooner.
//
// Each process keeps the active entries in memory and reads them again at
// most every HUB_REVOCATION_REFRESH_SECONDS (30 s), on the first request after
// that; an ADMIN's change empties this process's copy at once. So another
// replica refuses a revoked token within one interval. If the list cannot be
// read and the copy is older than twice the interval, requests are refused
// (SERVICE_UNAVAILABLE): a stale list must never let a revoked token in.
//
// The list belongs to the process, not to a request, so it is the one cache
// kept at module level. It sets no timer, so it never keeps a process alive.
import pg from 'pg';
import { UNIT_CODES } from '../domain/codes.ts';
import { prisma, prismaConnection } from '../db/prisma.ts';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/unavailable.ts';
import type { Identity } from './identity.ts';

export const REVOCATION_KINDS = ['SUBJECT', 'TOKEN', 'UNIT', 'ORG'] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

/** Default refresh interval; twice this is the longest a revocation can go unseen. */
export const DEFAULT_REFRESH_SECONDS = 30;
/** Longest interval accepted: twice it must stay within a minute. */
export const MAX_REFRESH_SECONDS = 30;

/** HUB_REVOCATION_REFRESH_SECONDS: seconds (fractions allowed) between reads of the list, at most 30. */
export function revocationRefreshSecondsFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HUB_REVOCATION_REFRESH_SECONDS ?? '';
  if (raw === '') return DEFAULT_REFRESH_SECONDS;
  const seconds = Number(raw);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_REFRESH_SECONDS)) {
    throw new Error(`HUB_REVOCATION_REFRESH_SECONDS must be a number of seconds above 0 and at most ${MAX_REFRESH_SECONDS}, got "${raw}"`);
  }
  return seconds;
}

/** An active entry as the list holds it. */
export interface ActiveRevocation {
  kind: string;
  value: string;
}

type ActiveSets = Record<RevocationKind, ReadonlySet<string>>;

function setsOf(rows: readonly ActiveRevocation[]): ActiveSets {
  const sets = Object.fromEntries(REVOCATION_KINDS.map((kind) => [kind, new Set<string>()])) as Record<RevocationKind, Set<string>>;
  for (const row of rows) sets[row.kind as RevocationKind]?.add(row.value);
  return sets;
}

/** True when an active entry names the identity's subject, token, unit or organisation. */
export function revokes(sets: ActiveSets, identity: Identity): boolean {
  return (
    sets.SUBJECT.has(identity.sub) ||
    (identity.jti !== undefined && sets.TOKEN.has(identity.jti)) ||
    sets.UNIT.has(identity.unit) ||
    (identity.org !== null && sets.ORG.has(String(identity.org)))
  );
}

export interface RevocationCacheOptions {
  /** Reads every active entry. */
  load: () => Promise<readonly ActiveRevocation[]>;
  refreshMs: number;
  /** How old a copy may still be used while the list cannot be read; twice refreshMs unless set. */
  maxStaleMs?: number;
  now?: () => number;
}

/** One process's copy of the active entries. */
export class RevocationCache {
  private sets: ActiveSets | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<ActiveSets> | undefined;
  /** Bumped by invalidate(), so a read begun before a change cannot pass for a read after it. */
  private generation = 0;
  private readonly now: () => number;
  private readonly maxStaleMs: number;

  constructor(private readonly options: RevocationCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxStaleMs = options.maxStaleMs ?? 2 * options.refreshMs;
  }

  /**
   * Whether the identity is revoked. Throws SERVICE_UNAVAILABLE when the list
   * cannot be read and no copy recent enough is at hand, or the reader's own
   * error when it failed for another reason.
   */
  async isRevoked(identity: Identity): Promise<boolean> {
    return revokes(await this.current(), identity);
  }

  /** Forgets the copy: the next check reads the list again (after this process changed it). */
  invalidate(): void {
    this.generation += 1;
    this.loading = undefined;
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private async current(): Promise<ActiveSets> {
    if (this.sets && this.now() - this.loadedAt < this.options.refreshMs) return this.sets;
    try {
      return await this.refresh();
    } catch (error) {
      if (this.sets && this.now() - this.loadedAt < this.maxStaleMs) return this.sets;
      if (!isDatabaseUnavailable(error)) throw error;
      const unavailable = serviceUnavailable();
      unavailable.extensions.cause = `the revocation list could not be read: ${error instanceof Error ? error.message : String(error)}`;
      throw unavailable;
    }
  }

  /** One read at a time: concurrent checks share it. */
  private refresh(): Promise<ActiveSets> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const startedAt = this.now();
    const loading = this.options.load().then(
      (rows) => {
        const sets = setsOf(rows);
        if (generation === this.generation) {
          this.sets = sets;
          this.loadedAt = startedAt;
        }
        return sets;
      },
    );
    this.loading = loading;
    const forget = () => {
      if (this.loading === loading) this.loading = undefined;
    };
    loading.then(forget, forget);
    return loading;
  }
}

/**
 * Reads the active entries from published.revocation: a view on
 * core.revocation in the hub's database, the copy core publishes into a
 * subgraph's own database (src/db/publish-person-index.ts). Over a connection of its own, opened for the read
 * and closed after it: nothing stays open between refreshes, and the read is
 * not one of the statements of the request that happened to trigger it.
 */
export async function loadActiveRevocations(): Promise<readonly ActiveRevocation[]> {
  const { url, timeouts } = prismaConnection();
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeouts?.poolWaitMs ?? 5_000,
    statement_timeout: timeouts?.statementMs ?? 5_000,
    lock_timeout: timeouts?.lockMs ?? 5_000,
  });
  // A connection dropped after the read must not become an unhandled error.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<ActiveRevocation>('SELECT kind, value FROM published.revocation');
    return rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let shared: { client: object; cache: RevocationCache } | undefined;

/** This process's copy, made on first use for the connected database (a reconnect starts a new one). */
export function revocationCache(): RevocationCache {
  const client = prisma();
  if (shared?.client !== client) {
    shared = { client, cache: new RevocationCache({ load: loadActiveRevocations, refreshMs: revocationRefreshSecondsFrom() * 1000 }) };
  }
  return shared.cache;
}

/** Whether a verified identity is revoked, by this process's copy of the list. */
export function isRevoked(identity: Identity): Promise<boolean> {
  return revocationCache().isRevoked(identity);
}

/** What a value of each kind must look like; null when it is fine. */
export function revocationValueProblem(kind: RevocationKind, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'must not be empty';
  if (trimmed !== value) return 'must not start or end with spaces';
  if (/[\u0000-\u001F\u007F-\u009F]/.test(value)) return 'must not contain control characters';
  if (value.length > 200) return `must be at most 200 characters (got ${value.length})`;
  if (kind === 'UNIT' && !(UNIT_CODES as readonly string[]).includes(value)) return `must be a network unit code (${UNIT_CODES.join(', ')})`;
  if (kind === 'ORG' && !/^[1-9]\d{0,9}$/.test(value)) return 'must be an organisation number';
  return null;
}
