// A stop signal is never lost, whenever it comes. The hub used to swap the
// listeners with removeAllListeners after printing "ready": a SIGTERM that
// arrived in between was caught by Node and then dropped, and the hub never
// stopped (seen in CI as a production start test that hung for 300 s).
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `body` in a fresh Node process with onStopSignal imported; returns what it printed. */
function inChild(body: string): { output: string; code: number | null } {
  const script = `import { onStopSignal, stopSignal } from './src/server/stop-signals.ts';\n${body}`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { output: `${result.stdout}${result.stderr}`.trim(), code: result.status };
}

describe('stop signals', () => {
  it('keeps a signal that arrived while another listener was on', () => {
    const result = inChild(`
      process.on('SIGTERM', () => console.log('the other listener'));
      process.kill(process.pid, 'SIGTERM'); // caught now, dispatched on the next turn
      onStopSignal((signal) => { console.log('stopping on ' + signal); process.exit(0); });
      setTimeout(() => { console.log('lost'); process.exit(1); }, 2000);
    `);
    expect(result).toEqual({ output: 'stopping on SIGTERM', code: 0 });
  });

  it('takes every other listener off and calls the stop once for repeated signals', () => {
    const result = inChild(`
      process.on('SIGINT', () => console.log('the other listener'));
      let calls = 0;
      onStopSignal(() => { calls += 1; });
      console.log(process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'));
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100);
      setTimeout(() => { console.log('calls ' + calls); process.exit(0); }, 600);
    `);
    expect(result).toEqual({ output: '1 1\ncalls 1', code: 0 });
  });

  it('resolves stopSignal() with the signal', () => {
    const result = inChild(`
      const keepAlive = setTimeout(() => undefined, 5000); // as a listening server does
      const stopped = stopSignal();
      process.kill(process.pid, 'SIGINT');
      console.log(await stopped);
      clearTimeout(keepAlive);
    `);
    expect(result).toEqual({ output: 'SIGINT', code: 0 });
  });
});
