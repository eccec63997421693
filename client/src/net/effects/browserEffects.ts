/** The effects wired to the real browser: ability probes, localStorage, and the two pipelines. */
import { BackgroundPipeline } from './BackgroundPipeline';
import { NoisePipeline } from './NoisePipeline';
import { type EffectsPlatform, OutgoingEffects } from './OutgoingEffects';
import { SIMD_PROBE, type BrowserAbilities } from './policy';
import { createSegmenter } from './segmenter';
import { useEffectsStore } from '../../stores/useEffectsStore';
import { NOISE_WORKLET_URL } from './workletUrl';

function probeAbilities(): BrowserAbilities {
  const webAssembly = typeof WebAssembly === 'object';
  let wasmSimd: boolean;
  let webgl2: boolean;
  try {
    wasmSimd = webAssembly && WebAssembly.validate(SIMD_PROBE);
  } catch {
    wasmSimd = false;
  }
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    webgl2 = !!gl;
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    webgl2 = false;
  }
  return {
    webAssembly,
    wasmSimd,
    webgl2,
    canvasCaptureStream: typeof HTMLCanvasElement.prototype.captureStream === 'function',
    audioWorklet: typeof AudioWorkletNode === 'function',
  };
}

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const browserPlatform: EffectsPlatform = {
  abilities: probeAbilities,
  storage: localStore(),
  createBackground: (mode, onFailed) => new BackgroundPipeline(mode, createSegmenter(), onFailed),
  createNoise: () => NoisePipeline.create(NOISE_WORKLET_URL),
};

export function createBrowserEffects(): OutgoingEffects {
  return new OutgoingEffects(browserPlatform, (track) => useEffectsStore.setState({ outgoingVideo: track }));
}
