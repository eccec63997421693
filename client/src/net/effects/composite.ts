/**
 * How each outgoing frame is put together, decided as plain data (testable without a browser).
 * Privacy first: without a fresh person mask, the whole frame is treated as background, so a
 * stalled or slow segmentation never lets the room behind the person through.
 */

/** A mask older than this no longer follows the person: the whole frame is background. */
export const MAX_MASK_AGE_MS = 600;

/** Outgoing frames per second, whatever the segmentation manages (it runs beside, on the latest frame). */
export const OUTPUT_FPS = 24;

/** The background is blurred by drawing the frame this many times smaller, then scaling it back up. */
export const BLUR_DOWNSCALE = 10;

/** Processing never works on more pixels than a 640×480 picture (the SFU's top layer on a laptop). */
export const MAX_PROCESS_PIXELS = 640 * 480;

export type BackgroundMode = 'blur' | 'replace';

export interface FramePlan {
  /** What fills the background. */
  background: 'blurred-frame' | 'replacement';
  /** Whether the person is cut out of the sharp frame with the mask and drawn over it. */
  person: boolean;
}

export function planFrame(mode: BackgroundMode, maskAgeMs: number | null): FramePlan {
  return {
    background: mode === 'blur' ? 'blurred-frame' : 'replacement',
    person: maskAgeMs !== null && maskAgeMs >= 0 && maskAgeMs <= MAX_MASK_AGE_MS,
  };
}

/** The canvas size for a camera picture: its own size, scaled down (aspect kept, even sides) to at most `maxPixels`. */
export function processingSize(
  width: number,
  height: number,
  maxPixels: number = MAX_PROCESS_PIXELS,
): { width: number; height: number } {
  const w = width > 0 ? width : 640;
  const h = height > 0 ? height : 360;
  const scale = Math.min(1, Math.sqrt(maxPixels / (w * h)));
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(w), height: even(h) };
}

/** When the next frame is due: on a fixed grid, skipping missed slots rather than bunching them. */
export function nextFrameDelay(
  nowMs: number,
  lastDueMs: number,
  fps: number = OUTPUT_FPS,
): { delayMs: number; dueMs: number } {
  const interval = 1000 / fps;
  let due = lastDueMs + interval;
  if (due < nowMs) due = nowMs + interval - ((nowMs - lastDueMs) % interval);
  return { delayMs: Math.max(0, due - nowMs), dueMs: due };
}

/** The segmentation runs at most this often (it is the costly part). */
export const MIN_SEGMENT_INTERVAL_MS = 66;

/**
 * The pause after a segmentation that took `tookMs`: at least as long as it took, so the mask (which
 * runs on the page's main thread) never takes more than half of it and the picture keeps its frame
 * rate on a slow machine; on a fast one, masks come at most every MIN_SEGMENT_INTERVAL_MS.
 */
export function segmentWait(tookMs: number): number {
  return Math.max(MIN_SEGMENT_INTERVAL_MS - tookMs, tookMs, 0);
}

/** The calm built-in background: a soft vertical gradient (sage to sand), drawn, not downloaded. */
export const REPLACEMENT_GRADIENT: readonly [string, string] = ['#b8c9b5', '#e9dfc9'];
