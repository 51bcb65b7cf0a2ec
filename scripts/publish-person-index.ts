// `npm run publish:person-index -- --to <database url>`: core (the hub's
// database, DATABASE_URL) publishes its person index and token deny-list into
// a connector's own database (src/db/publish-person-index.ts), once. The hub's
// job runner does the same on a schedule (HUB_PERSON_INDEX_TARGETS,
// src/ops/publication-schedule.ts). --whole replaces the copy whole even when
// one was published before.
import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { publishPersonIndex } from '../src/db/publish-person-index.ts';

const USAGE = 'usage: npm run publish:person-index -- --to <postgres url of the connector\'s own database> [--whole]';

await runCli(async () => {
  let to: string | undefined;
  let whole: boolean | undefined;
  try {
    ({ values: { to, whole } } = parseArgs({ options: { to: { type: 'string' }, whole: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!to) throw new UsageError('--to must name the connector\'s own database');
  const db = await openDatabase(readConfig());
  try {
    const published = await publishPersonIndex(db.url, to, { whole: whole ?? false });
    // Counts only: the index itself is personal data.
    const how = published.mode === 'whole' ? 'a whole copy' : `changes: ${published.written} written, ${published.removed} removed`;
    process.stdout.write(`Published ${published.persons} person(s) (${how}) and ${published.revocations} revocation(s)\n`);
  } finally {
    await db.close();
  }
}, { usage: USAGE });
