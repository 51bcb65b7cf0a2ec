// `npm run audit:retain -- --keep-months <n>`: drops the months of the audit
// trail wholly older than the last <n> months, after writing, in the same
// transaction, a checkpoint signed with the audit key that vouches for what
// was removed (src/audit/retention.ts). It first checks the entries it is
// about to remove and refuses, removing nothing, if they do not verify.
// Exit code: 0 done (or nothing old enough), 1 refused (the trail does not
// verify), 2 bad usage, 3 could not run (database unreachable, key missing,
// the trail stayed busy).
import { parseArgs } from 'node:util';
import { RetentionBusy, RetentionRefused, retainAuditTrail } from '../src/audit/retention.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';

const USAGE = 'usage: npm run audit:retain -- --keep-months <months, at least 1>';
const REFUSED = 1;
const COULD_NOT_RUN = 3;
/** A hundred years: more is surely a typo. */
const MAX_MONTHS = 1_200;

const say = (line: string) => process.stdout.write(`${line}\n`);

function parse(): { keepMonths: number } {
  let given: string | undefined;
  try {
    const { values } = parseArgs({ options: { 'keep-months': { type: 'string' } }, strict: true, allowPositionals: false });
    given = values['keep-months'];
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (given === undefined) throw new UsageError('--keep-months is required: how many months of the audit trail to keep (at least 1)');
  const months = /^\d+$/.test(given.trim()) ? Number(given.trim()) : NaN;
  if (!Number.isSafeInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new UsageError(`--keep-months must be a whole number of months from 1 to ${MAX_MONTHS} (got "${given}")`);
  }
  return { keepMonths: months };
}

function failed(error: unknown): never {
  if (error instanceof CliError) throw error;
  if (error instanceof RetentionRefused) throw new CliError(`Retention refused: ${error.message}`, REFUSED);
  const reason = error instanceof Error ? error.message || String((error as NodeJS.ErrnoException).code ?? error.name) : String(error);
  throw new CliError(`Could not apply retention to the audit trail: ${reason}`, COULD_NOT_RUN);
}

await runCli(
  async () => {
    const { keepMonths } = parse();
    const db = await openDatabase(readConfig()).catch(failed);
    try {
      const result = await retainAuditTrail(db.url, { keepMonths }).catch((error: unknown) => {
        if (error instanceof RetentionBusy) throw new CliError(error.message, COULD_NOT_RUN);
        return failed(error);
      });
      const window = `the window kept starts ${result.keptFrom.toISOString().slice(0, 10)} (${keepMonths} month${keepMonths === 1 ? '' : 's'})`;
      if (!result.removed) {
        say(`Nothing removed: ${result.reason}; ${window}.`);
        return 0;
      }
      const { checkpoint } = result;
      say(
        `Removed entries ${checkpoint.firstId}–${checkpoint.lastId} (${checkpoint.removed} entries; months ${checkpoint.months.join(', ')}) ` +
          `under checkpoint ${checkpoint.number}, signed with the audit key; ${window}.`,
      );
      say(result.firstRetainedId ? `The trail now starts at entry ${result.firstRetainedId}, chained to the checkpoint.` : 'No entry is left; the next one will be chained to the checkpoint.');
      if (result.lateEntriesKept > 0) {
        say(`${result.lateEntriesKept} entries of the removed months were kept: they joined the chain after the first kept entry (they wait in the DEFAULT partition).`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
  { usage: USAGE, errorExitCode: COULD_NOT_RUN },
);
