/**
 * Which track is sent, decided by the person's choices, the group's rule and what could start —
 * against fake pipelines (the real ones run in Chromium: e2e/tests/effects.e2e.ts).
 */
import { vi, beforeEach, describe, expect, it } from 'vitest';
import { OutgoingEffects, type EffectsPlatform, type TrackLike } from './OutgoingEffects';
import { PREFS_KEY, type BrowserAbilities } from './policy';
import { useEffectsStore } from '../../stores/useEffectsStore';
import type { BackgroundStats } from './BackgroundPipeline';
import type { NoiseStats } from './NoisePipeline';

class FakeTrack implements TrackLike {
  stopped = false;
  constructor(readonly id: string) {}
  stop(): void {
    this.stopped = true;
  }
}

const BG_STATS: BackgroundStats = {
  segmenter: 'ready',
  framesOut: 0,
  framesWithPerson: 0,
  masks: 0,
  segmentMs: 0,
  composeMs: 0,
  personCoverage: null,
  width: 640,
  height: 360,
};
const NS_STATS: NoiseStats = { frames: 0, voice: 0, underruns: 0, delaySamples: 448 };

class FakeBackground {
  readonly output = new FakeTrack('canvas-video');
  readonly stats = BG_STATS;
  input: FakeTrack | null = null;
  mode: 'blur' | 'replace';
  sending = true;
  stopped = false;
  constructor(mode: 'blur' | 'replace') {
    this.mode = mode;
  }
  setInput(t: FakeTrack): void {
    this.input = t;
  }
  setMode(m: 'blur' | 'replace'): void {
    this.mode = m;
  }
  setSending(on: boolean): void {
    this.sending = on;
  }
  stop(): void {
    this.stopped = true;
  }
}

class FakeNoise {
  readonly output = new FakeTrack('worklet-audio');
  readonly stats = NS_STATS;
  input: FakeTrack | null = null;
  closed = false;
  setInput(t: FakeTrack): void {
    this.input = t;
  }
  close(): void {
    this.closed = true;
  }
}

const ABLE: BrowserAbilities = {
  webAssembly: true,
  wasmSimd: true,
  webgl2: true,
  canvasCaptureStream: true,
  audioWorklet: true,
};

function setup(options: { abilities?: Partial<BrowserAbilities>; stored?: object; noiseFails?: boolean } = {}) {
  const items = new Map<string, string>();
  if (options.stored) items.set(PREFS_KEY, JSON.stringify(options.stored));
  const made = { backgrounds: [] as FakeBackground[], noises: [] as FakeNoise[] };
  const platform: EffectsPlatform<FakeTrack> = {
    abilities: () => ({ ...ABLE, ...options.abilities }),
    storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) },
    createBackground: (mode) => {
      const b = new FakeBackground(mode);
      made.backgrounds.push(b);
      return b;
    },
    createNoise: async () => {
      if (options.noiseFails) throw new Error('AudioWorklet refused');
      const n = new FakeNoise();
      made.noises.push(n);
      return n;
    },
  };
  const replaced: { kind: string; id: string }[] = [];
  const effects = new OutgoingEffects(platform);
  effects.replace = async (kind, track) => void replaced.push({ kind, id: track.id });
  return { effects, made, replaced, items };
}

const camera = new FakeTrack('raw-camera');
const mic = new FakeTrack('raw-mic');

beforeEach(() => useEffectsStore.setState({ message: null, backgroundState: 'off', noiseState: 'off' }));

