// `npm run publish:person-index -- --to <database url>`: core (the hub's
// database, DATABASE_URL) publishes its person index and token deny-list into
// a connector's own database (src/db/publish-person-index.ts). Run it before
// each sync of a connector that runs on its own database.
import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { publishPersonIndex } from '../src/db/publish-person-index.ts';

const USAGE = 'usage: npm run publish:person-index -- --to <postgres url of the connector\'s own database>';

await runCli(async () => {
  let to: string | undefined;
  try {
    ({ values: { to } } = parseArgs({ options: { to: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!to) throw new UsageError('--to must name the connector\'s own database');
  const db = await openDatabase(readConfig());
  try {
    const published = await publishPersonIndex(db.url, to);
    // Counts only: the index itself is personal data.
    process.stdout.write(`Published ${published.persons} person(s) and ${published.revocations} revocation(s)\n`);
  } finally {
    await db.close();
  }
}, { usage: USAGE });
