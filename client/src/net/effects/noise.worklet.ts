/**
 * The AudioWorklet that denoises the microphone with RNNoise: mono, 48 kHz, 480-sample frames,
 * collected from 128-sample render quanta (see frames.ts). Built by Vite as its own ES module
 * (`?worker&url`) and loaded from this origin; the WebAssembly is inlined in it.
 * Reports to the page about once a second: frames processed, mean voice probability, underruns.
 */
import createRNNWasmModuleSync from '@jitsi/rnnoise-wasm/dist/rnnoise-sync.js';
import { FrameRechunker, NOISE_PROCESSOR, PCM_SCALE, RNNOISE_FRAME } from './frames';

// The AudioWorkletGlobalScope's names (not in TypeScript's DOM library).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

const REPORT_EVERY_FRAMES = 100;

class RnnoiseProcessor extends AudioWorkletProcessor {
  private readonly wasm = createRNNWasmModuleSync();
  private readonly state = this.wasm._rnnoise_create();
  private readonly buffer = this.wasm._malloc(RNNOISE_FRAME * 4);
  private readonly rechunker = new FrameRechunker((frame) => this.denoise(frame));
  private vadSum = 0;
  private bypass = false;
  private closed = false;

  constructor() {
    super();
    if (sampleRate !== 48_000) this.port.postMessage({ type: 'error', message: `sample rate ${sampleRate}` });
    this.port.onmessage = (e: MessageEvent<{ type: 'bypass'; on: boolean } | { type: 'close' }>) => {
      if (e.data.type === 'bypass') this.bypass = e.data.on;
      if (e.data.type === 'close') this.close();
    };
    this.port.postMessage({ type: 'ready', delaySamples: this.rechunker.delay });
  }

  private denoise(frame: Float32Array): void {
    if (this.bypass) return;
    const at = this.buffer >> 2;
    const heap = this.wasm.HEAPF32;
    for (let i = 0; i < frame.length; i++) heap[at + i] = (frame[i] ?? 0) * PCM_SCALE;
    this.vadSum += this.wasm._rnnoise_process_frame(this.state, this.buffer, this.buffer);
    for (let i = 0; i < frame.length; i++) frame[i] = (heap[at + i] ?? 0) / PCM_SCALE;
    if (this.rechunker.frames % REPORT_EVERY_FRAMES === REPORT_EVERY_FRAMES - 1) {
      this.port.postMessage({
        type: 'stats',
        frames: this.rechunker.frames + 1,
        voice: this.vadSum / REPORT_EVERY_FRAMES,
        underruns: this.rechunker.underruns,
      });
      this.vadSum = 0;
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wasm._rnnoise_destroy(this.state);
    this.wasm._free(this.buffer);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.closed) return false;
    const output = outputs[0]?.[0];
    if (output) this.rechunker.step(inputs[0]?.[0], output);
    return true;
  }
}

registerProcessor(NOISE_PROCESSOR, RnnoiseProcessor);
