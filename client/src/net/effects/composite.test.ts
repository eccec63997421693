import { describe, expect, it } from 'vitest';
import { MAX_MASK_AGE_MS, MAX_PROCESS_PIXELS, nextFrameDelay, planFrame, processingSize } from './composite';

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
