/** The RNNoise build the noise-suppression worklet runs (see client/src/net/effects/vendor.d.ts). */
declare module '@jitsi/rnnoise-wasm/dist/rnnoise-sync.js' {
  const createRNNWasmModuleSync: () => {
    HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _rnnoise_create(model?: number): number;
    _rnnoise_destroy(state: number): void;
    _rnnoise_process_frame(state: number, output: number, input: number): number;
  };
  export default createRNNWasmModuleSync;
}
