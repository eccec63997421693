import type { Clock } from '../../src/app/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when told to; `advance` fires the timers that fall due, in order. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): number {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers not yet fired, soonest first. */
  pending(): { at: number }[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at).map((t) => ({ at: t.at }));
  }

  /** Move time forward by `ms`, firing every timer due on the way (each at its own time). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.delete(due.id);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
