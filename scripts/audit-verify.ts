// `npm run audit:verify -- [--checkpoint <file>] [--export-checkpoint <file>] [--sign-head]`:
// checks the whole audit trail — the retention checkpoints, every retained
// entry's hash and link from the newest checkpoint on, then the signed head —
// and, with --checkpoint, that every checkpoint kept in the file is still part
// of it (or, for entries removed since, agrees with the retention checkpoint). --export-checkpoint appends the verified signed head to a
// file kept outside the database (a daily job's work). --sign-head signs, once,
// the head of a trail written before signed heads.
// Exit code: 0 intact, 1 broken, 2 bad usage, 3 could not check (database unreachable, unreadable checkpoint…).
import { appendFile, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isSigned, checkpointLine, parseCheckpoint, type SignedHead } from '../src/audit/head.ts';
import { HeadAlreadySigned, signUnsignedHead, verifyAuditChain, type ChainReport } from '../src/audit/verify-chain.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';

const USAGE = 'usage: npm run audit:verify -- [--checkpoint <file>] [--export-checkpoint <file>] [--sign-head]';
const COULD_NOT_CHECK = 3;

const say = (line: string) => process.stdout.write(`${line}\n`);

function parse() {
  try {
    const { values } = parseArgs({
      options: { checkpoint: { type: 'string' }, 'export-checkpoint': { type: 'string' }, 'sign-head': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    return { checkpointFile: values.checkpoint, exportFile: values['export-checkpoint'], signHead: values['sign-head'] ?? false };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function readCheckpoints(file: string): Promise<SignedHead[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--checkpoint: ${file} does not exist`);
    throw error;
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [parseCheckpoint(line)];
    } catch (error) {
      throw new CliError(`Line ${i + 1} of ${file} is not a checkpoint: it ${(error as Error).message}`, COULD_NOT_CHECK);
    }
  });
}

/** The auditor reads why in one line (database unreachable, key missing…); exit code 3, not 1: nothing was found broken. */
function couldNotCheck(error: unknown): never {
  if (error instanceof CliError) throw error;
  const reason = error instanceof Error ? error.message || String((error as NodeJS.ErrnoException).code ?? error.name) : String(error);
  throw new CliError(`Could not check the audit trail: ${reason}`, COULD_NOT_CHECK);
}

async function signOnce(databaseUrl: string, checkpoints: SignedHead[]): Promise<ChainReport> {
  try {
    return await signUnsignedHead(databaseUrl, { checkpoints });
  } catch (error) {
    if (error instanceof HeadAlreadySigned) throw new UsageError(error.message);
    throw error;
  }
}

await runCli(
  async () => {
    const options = parse();
    const checkpoints = options.checkpointFile ? await readCheckpoints(options.checkpointFile) : [];
    const db = await openDatabase(readConfig()).catch(couldNotCheck);
    try {
      const report = await (options.signHead ? signOnce(db.url, checkpoints) : verifyAuditChain(db.url, { checkpoints })).catch(couldNotCheck);
      if (!report.ok) {
        const where = report.checkpoint !== undefined ? `checkpoint ${report.checkpoint}` : `entry ${report.entryId}`;
        say(`Audit trail BROKEN at ${where}: ${report.problem} (${report.entries} entries verified before the break).`);
        return 1;
      }
      const { head, checkpoint } = report;
      const range = report.firstId ? `entries ${report.firstId}–${report.lastId} (${report.entries} entries)` : 'no entry is retained';
      say(
        `Audit trail intact: ${checkpoint ? `${range}, ` : `${report.entries} entries, `}every hash and link verified` +
          (isSigned(head) ? `; the signed head (entry ${head.lastId}, ${head.entries} entries) verifies with the audit key.` : '; the trail is empty.'),
      );
      if (checkpoint) {
        say(
          `Earlier entries were removed under checkpoint ${checkpoint.number} of ${checkpoint.createdAt.toISOString()} ` +
            `(entries up to ${checkpoint.lastId}, ${checkpoint.entries} entries in all; this time ${checkpoint.firstId}–${checkpoint.lastId}, months ${checkpoint.months.join(', ')}): ` +
            `its signature verifies${report.firstId ? ` and entry ${report.firstId} is chained to it` : ''}.`,
        );
      }
      if (options.signHead) say(`Signed the head at ${head.signedAt?.toISOString()}.`);
      if (options.checkpointFile) {
        const removed = report.checkpointsRemoved > 0 ? ` (${report.checkpointsRemoved} of them in the removed part, in agreement with the retention checkpoint)` : '';
        say(`All ${checkpoints.length} checkpoint(s) of ${options.checkpointFile} are in the trail${removed}.`);
      }
      if (options.exportFile) {
        if (isSigned(head)) {
          await appendFile(options.exportFile, `${checkpointLine(head)}\n`);
          say(`Checkpoint appended to ${options.exportFile} (entry ${head.lastId}, ${head.entries} entries): keep it outside the database.`);
        } else {
          say('No checkpoint exported: the trail is empty.');
        }
      }
      return 0;
    } finally {
      await db.close();
    }
  },
  { usage: USAGE, errorExitCode: COULD_NOT_CHECK },
);
