// Readiness (/ready): may a load balancer send this process requests? Each
// check has a short time limit and answers up or down; the body names the
// checks and nothing else — no URL, host or error text — and the causes go to
// the log. Liveness (/health) is separate and never calls out: a process that
// serves HTTP is alive, whatever its dependencies do.
import { readMigrations } from '../db/migrator.ts';
import { prisma } from '../db/prisma.ts';
import { databaseAnswers } from '../db/readiness.ts';

const CHECK_TIMEOUT_MS = 2_000;

export type CheckState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckState>;
  /** Check name → why it is down, for the log only. */
  causes: Record<string, string>;
}

/** The job runner of this process, if it runs one: watched for an unexpected end. */
let runner: { ended: boolean } | null = null;

/** Called by the worker's start: the runner's promise settles only when it stops or crashes. */
export function watchJobRunner(done: Promise<unknown>): () => void {
  const watched = { ended: false };
  runner = watched;
  const end = () => {
    watched.ended = true;
  };
  done.then(end, end);
  // A clean stop is the process stopping, not a failure: this process simply runs no jobs any more.
  return () => {
    if (runner === watched) runner = null;
  };
}

function withinLimit<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

let expectedMigrations: Promise<string[]> | undefined;

/** Every migration folder this build ships is recorded as applied. */
async function migrationsApplied(): Promise<void> {
  expectedMigrations ??= readMigrations().then((all) => all.map((m) => m.name));
  const expected = await expectedMigrations;
  const rows = await prisma().$queryRaw<{ name: string }[]>`SELECT name FROM public.hub_migrations`;
  const applied = new Set(rows.map((r) => r.name));
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length > 0) throw new Error(`${missing.length} migration(s) not applied, first ${missing[0]}`);
}

/** The job queue's schema answers, and this process's runner (if it runs one) has not ended. */
async function queueUsable(): Promise<void> {
  await prisma().$queryRaw`SELECT 1 FROM graphile_worker.migrations LIMIT 1`;
  if (runner?.ended) throw new Error('the job runner of this process has stopped');
}

/**
 * A remote subgraph answers its own liveness route. Any HTTP answer below 500
 * counts: a subgraph served by something other than the hub may have no
 * /health, but answering at all shows its process is there.
 */
async function subgraphAnswers(url: string): Promise<void> {
  const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS), redirect: 'manual' });
  await response.body?.cancel();
  if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
}

export async function checkReadiness(remoteSubgraphUrls: Record<string, string> = {}): Promise<Readiness> {
  const checks: [string, () => Promise<void>][] = [
    [
      'database',
      async () => {
        const answer = await databaseAnswers();
        if (!answer.up) throw new Error(answer.cause ?? 'the database does not answer');
      },
    ],
    ['migrations', migrationsApplied],
    ['queue', queueUsable],
    ...Object.entries(remoteSubgraphUrls).map(([name, url]): [string, () => Promise<void>] => [`subgraph:${name}`, () => subgraphAnswers(url)]),
  ];
  const outcomes = await Promise.all(
    checks.map(async ([name, check]) => {
      try {
        await withinLimit(check());
        return [name, null] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message || error.name : String(error)] as const;
      }
    }),
  );
  const result: Readiness = { ready: true, checks: {}, causes: {} };
  for (const [name, cause] of outcomes) {
    result.checks[name] = cause === null ? 'up' : 'down';
    if (cause !== null) {
      result.ready = false;
      result.causes[name] = cause;
    }
  }
  return result;
}
