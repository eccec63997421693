import type { Logger } from 'pino';

/**
 * A log line that is written at most once per `everyMs`, whatever calls it: a store that is down
 * fails every command, and one line a minute (with how many were left out) says as much as thousands.
 */
export class SampledLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Log `fields` (ids only) at error level unless a line went out less than `everyMs` ago. */
  error(logger: Logger, fields: Record<string, unknown>, message: string): boolean {
    const now = this.now();
    if (now - this.lastAt < this.everyMs) {
      this.suppressed++;
      return false;
    }
    this.lastAt = now;
    logger.error(this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields, message);
    this.suppressed = 0;
    return true;
  }
}

export const STORE_FAULT_LOG_MS = 60_000;

/** Store failures, for the whole process: one line a minute at most. */
export const storeFaultLog = new SampledLog(STORE_FAULT_LOG_MS);

/** An error's message for the log (never a stack with payload data in it), whatever was thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 200) : typeof err;
}
