import { describe, expect, it } from 'vitest';
import {
  MAX_MASK_AGE_MS,
  MAX_PROCESS_PIXELS,
  MIN_SEGMENT_INTERVAL_MS,
  nextFrameDelay,
  planFrame,
  processingSize,
  segmentWait,
} from './composite';

describe('what each outgoing frame shows', () => {
  it.each([
    ['blur', 0, { background: 'blurred-frame', person: true }],
    ['blur', MAX_MASK_AGE_MS, { background: 'blurred-frame', person: true }],
    ['replace', 120, { background: 'replacement', person: true }],
    // No mask yet, or a stale one: the whole frame is background, so the room never shows through.
    ['blur', null, { background: 'blurred-frame', person: false }],
    ['blur', MAX_MASK_AGE_MS + 1, { background: 'blurred-frame', person: false }],
    ['replace', null, { background: 'replacement', person: false }],
    ['replace', 5_000, { background: 'replacement', person: false }],
  ] as const)('%s with a mask %s ms old: %j', (mode, age, plan) => {
    expect(planFrame(mode, age)).toEqual(plan);
  });
});

describe('processing size', () => {
  it.each([
    [640, 360, 640, 360],
    [640, 480, 640, 480],
    [1280, 720, 740, 416],
    [0, 0, 640, 360],
  ])('%i×%i is processed at %i×%i', (w, h, pw, ph) => {
    const size = processingSize(w, h);
    expect(size).toEqual({ width: pw, height: ph });
    expect(size.width * size.height).toBeLessThanOrEqual(MAX_PROCESS_PIXELS + 2 * (pw + ph));
  });
});

describe('frame pacing', () => {
  it('keeps a fixed grid while on time', () => {
    expect(nextFrameDelay(1000, 1000, 25)).toEqual({ delayMs: 40, dueMs: 1040 });
    expect(nextFrameDelay(1010, 1000, 25)).toEqual({ delayMs: 30, dueMs: 1040 });
  });
  it('after a stall, skips the missed frames instead of sending a burst', () => {
    const { delayMs, dueMs } = nextFrameDelay(1130, 1000, 25);
    expect(dueMs).toBe(1160);
    expect(delayMs).toBe(30);
  });
});

describe('segmentation pacing', () => {
  it.each([
    [10, MIN_SEGMENT_INTERVAL_MS - 10],
    [40, 40],
    [122, 122],
  ])('after a %i ms mask, wait %i ms (at most half the main thread)', (took, wait) => {
    expect(segmentWait(took)).toBe(wait);
  });
  it('a slow mask on a slow machine still stays fresh enough to use', () => {
    // Worst age of a mask when it is replaced: wait + next segmentation.
    expect(segmentWait(250) + 250).toBeLessThanOrEqual(MAX_MASK_AGE_MS);
  });
});
