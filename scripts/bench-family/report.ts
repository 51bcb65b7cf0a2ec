// The printed result: one table per concurrency with medians over rounds,
// and the hub's ratios to the other two systems.
import { codesText, mergeOutcomes, mostlyFailed } from '../bench-support/request-outcomes.ts';
import type { Measurement } from './load.ts';

export interface SystemRuns {
  label: string;
  runs: Measurement[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const fixed = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const millis = (value: number) => `${fixed(value, value < 10 ? 1 : 0)} ms`;
const cpu = (value: number | null) => (value === null ? 'n/a' : `${fixed(value, value < 1 ? 2 : 1)} ms`);
const times = (value: number) => `${fixed(value, value < 10 ? 2 : 1)}×`;

interface Summary {
  throughput: number;
  p50: number;
  p99: number;
  failed: number;
  serverCpuMs: number;
  postgresCpuMs: number | null;
}

export function summarize(runs: Measurement[]): Summary {
  const postgres = runs.map((r) => r.postgresCpuMs);
  return {
    throughput: median(runs.map((r) => r.throughput)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    serverCpuMs: median(runs.map((r) => r.serverCpuMs)),
    postgresCpuMs: postgres.every((v): v is number => v !== null) ? median(postgres) : null,
  };
}

/** Per round, the hub's throughput over the other's, and their median. */
export function throughputRatios(hub: Measurement[], other: Measurement[]): { median: number; min: number; max: number } {
  const ratios = hub.map((run, i) => run.throughput / other[i]!.throughput);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

export function table(clients: number, seconds: number, systems: SystemRuns[]): string[] {
  const rounds = systems[0]!.runs.length;
  const lines = [
    `### ${clients} concurrent clients — medians of ${rounds} interleaved round${rounds === 1 ? '' : 's'} of ${seconds} s`,
    '',
    '| system | req/s | p50 | p99 | failed (all rounds) | requests (all rounds) | CPU per request: server | CPU per request: PostgreSQL |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const summaries = systems.map((s) => summarize(s.runs));
  systems.forEach((system, i) => {
    const s = summaries[i]!;
    const requests = system.runs.reduce((sum, r) => sum + r.requests, 0);
    lines.push(`| ${system.label} | ${fixed(s.throughput, 1)} | ${millis(s.p50)} | ${millis(s.p99)} | ${s.failed} | ${requests.toLocaleString('en-US')} | ${cpu(s.serverCpuMs)} | ${cpu(s.postgresCpuMs)} |`);
  });
  const hub = summaries[0]!;
  for (let i = 1; i < systems.length; i++) {
    const other = summaries[i]!;
    const perRound = throughputRatios(systems[0]!.runs, systems[i]!.runs);
    const range = rounds > 1 ? ` (per round ${times(perRound.min)}–${times(perRound.max)}, median ${times(perRound.median)})` : '';
    const pgRatio = hub.postgresCpuMs !== null && other.postgresCpuMs ? times(hub.postgresCpuMs / other.postgresCpuMs) : 'n/a';
    lines.push(
      `| hub/${systems[i]!.label} | ${times(hub.throughput / other.throughput)}${range} | ${times(hub.p50 / other.p50)} | ${times(hub.p99 / other.p99)} | | | ${times(hub.serverCpuMs / other.serverCpuMs)} | ${pgRatio} |`,
    );
  }
  return lines;
}

/** Under a table: each system's failures by code, and the runs that mostly failed. */
export function failureLines(clients: number, systems: SystemRuns[]): { lines: string[]; mostlyFailed: string[] } {
  const lines: string[] = [];
  const failedRuns: string[] = [];
  for (const system of systems) {
    const all = mergeOutcomes(system.runs.map((run) => run.outcomes));
    if (all.failedAnswers + all.networkErrors > 0) lines.push(`${system.label}, ${clients} clients: failed ${codesText(all)}`);
    system.runs.forEach((run, round) => {
      if (mostlyFailed(run.outcomes)) failedRuns.push(`${system.label}, ${clients} clients, round ${round + 1}`);
    });
  }
  return { lines, mostlyFailed: failedRuns };
}
