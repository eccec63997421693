/**
 * CPU time and memory of any process on this machine, from /proc (Linux). Used for the mediasoup
 * worker, the server's Node process and the bots, so all three are measured the same way.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
const CLK_TCK = (() => {
  try {
    const v = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(v) && v > 0 ? v : 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: split after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields from 3 on: state(3) … utime(14) stime(15) → indexes 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLK_TCK;
}

/** Resident memory of a process in MB. */
export function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Share of one core a process used between `start()` and `read()` (100 = one full core). */
export class CpuMeter {
  private cpu0 = 0;
  private wall0 = 0;

  constructor(readonly pid: number) {}

  start(): this {
    this.cpu0 = cpuMs(this.pid);
    this.wall0 = performance.now();
    return this;
  }

  /** Percent of one core since `start()`. */
  read(): number {
    const wall = performance.now() - this.wall0;
    return wall > 0 ? ((cpuMs(this.pid) - this.cpu0) / wall) * 100 : 0;
  }
}

/** CPU time all processes on the machine have used so far (every core), in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const first = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = first.trim().split(/\s+/).slice(1).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / CLK_TCK;
}

/** Share of one core the whole machine used between `start()` and `read()` (200 = both of 2 cores). */
export class MachineMeter {
  private busy0 = 0;
  private wall0 = 0;

  start(): this {
    this.busy0 = machineBusyMs();
    this.wall0 = performance.now();
    return this;
  }

  read(): number {
    const wall = performance.now() - this.wall0;
    return wall > 0 ? ((machineBusyMs() - this.busy0) / wall) * 100 : 0;
  }
}
