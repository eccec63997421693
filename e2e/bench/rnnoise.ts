/**
 * bench:rnnoise: what noise suppression adds to the microphone path. The rechunking delay is exact
 * (448 samples: 480-sample RNNoise frames from 128-sample render quanta, client/src/net/effects/frames.ts);
 * the processing time is measured here on the same WebAssembly the worklet runs (rnnoise-sync.js,
 * in Node's V8, the engine of Chromium's worklet too): ms per 10 ms frame, i.e. the share of one core it takes. Writes .bench/rnnoise.json.
 */
import createRNNWasmModuleSync from '@jitsi/rnnoise-wasm/dist/rnnoise-sync.js';
// The worklet's figures (client/src/net/effects/frames.ts; the 448 is unit-tested in frames.test.ts).
const RNNOISE_FRAME = 480;
const RNNOISE_SAMPLE_RATE = 48_000;
const PCM_SCALE = 32_768;
const DELAY_SAMPLES = 448;
import { fmt, line, summarize, writeResult } from '../../server/bench/support/stats.js';

const FRAMES = 3000; // 30 s of audio
const wasm = createRNNWasmModuleSync();
const state = wasm._rnnoise_create();
const buffer = wasm._malloc(RNNOISE_FRAME * 4);
const at = buffer >> 2;

// Speech-like input: a 220 Hz voice with harmonics, on and off every half second, in steady noise.
let n = 0;
let seed = 42;
const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.05;
const times: number[] = [];
const denoise = (frame: Float32Array) => {
  for (let i = 0; i < frame.length; i++) wasm.HEAPF32[at + i] = (frame[i] ?? 0) * PCM_SCALE;
  const started = performance.now();
  wasm._rnnoise_process_frame(state, buffer, buffer);
  times.push(performance.now() - started);
  for (let i = 0; i < frame.length; i++) frame[i] = (wasm.HEAPF32[at + i] ?? 0) / PCM_SCALE;
};
const input = new Float32Array(RNNOISE_FRAME);
for (let f = 0; f < FRAMES; f++) {
  for (let i = 0; i < input.length; i++, n++) {
    const t = n / RNNOISE_SAMPLE_RATE;
    const voiced = Math.floor(t * 2) % 2 === 0;
    const voice = voiced ? 0.2 * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 440 * t)) : 0;
    input[i] = voice + noise();
  }
  denoise(input);
}
wasm._rnnoise_destroy(state);

const warm = summarize(times.slice(100));
const frameMs = (RNNOISE_FRAME / RNNOISE_SAMPLE_RATE) * 1000;
const delay = DELAY_SAMPLES;
console.log(`rechunking delay: ${delay} samples = ${fmt((delay / RNNOISE_SAMPLE_RATE) * 1000, 2)} ms at 48 kHz`);
console.log(`RNNoise per ${frameMs} ms frame: ${line(warm, 'ms', 3)}`);
console.log(`share of one core: ${fmt((warm.p50 / frameMs) * 100, 1)}% (p50)`);
const file = writeResult('rnnoise', {
  delaySamples: delay,
  delayMs: (delay / RNNOISE_SAMPLE_RATE) * 1000,
  frameMs,
  processMs: warm,
});
console.log(`wrote ${file}`);
