/**
 * The person's outgoing media effects: background blur/replacement on the camera, noise suppression
 * on the microphone. RoomClient asks for the track to send for each raw track (`videoFor`,
 * `audioFor`); when a choice or the group's rule changes, this hands the new track to `replace`,
 * which swaps it on the live producer. Failures fall back to the raw track for the microphone (never
 * silence) and to a fully blurred picture for the camera (never an unblurred one the person did not choose).
 */
import type { BackgroundPolicy, Role } from '@circle/shared';
import { useEffectsStore } from '../../stores/useEffectsStore';
import {
  type BackgroundChoice,
  type BrowserAbilities,
  type EffectPrefs,
  type Support,
  allowedBackgrounds,
  backgroundSupport,
  effectiveBackground,
  loadPrefs,
  noiseSupport,
  savePrefs,
} from './policy';
import type { BackgroundPipeline, BackgroundStats } from './BackgroundPipeline';
import type { NoisePipeline, NoiseStats } from './NoisePipeline';

/** What the effects need of a media track (a `MediaStreamTrack` in the browser). */
export interface TrackLike {
  readonly id: string;
  stop(): void;
}

/** The browser side, injected so the decisions here can be tested with fakes. */
export interface EffectsPlatform<T extends TrackLike = MediaStreamTrack> {
  abilities(): BrowserAbilities;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  createBackground(mode: 'blur' | 'replace', onFailed: (err: unknown) => void): BackgroundPipelineLike<T>;
  createNoise(): Promise<NoisePipelineLike<T>>;
}

export interface BackgroundPipelineLike<T extends TrackLike = MediaStreamTrack> extends Pick<
  BackgroundPipeline,
  'setMode' | 'setSending' | 'stop'
> {
  readonly output: T;
  readonly stats: BackgroundStats;
  setInput(track: T): void;
}
export interface NoisePipelineLike<T extends TrackLike = MediaStreamTrack> extends Pick<NoisePipeline, 'close'> {
  readonly output: T;
  readonly stats: NoiseStats;
  setInput(track: T): void;
}

export type ReplaceTrack<T extends TrackLike = MediaStreamTrack> = (kind: 'audio' | 'video', track: T) => Promise<void>;

export interface EffectsDiagnostics {
  background: BackgroundChoice;
  rawVideoId: string | null;
  outgoingVideoId: string | null;
  rawAudioId: string | null;
  outgoingAudioId: string | null;
  video: BackgroundStats | null;
  audio: NoiseStats | null;
}

export class OutgoingEffects<T extends TrackLike = MediaStreamTrack> {
  private prefs: EffectPrefs;
  private rawVideo: T | null = null;
  private rawAudio: T | null = null;
  private background: BackgroundPipelineLike<T> | null = null;
  private noise: NoisePipelineLike<T> | null = null;
  private noiseStarting: Promise<NoisePipelineLike<T> | null> | null = null;
  private rule: { policy: BackgroundPolicy | undefined; role: Role | undefined } = {
    policy: undefined,
    role: undefined,
  };
  private readonly bgSupport: Support;
  private readonly nsSupport: Support;
  replace: ReplaceTrack<T> = async () => undefined;

  constructor(
    private readonly platform: EffectsPlatform<T>,
    /** The processed camera track while a background effect is on (null: the raw camera is sent). */
    private readonly onOutgoingVideo: (track: T | null) => void = () => undefined,
  ) {
    this.prefs = loadPrefs(platform.storage);
    const abilities = platform.abilities();
    this.bgSupport = backgroundSupport(abilities);
    this.nsSupport = noiseSupport(abilities);
    useEffectsStore.setState({
      background: this.prefs.background,
      noiseSuppression: this.prefs.noiseSuppression,
      backgroundUnsupported: this.bgSupport.ok ? null : this.bgSupport.reason,
      noiseUnsupported: this.nsSupport.ok ? null : this.nsSupport.reason,
    });
  }

  /** What the camera sends: the raw track, or the processed one while a background effect is on. */
  videoFor(raw: T | undefined): T | undefined {
    this.rawVideo = raw ?? null;
    if (!raw) return undefined;
    const mode = this.backgroundMode();
    if (mode === 'none') {
      this.stopBackground();
      return raw;
    }
    if (!this.background) {
      this.background = this.platform.createBackground(mode, () => {
        useEffectsStore.setState({
          backgroundState: 'unavailable',
          message: 'backgroundFailed',
        });
      });
      this.onOutgoingVideo(this.background.output);
    }
    this.background.setMode(mode);
    this.background.setInput(raw);
    useEffectsStore.setState({ backgroundState: 'on' });
    return this.background.output;
  }

