/**
 * MediaPipe selfie segmentation, loaded from this origin (/vendor/mediapipe/selfie_segmentation/,
 * copied from the npm package by client/vite.config.ts). Its script is a classic script that sets
 * `window.SelfieSegmentation`, and fetches its WebAssembly, graph and model beside it.
 */
import type { SelfieSegmentation } from '@mediapipe/selfie_segmentation';

export const SEGMENTATION_BASE = `${import.meta.env.BASE_URL}vendor/mediapipe/selfie_segmentation/`;

/**
 * A person mask for one frame, opaque where the person is. The mask is only valid inside `onMask`
 * (MediaPipe reuses it): draw it somewhere there.
 */
export interface Segmenter {
  segment(frame: HTMLVideoElement, onMask: (mask: CanvasImageSource) => void): Promise<void>;
  close(): void;
}

let scriptLoad: Promise<void> | null = null;

function loadScript(src: string): Promise<void> {
  scriptLoad ??= new Promise<void>((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.async = true;
    el.onload = () => resolve();
    el.onerror = () => {
      scriptLoad = null;
      reject(new Error(`could not load ${src}`));
    };
    document.head.appendChild(el);
  });
  return scriptLoad;
}

export async function createSegmenter(base: string = SEGMENTATION_BASE): Promise<Segmenter> {
  await loadScript(`${base}selfie_segmentation.js`);
  const Ctor = (window as Window & { SelfieSegmentation?: typeof SelfieSegmentation }).SelfieSegmentation;
  if (!Ctor) throw new Error('selfie segmentation did not load');
  const solution = new Ctor({ locateFile: (file) => `${base}${file}` });
  // 1: the landscape model (144×256), made for video calls and the faster of the two.
  solution.setOptions({ modelSelection: 1, selfieMode: false });
  let deliver: ((mask: CanvasImageSource) => void) | null = null;
  solution.onResults((results) => deliver?.(results.segmentationMask));
  await solution.initialize();
  return {
    async segment(frame, onMask) {
      deliver = onMask;
      try {
        await solution.send({ image: frame });
      } finally {
        deliver = null;
      }
    },
    close() {
      void solution.close().catch(() => undefined);
    },
  };
}
