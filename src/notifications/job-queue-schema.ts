// The job queue (graphile-worker) keeps its tables and functions in its own
// schema, `graphile_worker`, and migrates it with SQL shipped inside the npm
// package. The hub's migrator installs it after the hub's own migrations, so
// `npm start`, the CLIs and the test template database all have it, offline,
// before any transaction calls graphile_worker.add_job.
import { Logger, runMigrations } from 'graphile-worker';

/**
 * graphile-worker logs every step at info level; the hub keeps only its warnings and errors, one line
 * each: a failed job's message carries the error's stack after its first line, and what failed is kept
 * where operators read it (a sync's error in sync.attempt and syncStatus, a delivery's in its record).
 */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') process.stderr.write(`[job queue] ${level}: ${message.split('\n')[0]!.slice(0, 500)}\n`);
});

export async function installJobQueueSchema(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger });
}
