/**
 * The crisis alarm: a clear two-tone signal repeated until someone acknowledges. Unlike the agenda
 * chime it has no off switch: a therapist must not miss a member asking for help.
 */
export class CrisisAlarm {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    if (this.timer) return;
    this.beep();
    this.timer = setInterval(() => this.beep(), 4000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }

  get sounding(): boolean {
    return this.timer !== null;
  }

  private beep(): void {
    try {
      this.ctx ??= new AudioContext();
      const ctx = this.ctx;
      for (const [freq, at] of [
        [880, 0],
        [660, 0.3],
        [880, 0.6],
      ] as const) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'triangle';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + at + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.28);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.3);
      }
    } catch {
      // No audio output: the banner, title and notification still show.
    }
  }
}
