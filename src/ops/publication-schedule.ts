// Core's scheduled publications into connectors' own databases (issue 16),
// on the job queue the syncs use (graphile-worker): per target, the person
// index on its cadence (15 minutes, as household registration, whose
// changes it mostly carries) and the token deny-list alone on a short one
// (every minute: a revoked token must soon be refused by the connector's
// own check too). Both jobs of one target run in one graphile queue,
// `publish:<target>`, so across replicas they never overlap and a deny-list
// published alone is never overwritten by an index publication that read
// core before it. Like the syncs, each run schedules the next itself a
// cadence after it ends, a failure is retried with the queue's backoff,
// and every attempt is recorded (sync.publication_attempt), whatever its
// outcome, for syncStatus. The targets' URLs come only from the
// environment and are never written: not to the log, not to the attempts.
import type { JobHelpers, Task } from 'graphile-worker';
import pg from 'pg';
import { prisma } from '../db/prisma.ts';
import { publishPersonIndex, publishRevocations } from '../db/publish-person-index.ts';
import { OWN_DATABASE_SUBGRAPHS } from '../db/subgraph-migrations.ts';
import { oneLine, withoutAddresses } from './sync-attempt.ts';
import { retryDelayMs } from './sync-schedule.ts';

export const PUBLISH_TASK = 'publish-to-connector';
export type PublicationKind = 'person-index' | 'revocations';
export const PUBLICATION_KINDS: readonly PublicationKind[] = ['person-index', 'revocations'];
export const publicationJobKey = (target: string, kind: PublicationKind) => `publish-${kind}:${target}`;
const publicationQueue = (target: string) => `publish:${target}`;

export interface PublicationTarget {
  /** The connector whose own database it is. */
  connector: string;
  /** Its database: from the environment only, never logged or recorded. */
  url: string;
}

export interface PublicationSettings {
  targets: PublicationTarget[];
  /** Milliseconds between the end of one publication and the start of the next, per kind. */
  everyMs: Record<PublicationKind, number>;
  /** The job queue's attempts of one publication (the first and its retries). */
  maxAttempts: number;
}

const TARGETS = 'HUB_PERSON_INDEX_TARGETS';
const INDEX_EVERY = 'HUB_PUBLISH_PERSON_INDEX_EVERY_MINUTES';
const REVOCATIONS_EVERY = 'HUB_PUBLISH_REVOCATIONS_EVERY_SECONDS';

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number of ${unit} from ${min} to ${max} (got "${raw}")`);
  return value;
}

/**
 * HUB_PERSON_INDEX_TARGETS=probation-transitions=postgres://…,labor-referrals=postgres://…
 * names each connector run on a database of its own and that database. A
 * malformed entry stops the start naming the setting and the entry's place,
 * never repeating its text (it holds a password); an unknown connector, one
 * that cannot run on a database of its own, or one named twice likewise.
 */
export function publicationScheduleFrom(env: NodeJS.ProcessEnv = process.env, maxAttempts = 5): PublicationSettings {
  const raw = env[TARGETS]?.trim() ?? '';
  const targets: PublicationTarget[] = [];
  for (const [i, entry] of (raw === '' ? [] : raw.split(',')).entries()) {
    const place = `${TARGETS}: entry ${i + 1}`;
    const at = entry.indexOf('=');
    const name = at < 0 ? '' : entry.slice(0, at).trim();
    const url = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${place} must be <connector>=<postgres url of its own database>`);
    if (!OWN_DATABASE_SUBGRAPHS.includes(name)) throw new Error(`${place} names ${name}, which does not run on a database of its own (those that can: ${OWN_DATABASE_SUBGRAPHS.join(', ')})`);
    if (targets.some((t) => t.connector === name)) throw new Error(`${place} names ${name} a second time`);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol)) throw new Error(`${place}: the database of ${name} must be a postgres:// URL`);
    targets.push({ connector: name, url });
  }
  return {
    targets,
    everyMs: {
      'person-index': wholeNumber(env, INDEX_EVERY, 15, 1, 1440, 'minutes') * 60_000,
      revocations: wholeNumber(env, REVOCATIONS_EVERY, 60, 5, 3600, 'seconds') * 1000,
    },
    maxAttempts,
  };
}

