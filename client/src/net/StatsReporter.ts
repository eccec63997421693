/**
 * Sends the server a `stats:report` about this browser's own connection every interval while its
 * media is joined (members and therapists; supervisors publish nothing and do not report).
 */
import type { Ack, StatsReport } from '@circle/shared';
import { STATS_REPORT_INTERVAL_MS } from '@circle/shared/constants';
import { type RtcSnapshot, snapshotOf, summarise } from './rtcStats';

/** A little over the server's minimum interval, so timer jitter never makes a report too early. */
const REPORT_EVERY_MS = STATS_REPORT_INTERVAL_MS + 200;

export interface StatsSource {
  /** The getStats reports of this browser's transports (send and receive). */
  transportStats(): Promise<RTCStatsReport[]>;
  send(report: StatsReport): Promise<Ack<null>>;
}

export class StatsReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: RtcSnapshot | null = null;
  private busy = false;

  constructor(private readonly source: StatsSource) {}

  start(): void {
    if (this.timer) return;
    this.previous = null;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), REPORT_EVERY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const reports = await this.source.transportStats();
      const current = snapshotOf(
        reports.map((r) => [...r.values()] as { type: string }[]),
        performance.now(),
      );
      const previous = this.previous;
      this.previous = current;
      const summary = previous ? summarise(previous, current) : null;
      // A refused report (too early, not admitted any more) is simply dropped: the next one follows.
      if (summary && this.timer) await this.source.send(summary);
    } catch (err) {
      console.warn('stats report failed', err);
    } finally {
      this.busy = false;
    }
  }
}
