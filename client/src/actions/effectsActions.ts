/**
 * The person's media effects by name: blur or replace the background, noise suppression. What the
 * group allows is decided by `allowedBackgrounds` (re-exported for the screens that hide options).
 */
import type { BackgroundChoice } from '../net/effects/policy';

export { allowedBackgrounds, type AllowedBackgrounds, type BackgroundChoice } from '../net/effects/policy';

/** The part of the room client that owns the effects. */
export interface EffectsControl {
  setBackground(choice: BackgroundChoice): Promise<void>;
  setNoiseSuppression(on: boolean): Promise<void>;
}

export function createEffectsActions(effects: () => EffectsControl) {
  return {
    setBackground: (choice: BackgroundChoice) => effects().setBackground(choice),
    setNoiseSuppression: (on: boolean) => effects().setNoiseSuppression(on),
  };
}
