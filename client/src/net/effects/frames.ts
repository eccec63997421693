/**
 * RNNoise works on 480-sample frames (10 ms at 48 kHz); an AudioWorklet hands over 128-sample render
 * quanta. `FrameRechunker` collects quanta into frames, processes each whole frame, and plays the
 * processed samples back out a fixed, smallest possible delay later, so the output never runs dry.
 * Pure: no Web Audio, testable in Node.
 */

export const RNNOISE_FRAME = 480;
export const RENDER_QUANTUM = 128;
export const RNNOISE_SAMPLE_RATE = 48_000;
/** The worklet's registered name. */
export const NOISE_PROCESSOR = 'circle-rnnoise';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The smallest output delay (in samples) with which every quantum's output is already processed:
 * the largest number of input samples ever waiting for their frame to fill. 448 for 480/128.
 */
export function delaySamples(frame: number = RNNOISE_FRAME, quantum: number = RENDER_QUANTUM): number {
  const period = (frame * quantum) / gcd(frame, quantum) / quantum;
  let most = 0;
  for (let m = 1; m <= period; m++) most = Math.max(most, (quantum * m) % frame);
  return most;
}

export class FrameRechunker {
  private readonly input: Float32Array;
  private filled = 0;
  /** Processed samples waiting to be played, as a ring. */
  private readonly ring: Float32Array;
  private readAt = 0;
  private available: number;
  /** Quanta that found too few processed samples (should stay 0). */
  underruns = 0;
  frames = 0;

  constructor(
    private readonly process: (frame: Float32Array) => void,
    readonly frameSize: number = RNNOISE_FRAME,
    readonly quantum: number = RENDER_QUANTUM,
  ) {
    this.input = new Float32Array(frameSize);
    this.available = delaySamples(frameSize, quantum);
    this.ring = new Float32Array(frameSize + quantum + this.available);
  }

  /** Added latency in samples. */
  get delay(): number {
    return delaySamples(this.frameSize, this.quantum);
  }

  /** Take one quantum of input (any length up to `quantum`), write the same length of output. */
  step(input: Float32Array | undefined, output: Float32Array): void {
    const n = output.length;
    for (let i = 0; i < n; i++) {
      this.input[this.filled++] = input ? (input[i] ?? 0) : 0;
      if (this.filled === this.frameSize) {
        this.process(this.input);
        this.frames++;
        this.enqueue(this.input);
        this.filled = 0;
      }
    }
    if (this.available < n) {
      this.underruns++;
      output.fill(0);
      return;
    }
    for (let i = 0; i < n; i++) {
      output[i] = this.ring[this.readAt] ?? 0;
      this.readAt = (this.readAt + 1) % this.ring.length;
    }
    this.available -= n;
  }

  private enqueue(frame: Float32Array): void {
    let writeAt = (this.readAt + this.available) % this.ring.length;
    for (let i = 0; i < frame.length; i++) {
      this.ring[writeAt] = frame[i] ?? 0;
      writeAt = (writeAt + 1) % this.ring.length;
    }
    this.available += frame.length;
  }
}

/** RNNoise expects 16-bit sample values in floats; Web Audio gives -1..1. */
export const PCM_SCALE = 32_768;
