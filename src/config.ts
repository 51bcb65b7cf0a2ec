import { revocationRefreshSecondsFrom } from './auth/revocation.ts';
import type { RequestTimeouts } from './db/prisma.ts';
// Every setting the hub reads from the environment, in one place, so README's
// configuration table and the code cannot drift apart silently.
export interface HubConfig {
  /** PostgreSQL URL; when absent the hub runs an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** HTTP port of the gateway. */
  port: number;
  /** Folder holding the embedded PostgreSQL's data. */
  dataDir: string;
  /** Port of the embedded PostgreSQL. */
  embeddedPgPort: number;
  /** Scale of the demo city seeded on an empty embedded database (1 = whole city). */
  seedScale: number;
  /** Random seed of the demo city. */
  seedNumber: number;
  /** Seed the demo city into an empty database even when DATABASE_URL is set. */
  seedOnStart: boolean;
  /** development | production | test */
  nodeEnv: string;
  /** Expected `iss` of tokens. */
  jwtIssuer: string;
  /** Expected `aud` of tokens. */
  jwtAudience: string;
  /** PEM (SPKI) public key verifying tokens; production needs this or jwksFile. */
  jwtPublicKeyFile: string | undefined;
  /** JWKS file verifying tokens. */
  jwksFile: string | undefined;
  /** Algorithm of the PEM key (ES256 unless set). */
  jwtAlgorithm: string | undefined;
  /** `kid` of the PEM key; tokens naming another kid are refused. */
  jwtKeyId: string | undefined;
  /** Longest lifetime (exp − iat) of an accepted token, in hours. */
  jwtMaxLifetimeHours: number;
  /** Serve the GraphiQL explorer at / (default: outside production only). */
  explorer: boolean;
  /** ANALYST and NGO tokens may send only the operations of the persisted-operation manifest. */
  persistedOperationsOnly: boolean;
  /** Bounds on each request's database work (statement, lock, pool wait). */
  requestTimeouts: RequestTimeouts;
  /** A GraphQL request not answered within this many milliseconds gets 503. */
  requestDeadlineMs: number;
  /** Per token subject and minute: requests and summed operation cost (gateway only). */
  quotas: QuotaSettings;
  /** Seconds between reads of the token deny-list (at most 30). */
  revocationRefreshSeconds: number;
  /** Years whose indicators each process counts and audits right after it starts serving. */
  indicatorWarmYears: number[];
}

/** What one token subject may send per minute before the gateway answers 429. */
export interface QuotaSettings {
  requestsPerMinute: number;
  costPerMinute: number;
}

/** The issuer of development tokens (`npm run token`); production must name its identity provider's. */
export const DEVELOPMENT_ISSUER = 'safety-net-hub-development';

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/**
 * HUB_PERSISTED_OPERATIONS_ONLY. A security switch, so a value that is neither on
 * nor off stops the start instead of leaving the mode silently off.
 */
export function persistedOperationsOnlyFrom(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.HUB_PERSISTED_OPERATIONS_ONLY ?? '';
  if (['1', 'true'].includes(raw)) return true;
  if (['', '0', 'false'].includes(raw)) return false;
  throw new Error(`HUB_PERSISTED_OPERATIONS_ONLY must be 1 or 0, got "${raw}"`);
}

/** HUB_JWT_MAX_LIFETIME_HOURS, 12 unless set: a longer cap must be a deliberate, positive number. */
export function jwtMaxLifetimeHoursFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HUB_JWT_MAX_LIFETIME_HOURS ?? '';
  if (raw === '') return 12;
  const hours = Number(raw);
  if (!(Number.isFinite(hours) && hours > 0)) throw new Error(`HUB_JWT_MAX_LIFETIME_HOURS must be a positive number of hours, got "${raw}"`);
  return hours;
}

/**
 * HUB_STATEMENT_TIMEOUT_MS, HUB_LOCK_TIMEOUT_MS, HUB_POOL_WAIT_MS: bounds on
 * the database work of one request. A request that hits one answers
 * SERVICE_UNAVAILABLE (HTTP 503, Retry-After) instead of hanging.
 */
export function requestTimeoutsFrom(env: NodeJS.ProcessEnv = process.env): RequestTimeouts {
  const positive = (name: string, fallback: number) => positiveMillisFrom(env, name, fallback);
  return {
    statementMs: positive('HUB_STATEMENT_TIMEOUT_MS', 15_000),
    lockMs: positive('HUB_LOCK_TIMEOUT_MS', 5_000),
    poolWaitMs: positive('HUB_POOL_WAIT_MS', 5_000),
    idleInTransactionMs: 30_000,
  };
}

/** HUB_REQUEST_DEADLINE_MS: a GraphQL request not answered by then gets 503 with Retry-After. */
export function requestDeadlineMsFrom(env: NodeJS.ProcessEnv = process.env): number {
  return positiveMillisFrom(env, 'HUB_REQUEST_DEADLINE_MS', 30_000);
}

function positiveMillisFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return positiveWholeFrom(env, name, fallback, 'a positive whole number of milliseconds');
}

function positiveWholeFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, what: string): number {
  const raw = env[name] ?? '';
  if (raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`${name} must be ${what}, got "${raw}"`);
  return value;
}

/**
 * HUB_RATE_LIMIT_PER_MINUTE (600) and HUB_COST_LIMIT_PER_MINUTE (5,000,000:
 * twenty of the largest operations the cost limit allows): far above what a
 * busy caseworker's screen sends, low enough to stop a leaked token's scraper.
 */
export function quotaSettingsFrom(env: NodeJS.ProcessEnv = process.env): QuotaSettings {
  const positive = (name: string, fallback: number) => positiveWholeFrom(env, name, fallback, 'a positive whole number');
  return { requestsPerMinute: positive('HUB_RATE_LIMIT_PER_MINUTE', 600), costPerMinute: positive('HUB_COST_LIMIT_PER_MINUTE', 5_000_000) };
}

/** Introspection and "Did you mean" hints in error messages: under NODE_ENV development or test (or unset), never in production. */
export function developmentFrom(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['development', 'test', undefined, ''].includes(env.NODE_ENV);
}

/**
 * HUB_EXPLORER: the explorer is served outside production unless set to 0,
 * and in production only when set to 1. Read strictly, like the other switches.
 */
export function explorerEnabledFrom(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.HUB_EXPLORER ?? '';
  if (['1', 'true'].includes(raw)) return true;
  if (['0', 'false'].includes(raw)) return false;
  if (raw === '') return (env.NODE_ENV || 'development') !== 'production';
  throw new Error(`HUB_EXPLORER must be 1 or 0, got "${raw}"`);
}

/** At most this many years are warmed at start: each costs seconds of both cores at whole-city scale. */
const MAX_WARM_YEARS = 5;

/**
 * HUB_INDICATOR_WARM_YEARS: the years whose indicators a process counts and
 * audits as soon as it serves (connectors/kit/indicator-warm-up.ts), so the
 * first report of a year does not pay for it. A comma-separated list of years,
 * or `none`; unset, the current and the previous year (UTC) in production —
 * what a city reports on — and none elsewhere (tests and development start
 * many small hubs).
 */
export function indicatorWarmYearsFrom(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): number[] {
  const raw = (env.HUB_INDICATOR_WARM_YEARS ?? '').trim();
  if (raw === '') return (env.NODE_ENV || 'development') === 'production' ? [now.getUTCFullYear() - 1, now.getUTCFullYear()] : [];
  if (raw === 'none') return [];
  const years = raw.split(',').map((part) => part.trim());
  const bad = years.find((year) => !/^\d{4}$/.test(year) || Number(year) < 2000 || Number(year) > 2100);
  if (bad !== undefined) throw new Error(`HUB_INDICATOR_WARM_YEARS must be years from 2000 to 2100 separated by commas, or none; "${bad}" is not one`);
  const distinct = [...new Set(years.map(Number))];
  if (distinct.length > MAX_WARM_YEARS) throw new Error(`HUB_INDICATOR_WARM_YEARS names ${distinct.length} years; at most ${MAX_WARM_YEARS}`);
  return distinct;
}

export function readConfig(): HubConfig {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    port: numberFrom('PORT', 4000),
    dataDir: process.env.HUB_DATA_DIR || '.data',
    embeddedPgPort: numberFrom('HUB_EMBEDDED_PG_PORT', 54329),
    seedScale: numberFrom('HUB_SEED_SCALE', 0.01),
    seedNumber: numberFrom('HUB_SEED', 2023),
    seedOnStart: process.env.HUB_SEED_ON_START === '1' || process.env.HUB_SEED_ON_START === 'true',
    nodeEnv: process.env.NODE_ENV || 'development',
    jwtIssuer: process.env.HUB_JWT_ISSUER || DEVELOPMENT_ISSUER,
    jwtAudience: process.env.HUB_JWT_AUDIENCE || 'safety-net-hub',
    jwtPublicKeyFile: process.env.HUB_JWT_PUBLIC_KEY_FILE || undefined,
    jwksFile: process.env.HUB_JWKS_FILE || undefined,
    jwtAlgorithm: process.env.HUB_JWT_ALGORITHM || undefined,
    jwtKeyId: process.env.HUB_JWT_KEY_ID || undefined,
    jwtMaxLifetimeHours: jwtMaxLifetimeHoursFrom(),
    explorer: explorerEnabledFrom(),
    persistedOperationsOnly: persistedOperationsOnlyFrom(),
    requestTimeouts: requestTimeoutsFrom(),
    requestDeadlineMs: requestDeadlineMsFrom(),
    quotas: quotaSettingsFrom(),
    revocationRefreshSeconds: revocationRefreshSecondsFrom(),
    indicatorWarmYears: indicatorWarmYearsFrom(),
  };
}