  /** What the microphone sends: the denoised track, or the raw one (effect off, or it could not start). */
  async audioFor(raw: T | undefined): Promise<T | undefined> {
    this.rawAudio = raw ?? null;
    if (!raw) return undefined;
    if (!this.prefs.noiseSuppression || !this.nsSupport.ok) {
      this.stopNoise();
      return raw;
    }
    const noise = await this.startNoise();
    if (!noise || this.rawAudio !== raw || !this.prefs.noiseSuppression) return this.rawAudio ?? raw;
    noise.setInput(raw);
    return noise.output;
  }

  /** The camera is paused or sends again: the processing rests meanwhile. */
  cameraSending(on: boolean): void {
    this.background?.setSending(on);
  }

  async setBackground(choice: BackgroundChoice): Promise<void> {
    this.prefs = { ...this.prefs, background: choice };
    savePrefs(this.platform.storage, this.prefs);
    useEffectsStore.setState({ background: choice, message: null });
    await this.reapplyVideo();
  }

  async setNoiseSuppression(on: boolean): Promise<void> {
    this.prefs = { ...this.prefs, noiseSuppression: on };
    savePrefs(this.platform.storage, this.prefs);
    useEffectsStore.setState({ noiseSuppression: on, message: null });
    const track = await this.audioFor(this.rawAudio ?? undefined);
    if (track) await this.replace('audio', track);
    if (!on) this.stopNoise();
  }

  /** The room view changed: apply the group's backgrounds rule (and the viewer's role) if it changed. */
  async applyRule(policy: BackgroundPolicy | undefined, role: Role | undefined): Promise<void> {
    if (this.rule.policy === policy && this.rule.role === role) return;
    const before = this.backgroundMode();
    this.rule = { policy, role };
    const after = this.backgroundMode();
    if (before === after) return;
    if (this.prefs.background !== 'none' && after !== this.prefs.background) {
      useEffectsStore.setState({
        message: after === 'none' ? 'ruleNone' : 'ruleBlurOnly',
      });
    }
    await this.reapplyVideo();
  }

  /** Stop everything (leaving the room). */
  stop(): void {
    this.stopBackground();
    this.stopNoise();
  }

  diagnostics(): EffectsDiagnostics {
    return {
      background: this.backgroundMode(),
      rawVideoId: this.rawVideo?.id ?? null,
      outgoingVideoId: this.background?.output.id ?? this.rawVideo?.id ?? null,
      rawAudioId: this.rawAudio?.id ?? null,
      outgoingAudioId: this.noise?.output.id ?? this.rawAudio?.id ?? null,
      video: this.background ? { ...this.background.stats } : null,
      audio: this.noise ? { ...this.noise.stats } : null,
    };
  }

  private backgroundMode(): BackgroundChoice {
    if (!this.bgSupport.ok) return 'none';
    return effectiveBackground(this.prefs.background, allowedBackgrounds(this.rule.policy, this.rule.role));
  }

  private async reapplyVideo(): Promise<void> {
    if (!this.rawVideo) {
      if (this.backgroundMode() === 'none') this.stopBackground();
      return;
    }
    const previous = this.background?.output;
    const track = this.videoFor(this.rawVideo);
    if (track) await this.replace('video', track);
    if (previous && previous !== track) previous.stop();
  }

  private startNoise(): Promise<NoisePipelineLike<T> | null> {
    if (this.noise) return Promise.resolve(this.noise);
    useEffectsStore.setState({ noiseState: 'starting' });
    this.noiseStarting ??= this.platform.createNoise().then(
      (n) => {
        this.noiseStarting = null;
        if (!this.prefs.noiseSuppression) {
          n.close();
          useEffectsStore.setState({ noiseState: 'off' });
          return null;
        }
        this.noise = n;
        useEffectsStore.setState({ noiseState: 'on' });
        return n;
      },
      (err: unknown) => {
        this.noiseStarting = null;
        console.warn('noise suppression could not start', err);
        useEffectsStore.setState({
          noiseState: 'unavailable',
          message: 'noiseFailed',
        });
        return null;
      },
    );
    return this.noiseStarting;
  }

  private stopBackground(): void {
    if (!this.background) return;
    const b = this.background;
    this.background = null;
    // Stopped after the raw track replaced it on the producer (reapplyVideo), or now when nothing sends it.
    setTimeout(() => b.stop(), 0);
    useEffectsStore.setState({ backgroundState: 'off' });
    this.onOutgoingVideo(null);
  }

  private stopNoise(): void {
    if (!this.noise) return;
    const n = this.noise;
    this.noise = null;
    setTimeout(() => n.close(), 0);
    useEffectsStore.setState({ noiseState: 'off' });
  }
}