/** An error line without where the target lives: its URL, host, user and database name, and any other address. */
export function withoutTarget(line: string, url: string): string {
  let out = line.split(url).join('[address]');
  try {
    const parsed = new URL(url);
    const parts = [parsed.host, parsed.hostname, decodeURIComponent(parsed.username), decodeURIComponent(parsed.password), decodeURIComponent(parsed.pathname.slice(1))];
    for (const part of parts.filter((p) => p.length >= 2).sort((a, b) => b.length - a.length)) {
      out = out.replace(new RegExp(`(?<![\\w.-])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g'), '[address]');
    }
  } catch {
    // Checked at start; nothing more to take out of an unparsable one.
  }
  return withoutAddresses(out);
}

/**
 * Puts each target's two jobs in place at the runner's start: the index a
 * cadence after its last successful publication (at once if it never had
 * one), the deny-list at once. A job already waiting for sooner, or running,
 * stays as it is.
 */
export async function schedulePublications(databaseUrl: string, settings: PublicationSettings): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const { connector } of settings.targets) {
      for (const kind of PUBLICATION_KINDS) {
        let due = new Date();
        if (kind === 'person-index') {
          const { rows } = await client.query<{ due: Date }>(
            `SELECT coalesce(max(finished_at) + $2 * interval '1 millisecond', now()) AS due FROM sync.publication_attempt
             WHERE target = $1 AND kind = 'person-index' AND outcome = 'succeeded'`,
            [connector, settings.everyMs[kind]],
          );
          due = rows[0]!.due;
        }
        const key = publicationJobKey(connector, kind);
        await client.query(
          `SELECT graphile_worker.add_job($1, json_build_object('target', $2::text, 'kind', $3::text), queue_name := $4, run_at := $5,
             max_attempts := $6, job_key := $7, job_key_mode := 'replace')
           WHERE NOT EXISTS (SELECT 1 FROM graphile_worker.jobs WHERE key = $7 AND attempts < max_attempts AND (locked_at IS NOT NULL OR run_at <= $5))`,
          [PUBLISH_TASK, connector, kind, publicationQueue(connector), due, settings.maxAttempts, key],
        );
      }
    }
  } finally {
    await client.end();
  }
}

async function scheduleNext(helpers: JobHelpers, target: string, kind: PublicationKind, settings: PublicationSettings): Promise<Date> {
  const runAt = new Date(Date.now() + settings.everyMs[kind]);
  // The running job holds the key: graphile-worker frees it and inserts the next run under it.
  await helpers.addJob(PUBLISH_TASK, { target, kind }, { queueName: publicationQueue(target), jobKey: publicationJobKey(target, kind), runAt, maxAttempts: settings.maxAttempts });
  return runAt;
}

/** The task that publishes one kind into one target, records the attempt and schedules the next. */
export function publicationTask(databaseUrl: string, settings: PublicationSettings): Task {
  return async (payload, helpers) => {
    const { target: name, kind } = (payload ?? {}) as { target?: unknown; kind?: unknown };
    const target = settings.targets.find((t) => t.connector === name);
    // A target no longer configured: its chain of publications ends here.
    if (!target || !PUBLICATION_KINDS.includes(kind as PublicationKind)) {
      helpers.logger.warn(`publication job for ${String(name)} dropped: no such target in ${TARGETS}`);
      return;
    }
    const what = kind as PublicationKind;
    const attempt = helpers.job.attempts;
    const [row] = await prisma().$queryRaw<{ id: bigint }[]>`
      INSERT INTO sync.publication_attempt (target, kind, scheduled_for, attempt, started_at)
      VALUES (${target.connector}, ${what}, ${new Date(helpers.job.run_at)}, ${attempt}, now())
      RETURNING id`;
    const id = row!.id;
    try {
      if (what === 'person-index') {
        const p = await publishPersonIndex(databaseUrl, target.url);
        await prisma().$executeRaw`
          UPDATE sync.publication_attempt SET outcome = 'succeeded', finished_at = now(), persons = ${p.persons}, written = ${p.written},
            removed = ${p.removed}, mode = ${p.mode}, revocations = ${p.revocations}
          WHERE id = ${id}`;
      } else {
        const p = await publishRevocations(databaseUrl, target.url);
        await prisma().$executeRaw`UPDATE sync.publication_attempt SET outcome = 'succeeded', finished_at = now(), revocations = ${p.revocations} WHERE id = ${id}`;
      }
    } catch (error) {
      const message = withoutTarget(oneLine(error), target.url);
      await prisma().$executeRaw`UPDATE sync.publication_attempt SET outcome = 'failed', finished_at = now(), error = ${message} WHERE id = ${id}`;
      if (attempt < helpers.job.max_attempts) {
        await prisma().$executeRaw`UPDATE sync.publication_attempt SET next_run_at = ${new Date(Date.now() + retryDelayMs(attempt))} WHERE id = ${id}`;
        // Thrown, so the queue retries this job with its backoff; the message names no address.
        throw new Error(`publication of the ${what} to ${target.connector} failed (attempt ${attempt} of ${helpers.job.max_attempts}): ${message}`);
      }
    }
    const next = await scheduleNext(helpers, target.connector, what, settings);
    await prisma().$executeRaw`UPDATE sync.publication_attempt SET next_run_at = ${next} WHERE id = ${id}`;
  };
}
