/**
 * Figures for the benchmark scripts: percentiles, formatting, and the JSON result file
 * (`.bench/<name>.json` at the repository root).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCH_DIR = path.join(REPO_ROOT, '.bench');

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Round every number in a summary (for printing and for the JSON file). */
export function rounded(s: Summary, digits = 2): Summary {
  const r = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
  return {
    count: s.count,
    min: r(s.min),
    p50: r(s.p50),
    p95: r(s.p95),
    p99: r(s.p99),
    max: r(s.max),
    mean: r(s.mean),
  };
}

export function fmt(v: number, digits = 1): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}

/** `p50 12.3 ms · p95 20.1 ms · max 31.0 ms (n=200)` */
export function line(
  s: Summary,
  unit = 'ms',
  digits = 1,
  which: ('p50' | 'p95' | 'p99' | 'max')[] = ['p50', 'p95', 'max'],
): string {
  return `${which.map((k) => `${k} ${fmt(s[k], digits)} ${unit}`).join(' · ')} (n=${s.count})`;
}

/** A fixed-width table: the header row, then one row per entry. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
}

/** Where and on what a result was measured, stored with every result. */
export function machine(): Record<string, unknown> {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Write `.bench/<name>.json` and return its path. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${name}.json`);
  const body = { bench: name, finishedAt: new Date().toISOString(), machine: machine(), ...result };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `predicate` every `everyMs` until it holds; reject with `what` after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string, everyMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * A hard stop for a whole benchmark: after `ms` the process writes what it has and exits, so a
 * stuck run never keeps sending traffic or holding cores.
 */
export function hardDeadline(ms: number, onTimeout: () => void): NodeJS.Timeout {
  const t = setTimeout(() => {
    process.stderr.write(`\nbenchmark exceeded its ${Math.round(ms / 1000)} s budget: stopping\n`);
    try {
      onTimeout();
    } finally {
      process.exit(2);
    }
  }, ms);
  t.unref();
  return t;
}
