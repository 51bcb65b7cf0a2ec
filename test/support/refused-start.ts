// `npm start` (src/main.ts) with a setting it must refuse, against a database
// nobody listens at: a start that checks its settings first stops before
// trying it. Returns the exit code and everything printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.ts';

export async function refusedStart(settings: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/none`, ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
