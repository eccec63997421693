/** The RNNoise build whose WebAssembly is inlined (synchronous start, as an AudioWorklet needs). */
declare module '@jitsi/rnnoise-wasm/dist/rnnoise-sync.js' {
  export interface RnnoiseModule {
    HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    _rnnoise_create(model?: number): number;
    _rnnoise_destroy(state: number): void;
    /** Denoises `input` into `output` (may be the same buffer); returns the voice probability 0..1. */
    _rnnoise_process_frame(state: number, output: number, input: number): number;
  }
  const createRNNWasmModuleSync: (options?: object) => RnnoiseModule;
  export default createRNNWasmModuleSync;
}
