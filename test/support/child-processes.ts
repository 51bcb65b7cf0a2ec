// Child processes a test starts and waits for: subgraphs (`npm run subgraph`)
// and gateways served from npm, each ready when its output says so.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <args>` in the repository and resolves once its output matches `ready` (all of `count` times). */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, options: { count?: number; timeoutMs?: number } = {}): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output}`)), options.timeoutMs ?? 60_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      const matches = output.match(new RegExp(ready.source, 'g'))?.length ?? 0;
      if (matches >= (options.count ?? 1)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { child, output: () => output, stop };
}

/** Runs `node <args>` in the repository to its end (killed after `timeoutMs`): its exit code and everything it printed. */
export async function runProcess(args: string[], env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