describe('the microphone', () => {
  it('is sent through noise suppression by default', async () => {
    const { effects, made } = setup();
    expect((await effects.audioFor(mic))?.id).toBe('worklet-audio');
    expect(made.noises[0]?.input).toBe(mic);
    expect(useEffectsStore.getState().noiseState).toBe('on');
  });

  it('switching it off sends the raw microphone on the live producer, and is remembered', async () => {
    const { effects, made, replaced, items } = setup();
    await effects.audioFor(mic);
    await effects.setNoiseSuppression(false);
    expect(replaced).toEqual([{ kind: 'audio', id: 'raw-mic' }]);
    await vi.waitFor(() => expect(made.noises[0]?.closed).toBe(true));
    expect(JSON.parse(items.get(PREFS_KEY) ?? '{}')).toMatchObject({ noiseSuppression: false });
  });

  it('if the worklet cannot start, the raw microphone is sent (never silence) and the person is told', async () => {
    const { effects } = setup({ noiseFails: true });
    expect((await effects.audioFor(mic))?.id).toBe('raw-mic');
    expect(useEffectsStore.getState().noiseState).toBe('unavailable');
    expect(useEffectsStore.getState().message).toBe('noiseFailed');
  });

  it('a browser without AudioWorklet sends the raw microphone and says why', async () => {
    const { effects, made } = setup({ abilities: { audioWorklet: false } });
    expect((await effects.audioFor(mic))?.id).toBe('raw-mic');
    expect(made.noises).toHaveLength(0);
    expect(useEffectsStore.getState().noiseUnsupported).toBe('noNoise');
  });
});

describe('the camera', () => {
  it('is sent as it is until the person chooses an effect', () => {
    const { effects, made } = setup();
    expect(effects.videoFor(camera)?.id).toBe('raw-camera');
    expect(made.backgrounds).toHaveLength(0);
  });

  it('choosing blur swaps the processed track onto the live producer', async () => {
    const { effects, made, replaced } = setup();
    effects.videoFor(camera);
    await effects.setBackground('blur');
    expect(replaced).toEqual([{ kind: 'video', id: 'canvas-video' }]);
    expect(made.backgrounds[0]?.input).toBe(camera);
    expect(effects.diagnostics()).toMatchObject({ rawVideoId: 'raw-camera', outgoingVideoId: 'canvas-video' });
  });

  it('a remembered blur applies from the first published frame', () => {
    const { effects } = setup({ stored: { background: 'blur', noiseSuppression: true } });
    expect(effects.videoFor(camera)?.id).toBe('canvas-video');
  });

  it('blur to replace keeps the same track; off sends the raw camera and stops the pipeline', async () => {
    const { effects, made, replaced } = setup();
    effects.videoFor(camera);
    await effects.setBackground('blur');
    await effects.setBackground('replace');
    expect(made.backgrounds).toHaveLength(1);
    expect(made.backgrounds[0]?.mode).toBe('replace');
    await effects.setBackground('none');
    expect(replaced.at(-1)).toEqual({ kind: 'video', id: 'raw-camera' });
    expect(made.backgrounds[0]?.output.stopped).toBe(true);
  });

  it('a group that allows blur only turns a member’s replacement into a blur, and says so', async () => {
    const { effects, made } = setup({ stored: { background: 'replace', noiseSuppression: true } });
    effects.videoFor(camera);
    await effects.applyRule('blur-only', 'member');
    expect(made.backgrounds[0]?.mode).toBe('blur');
    expect(useEffectsStore.getState().message).toBe('ruleBlurOnly');
  });

  it('a group that allows no effects sends a member’s raw camera; a therapist keeps theirs', async () => {
    const member = setup({ stored: { background: 'blur', noiseSuppression: true } });
    member.effects.videoFor(camera);
    await member.effects.applyRule('none', 'member');
    expect(member.replaced.at(-1)).toEqual({ kind: 'video', id: 'raw-camera' });

    const therapist = setup({ stored: { background: 'blur', noiseSuppression: true } });
    therapist.effects.videoFor(camera);
    await therapist.effects.applyRule('none', 'therapist');
    expect(therapist.replaced).toEqual([]);
    expect(therapist.effects.diagnostics().outgoingVideoId).toBe('canvas-video');
  });

  it('without WebAssembly SIMD the camera is sent as it is and the switches say why', async () => {
    const { effects, made } = setup({ abilities: { wasmSimd: false } });
    await effects.setBackground('blur');
    expect(effects.videoFor(camera)?.id).toBe('raw-camera');
    expect(made.backgrounds).toHaveLength(0);
    expect(useEffectsStore.getState().backgroundUnsupported).toBe('noSimd');
  });

  it('a paused camera rests the pipeline', async () => {
    const { effects, made } = setup();
    effects.videoFor(camera);
    await effects.setBackground('blur');
    effects.cameraSending(false);
    expect(made.backgrounds[0]?.sending).toBe(false);
  });
});
