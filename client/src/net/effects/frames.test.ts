import { describe, expect, it } from 'vitest';
import { FrameRechunker, RENDER_QUANTUM, RNNOISE_FRAME, RNNOISE_SAMPLE_RATE, delaySamples } from './frames';

/** Runs `quanta` render quanta of a ramp (sample n has value n) through a rechunker; returns all output. */
function run(rechunker: FrameRechunker, quanta: number, quantum = RENDER_QUANTUM): Float32Array {
  const out = new Float32Array(quanta * quantum);
  for (let q = 0; q < quanta; q++) {
    const input = Float32Array.from({ length: quantum }, (_, i) => q * quantum + i + 1);
    rechunker.step(input, out.subarray(q * quantum, (q + 1) * quantum));
  }
  return out;
}

describe('480-sample RNNoise frames from 128-sample render quanta', () => {
  it('the smallest delay that never runs dry is 448 samples (9.3 ms at 48 kHz)', () => {
    expect(delaySamples(RNNOISE_FRAME, RENDER_QUANTUM)).toBe(448);
    expect((448 / RNNOISE_SAMPLE_RATE) * 1000).toBeCloseTo(9.33, 2);
    expect(delaySamples(480, 480)).toBe(0);
    expect(delaySamples(480, 160)).toBe(320);
  });

  it('passes every sample through exactly `delay` samples later, with no underrun', () => {
    const rechunker = new FrameRechunker(() => undefined);
    const out = run(rechunker, 15 * 20);
    const d = rechunker.delay;
    for (let n = 0; n < d; n++) expect(out[n]).toBe(0);
    for (let n = d; n < out.length; n++) expect(out[n]).toBe(n - d + 1);
    expect(rechunker.underruns).toBe(0);
    expect(rechunker.frames).toBe(Math.floor(out.length / RNNOISE_FRAME));
  });

  it('each frame handed to the processor is 480 consecutive samples, and its changes are what plays', () => {
    const starts: number[] = [];
    const rechunker = new FrameRechunker((frame) => {
      expect(frame.length).toBe(RNNOISE_FRAME);
      starts.push(frame[0] ?? NaN);
      for (let i = 1; i < frame.length; i++) expect(frame[i]).toBe((frame[0] ?? 0) + i);
      frame.fill(-1);
    });
    const out = run(rechunker, 30);
    expect(starts.slice(0, 3)).toEqual([1, 481, 961]);
    expect(out.slice(rechunker.delay, rechunker.delay + RNNOISE_FRAME * 2).every((v) => v === -1)).toBe(true);
  });

  it('a missing input (microphone gone) is processed as silence', () => {
    const rechunker = new FrameRechunker(() => undefined);
    const out = new Float32Array(RENDER_QUANTUM);
    for (let q = 0; q < 10; q++) rechunker.step(undefined, out);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(rechunker.underruns).toBe(0);
  });
});
