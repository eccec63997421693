const KEY = 'circle.chime';

export function chimeEnabled(): boolean {
  return localStorage.getItem(KEY) !== 'off';
}

export function setChimeEnabled(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
}

/** A short, soft two-note chime. */
export function playChime(): void {
  if (!chimeEnabled()) return;
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.08, ctx.currentTime + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 1.2);
    gain.connect(ctx.destination);
    for (const [freq, at] of [
      [659, 0],
      [880, 0.25],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + 1.2);
    }
    setTimeout(() => void ctx.close(), 1500);
  } catch {
    // No audio output: the visible notice is enough.
  }
}
