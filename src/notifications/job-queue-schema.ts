// The job queue (graphile-worker) keeps its tables and functions in its own
// schema, `graphile_worker`, and migrates it with SQL shipped inside the npm
// package. The hub's migrator installs it after the hub's own migrations, so
// `npm start`, the CLIs and the test template database all have it, offline,
// before any transaction calls graphile_worker.add_job.
import { Logger, runMigrations } from 'graphile-worker';

/** graphile-worker logs every step at info level; the hub keeps only its warnings and errors. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') process.stderr.write(`[job queue] ${level}: ${message}\n`);
});

export async function installJobQueueSchema(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger });
}
