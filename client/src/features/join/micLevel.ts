/**
 * The pre-join level meter's scale: what a person sees while they say "hello".
 *
 * Calibration. The figure is the RMS of the microphone's time-domain signal in dBFS, as the browser
 * delivers it (echo cancellation, noise suppression and automatic gain on, Chrome's defaults):
 *   - a quiet room, nobody speaking ............................ about −60 to −50 dBFS
 *   - normal speech at arm's length (50–70 cm, laptop or phone) . about −35 to −20 dBFS
 *   - a raised voice, or the mouth close to the microphone ..... about −15 to −6 dBFS (0 dBFS clips)
 * The bar is linear in dB from METER_FLOOR_DBFS (−60, empty) to METER_CEILING_DBFS (−6, full), so
 * normal speech fills it to 46–74 %: the middle and upper range. It reads "quiet" only when the
 * loudest moment of the last HOLD_MS stays under QUIET_BELOW_DBFS (−50, under 19 % of the bar):
 * room noise, nothing said. It falls back slowly (FALL_DB_PER_S) so the bar can be read, not flicker.
 */
export const METER_FLOOR_DBFS = -60;
export const METER_CEILING_DBFS = -6;
export const QUIET_BELOW_DBFS = -50;
export const LOUD_ABOVE_DBFS = -6;
/** The word under the bar follows the loudest moment this far back. */
export const HOLD_MS = 1_500;
/** How fast the bar falls when the sound stops, in dB per second (it rises at once). */
export const FALL_DB_PER_S = 30;

/** Below any figure a microphone gives: what digital silence reads as. */
const SILENCE_DBFS = -100;

/** RMS of samples in −1…1, in dBFS (0 dBFS: a full-scale square wave). */
export function rmsDbfs(samples: ArrayLike<number>): number {
  if (samples.length === 0) return SILENCE_DBFS;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / samples.length);
  return rms > 0 ? Math.max(SILENCE_DBFS, 20 * Math.log10(rms)) : SILENCE_DBFS;
}

/** Where a level sits on the bar, 0–100 %. */
export function levelPercent(dbfs: number): number {
  const p = ((dbfs - METER_FLOOR_DBFS) / (METER_CEILING_DBFS - METER_FLOOR_DBFS)) * 100;
  return Math.round(Math.min(100, Math.max(0, p)));
}

export type LevelWord = 'quiet' | 'good' | 'loud';

export function levelWord(dbfs: number): LevelWord {
  if (dbfs < QUIET_BELOW_DBFS) return 'quiet';
  if (dbfs > LOUD_ABOVE_DBFS) return 'loud';
  return 'good';
}

export interface MeterState {
  /** What the bar shows, dBFS. */
  shownDbfs: number;
  /** The loudest moment lately, and when it was. */
  peakDbfs: number;
  peakAt: number;
}

export const silentMeter = (now = 0): MeterState => ({
  shownDbfs: SILENCE_DBFS,
  peakDbfs: SILENCE_DBFS,
  peakAt: now,
});

/** One new reading: the bar rises at once and falls at FALL_DB_PER_S; the peak is held for HOLD_MS. */
export function nextMeter(state: MeterState, dbfs: number, now: number, elapsedMs: number): MeterState {
  const fallen = state.shownDbfs - (FALL_DB_PER_S * Math.max(0, elapsedMs)) / 1000;
  const shownDbfs = Math.max(dbfs, fallen, SILENCE_DBFS);
  const keepPeak = state.peakDbfs > dbfs && now - state.peakAt < HOLD_MS;
  return keepPeak ? { ...state, shownDbfs } : { shownDbfs, peakDbfs: dbfs, peakAt: now };
}
