import { create } from 'zustand';
import type { BackgroundChoice, EffectsMessage, UnsupportedReason } from '../net/effects/policy';

export type EffectState = 'off' | 'starting' | 'on' | 'unavailable';

interface EffectsStore {
  /** The person's choices (remembered in this browser). */
  background: BackgroundChoice;
  noiseSuppression: boolean;
  /** What is being sent now. */
  backgroundState: EffectState;
  noiseState: EffectState;
  /** Why an effect cannot run in this browser (null: it can). */
  backgroundUnsupported: UnsupportedReason | null;
  noiseUnsupported: UnsupportedReason | null;
  /** A problem to show beside the switches (a failure, or the group's rule changing a choice): a catalogue key. */
  message: EffectsMessage | null;
  /** The processed camera track while a background effect is on, for a self-view that shows what others see. */
  outgoingVideo: MediaStreamTrack | null;
}

export const useEffectsStore = create<EffectsStore>(() => ({
  background: 'none',
  noiseSuppression: true,
  backgroundState: 'off',
  noiseState: 'off',
  backgroundUnsupported: null,
  noiseUnsupported: null,
  message: null,
  outgoingVideo: null,
}));
