/**
 * Camera track → person mask (MediaPipe, beside the render loop, on the latest frame) → canvas
 * composite (the person over a blurred copy of the frame, or over a calm drawn background) →
 * `canvas.captureStream()`: the track that is published. What each frame shows is decided by
 * `planFrame` (composite.ts): without a fresh mask the whole frame is background.
 */
import {
  BLUR_DOWNSCALE,
  OUTPUT_FPS,
  REPLACEMENT_GRADIENT,
  type BackgroundMode,
  nextFrameDelay,
  segmentWait,
  planFrame,
  processingSize,
} from './composite';
import type { Segmenter } from './segmenter';

/** Masks are kept this small: scaling them up softens the person's edge. */
const MASK_WIDTH = 256;
/** Every this many masks, how much of the frame the person covers is measured (diagnostics). */
const COVERAGE_EVERY = 10;

export interface BackgroundStats {
  segmenter: 'loading' | 'ready' | 'failed';
  framesOut: number;
  framesWithPerson: number;
  masks: number;
  /** Mean time of one segmentation and of one composite, ms. */
  segmentMs: number;
  composeMs: number;
  /** Share of the frame the last measured mask calls "person", 0..1. */
  personCoverage: number | null;
  width: number;
  height: number;
}

function canvas2d(width = 2, height = 2): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: true });
  if (!ctx) throw new Error('no 2D canvas');
  return [canvas, ctx];
}

export class BackgroundPipeline {
  private readonly video = document.createElement('video');
  private readonly out: [HTMLCanvasElement, CanvasRenderingContext2D];
  private readonly small: [HTMLCanvasElement, CanvasRenderingContext2D];
  private readonly mask: [HTMLCanvasElement, CanvasRenderingContext2D];
  private readonly backdrop: [HTMLCanvasElement, CanvasRenderingContext2D];
  private readonly probe: [HTMLCanvasElement, CanvasRenderingContext2D];
  private maskAt: number | null = null;
  private segmenter: Segmenter | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;
  private stopped = false;
  private sending = true;
  readonly output: MediaStreamTrack;
  readonly stats: BackgroundStats = {
    segmenter: 'loading',
    framesOut: 0,
    framesWithPerson: 0,
    masks: 0,
    segmentMs: 0,
    composeMs: 0,
    personCoverage: null,
    width: 0,
    height: 0,
  };

  constructor(
    private mode: BackgroundMode,
    segmenter: Promise<Segmenter>,
    private readonly onSegmenterFailed: (err: unknown) => void = () => undefined,
  ) {
    this.video.muted = true;
    this.video.playsInline = true;
    this.out = canvas2d();
    this.small = canvas2d();
    this.mask = canvas2d();
    this.backdrop = canvas2d();
    this.probe = canvas2d(32, 18);
    const track = this.out[0].captureStream(OUTPUT_FPS).getVideoTracks()[0];
    if (!track) throw new Error('canvas.captureStream gave no track');
    this.output = track;
    this.resize(640, 360);
    segmenter.then(
      (s) => {
        if (this.stopped) return s.close();
        this.segmenter = s;
        this.stats.segmenter = 'ready';
        void this.segmentLoop();
      },
      (err: unknown) => {
        this.stats.segmenter = 'failed';
        this.onSegmenterFailed(err);
      },
    );
    this.due = performance.now();
    this.tick();
  }

  setInput(track: MediaStreamTrack): void {
    const { width = 640, height = 360 } = track.getSettings();
    this.resize(width, height);
    this.video.srcObject = new MediaStream([track]);
    void this.video.play().catch(() => undefined);
  }

  setMode(mode: BackgroundMode): void {
    this.mode = mode;
  }

  /** The camera is paused (stopped by the person or the therapist): no work until it sends again. */
  setSending(on: boolean): void {
    this.sending = on;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.output.stop();
    this.video.srcObject = null;
    this.segmenter?.close();
  }

