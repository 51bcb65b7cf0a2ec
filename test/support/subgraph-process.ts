// Starts `npm run subgraph -- <name>` as a process of its own and waits until
// it serves, or until it exits (then its output is given back).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.ts';

export interface SubgraphProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

function launch(name: string, port: number, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/subgraph.ts', name, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output };
}

/** `port`: a fixed one, to start the same subgraph again where the gateway looks for it. */
export async function startSubgraphProcess(name: string, env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<SubgraphProcess> {
  const port = options.port ?? (await freePort());
  const { child, output } = launch(name, port, env);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subgraph ${name} did not start:\n${output()}`)), 60_000);
    const watch = () => {
      if (output().includes('ready at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => reject(new Error(`subgraph ${name} exited with ${code}:\n${output()}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { url: `http://127.0.0.1:${port}/graphql`, child, output, stop };
}

/** Runs a subgraph expected to refuse to start: its exit code and what it printed. */
export async function subgraphRefusal(name: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { child, output } = launch(name, await freePort(), env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output: output() };
}
