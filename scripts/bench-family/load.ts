// One measured load run: the load generator in a child process, the servers'
// CPU from this process's process.cpuUsage (only the system under load is
// busy: the rounds run one at a time), PostgreSQL's CPU from /proc of the
// backends serving the benchmark's database.
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { LoadJob, LoadResult } from './load-client.ts';

const CLIENT = path.resolve(import.meta.dirname, 'load-client.ts');

export interface Measurement extends LoadResult {
  /** Succeeded requests per second: a refusal (429, 503) is not served work. */
  throughput: number;
  /** Milliseconds of this process's CPU per answer, failed ones included. */
  serverCpuMs: number;
  /** Milliseconds of the database's backends' CPU per answer; null when it cannot be read. */
  postgresCpuMs: number | null;
}

function generateLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CLIENT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`The load generator failed: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`The load generator exited with code ${code} before reporting`));
    });
    child.send(job);
  });
}

/**
 * CPU time of the PostgreSQL backends connected to one database, read from
 * /proc/<pid>/stat (utime + stime). Works when the server runs on this
 * machine in the same process namespace; otherwise every reading is null.
 */
export class PostgresCpu {
  private readonly ticksPerSecond: number;
  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {
    this.ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  }

  static async open(databaseUrl: string, local: boolean): Promise<PostgresCpu | null> {
    if (!local) return null;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const cpu = new PostgresCpu(client, new URL(databaseUrl).pathname.slice(1));
    const sample = await cpu.sample().catch(() => null);
    if (!sample || sample.size === 0) {
      await client.end();
      return null;
    }
    return cpu;
  }

  /** CPU milliseconds by backend pid (this monitoring connection's own backend left out). */
  async sample(): Promise<Map<number, number>> {
    const { rows } = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.database],
    );
    const byPid = new Map<number, number>();
    for (const { pid } of rows) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended between the query and the read
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / this.ticksPerSecond);
    }
    return byPid;
  }

  /** CPU used between two samples: backends that started in between count from zero. */
  static used(before: Map<number, number>, after: Map<number, number>): number {
    let total = 0;
    for (const [pid, millis] of after) total += millis - (before.get(pid) ?? 0);
    return total;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

export async function measure(job: LoadJob, postgres: PostgresCpu | null): Promise<Measurement> {
  const pgBefore = postgres ? await postgres.sample() : null;
  const cpuBefore = process.cpuUsage();
  const result = await generateLoad(job);
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = postgres ? await postgres.sample() : null;
  const completed = Math.max(result.requests, 1);
  return {
    ...result,
    throughput: result.succeeded / result.seconds,
    serverCpuMs: (cpu.user + cpu.system) / 1000 / completed,
    postgresCpuMs: pgBefore && pgAfter ? PostgresCpu.used(pgBefore, pgAfter) / completed : null,
  };
}