  private resize(width: number, height: number): void {
    const size = processingSize(width, height);
    const [out] = this.out;
    if (out.width === size.width && out.height === size.height) return;
    out.width = size.width;
    out.height = size.height;
    this.stats.width = size.width;
    this.stats.height = size.height;
    this.small[0].width = Math.max(2, Math.round(size.width / BLUR_DOWNSCALE));
    this.small[0].height = Math.max(2, Math.round(size.height / BLUR_DOWNSCALE));
    this.mask[0].width = MASK_WIDTH;
    this.mask[0].height = Math.max(2, Math.round((MASK_WIDTH * size.height) / size.width));
    const [bd, bctx] = this.backdrop;
    bd.width = size.width;
    bd.height = size.height;
    const gradient = bctx.createLinearGradient(0, 0, 0, size.height);
    gradient.addColorStop(0, REPLACEMENT_GRADIENT[0]);
    gradient.addColorStop(1, REPLACEMENT_GRADIENT[1]);
    bctx.fillStyle = gradient;
    bctx.fillRect(0, 0, size.width, size.height);
    this.maskAt = null;
  }

  private tick = (): void => {
    if (this.stopped) return;
    const now = performance.now();
    if (this.sending && this.video.readyState >= 2) this.compose(now);
    const next = nextFrameDelay(performance.now(), this.due);
    this.due = next.dueMs;
    this.timer = setTimeout(this.tick, next.delayMs);
  };

  private compose(now: number): void {
    const started = performance.now();
    const [out, ctx] = this.out;
    const { width, height } = out;
    const plan = planFrame(this.mode, this.maskAt === null ? null : now - this.maskAt);
    let background: HTMLCanvasElement = this.backdrop[0];
    if (plan.background === 'blurred-frame') {
      const [small, sctx] = this.small;
      sctx.filter = 'blur(2px)';
      sctx.drawImage(this.video, 0, 0, small.width, small.height);
      background = small;
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    if (plan.person) {
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(this.mask[0], 0, 0, width, height);
      ctx.globalCompositeOperation = 'source-in';
      ctx.drawImage(this.video, 0, 0, width, height);
      ctx.globalCompositeOperation = 'destination-over';
      ctx.drawImage(background, 0, 0, width, height);
      this.stats.framesWithPerson++;
    } else {
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(background, 0, 0, width, height);
    }
    ctx.globalCompositeOperation = 'source-over';
    this.stats.framesOut++;
    this.stats.composeMs += (performance.now() - started - this.stats.composeMs) / Math.min(this.stats.framesOut, 50);
  }

  private async segmentLoop(): Promise<void> {
    const segmenter = this.segmenter;
    if (!segmenter) return;
    while (!this.stopped) {
      const started = performance.now();
      if (this.sending && this.video.readyState >= 2) {
        try {
          await segmenter.segment(this.video, (m) => this.takeMask(m, started));
        } catch (err) {
          this.stats.segmenter = 'failed';
          this.maskAt = null;
          this.onSegmenterFailed(err);
          return;
        }
        const took = performance.now() - started;
        this.stats.masks++;
        this.stats.segmentMs += (took - this.stats.segmentMs) / Math.min(this.stats.masks, 50);
      }
      const wait = segmentWait(performance.now() - started);
      await new Promise((r) => setTimeout(r, this.sending ? wait : 200));
    }
  }

  /** Keep a softened copy of the mask (MediaPipe reuses its own); `capturedAt`: when its frame was taken. */
  private takeMask(mask: CanvasImageSource, capturedAt: number): void {
    const [m, mctx] = this.mask;
    mctx.globalCompositeOperation = 'copy';
    mctx.filter = 'blur(1px)';
    mctx.drawImage(mask, 0, 0, m.width, m.height);
    mctx.filter = 'none';
    this.maskAt = capturedAt;
    if (this.stats.masks % COVERAGE_EVERY === 0) {
      const [p, pctx] = this.probe;
      pctx.globalCompositeOperation = 'copy';
      pctx.drawImage(m, 0, 0, p.width, p.height);
      const data = pctx.getImageData(0, 0, p.width, p.height).data;
      let alpha = 0;
      for (let i = 3; i < data.length; i += 4) alpha += data[i] ?? 0;
      this.stats.personCoverage = alpha / (255 * p.width * p.height);
    }
  }
}
