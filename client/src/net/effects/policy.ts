/**
 * What each person may use and has chosen, as plain functions: the group's backgrounds rule, the
 * person's remembered choices, and what this browser can do. No DOM here beyond a `Storage`.
 */
import type { BackgroundPolicy, Role } from '@circle/shared';
import { assertNever } from '@circle/shared/constants';
import type { Catalogue } from '@circle/shared/i18n';

/** What the person's outgoing camera shows behind them. */
export const BackgroundChoice = { none: 'none', blur: 'blur', replace: 'replace' } as const;
export type BackgroundChoice = (typeof BackgroundChoice)[keyof typeof BackgroundChoice];

export interface EffectPrefs {
  /**
   * Off until the person chooses: segmentation costs a phone's CPU for the whole session (see
   * BENCHMARKS.md), and the person should see their own choice, not find it made for them.
   */
  background: BackgroundChoice;
  /** On unless switched off. */
  noiseSuppression: boolean;
}

export const DEFAULT_PREFS: EffectPrefs = { background: 'none', noiseSuppression: true };

export const PREFS_KEY = 'circle.effects';

/** The person's remembered choices; anything unreadable gives the defaults. */
export function loadPrefs(storage: Pick<Storage, 'getItem'> | null): EffectPrefs {
  try {
    const raw = storage?.getItem(PREFS_KEY);
    if (!raw) return DEFAULT_PREFS;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_PREFS;
    const p = parsed as Record<string, unknown>;
    const background = Object.values(BackgroundChoice).find((c) => c === p.background) ?? DEFAULT_PREFS.background;
    const noiseSuppression =
      typeof p.noiseSuppression === 'boolean' ? p.noiseSuppression : DEFAULT_PREFS.noiseSuppression;
    return { background, noiseSuppression };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function savePrefs(storage: Pick<Storage, 'setItem'> | null, prefs: EffectPrefs): void {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
}

export interface AllowedBackgrounds {
  blur: boolean;
  replace: boolean;
}

/**
 * The group's rule binds members ("Members' backgrounds" in the group's settings); therapists and
 * supervisors may always blur or replace. No room view yet (before joining): the room's default.
 */
export function allowedBackgrounds(policy: BackgroundPolicy | undefined, role: Role | undefined): AllowedBackgrounds {
  if (role === 'therapist' || role === 'supervisor') return { blur: true, replace: true };
  const rule = policy ?? 'blur-or-replace';
  switch (rule) {
    case 'blur-or-replace':
      return { blur: true, replace: true };
    case 'blur-only':
      return { blur: true, replace: false };
    case 'none':
      return { blur: false, replace: false };
    default:
      return assertNever(rule);
  }
}

/**
 * What is actually sent: the choice where the group allows it. A replaced background the group does
 * not allow becomes a blurred one where blur is allowed (the person keeps their privacy), else none.
 */
export function effectiveBackground(choice: BackgroundChoice, allowed: AllowedBackgrounds): BackgroundChoice {
  if (choice === 'replace') return allowed.replace ? 'replace' : allowed.blur ? 'blur' : 'none';
  if (choice === 'blur') return allowed.blur ? 'blur' : 'none';
  return 'none';
}

/** What this browser offers, probed once (see `probeSupport`). */
export interface BrowserAbilities {
  webAssembly: boolean;
  wasmSimd: boolean;
  webgl2: boolean;
  canvasCaptureStream: boolean;
  audioWorklet: boolean;
}

/** Why an effect cannot run here: a key of the catalogue's `effects.unsupported` (the screen words it). */
export type UnsupportedReason = keyof Catalogue['effects']['unsupported'];
/** What happened to an effect: a key of the catalogue's `effects.messages`. */
export type EffectsMessage = keyof Catalogue['effects']['messages'];

export type Support = { ok: true } | { ok: false; reason: UnsupportedReason };

export function backgroundSupport(a: BrowserAbilities): Support {
  if (!a.webAssembly) return { ok: false, reason: 'noWasm' };
  if (!a.wasmSimd) return { ok: false, reason: 'noSimd' };
  if (!a.webgl2) return { ok: false, reason: 'noWebgl2' };
  if (!a.canvasCaptureStream) return { ok: false, reason: 'noProcessedTrack' };
  return { ok: true };
}

export function noiseSupport(a: BrowserAbilities): Support {
  if (!a.webAssembly || !a.audioWorklet) return { ok: false, reason: 'noNoise' };
  return { ok: true };
}

/** The smallest WebAssembly module using a SIMD instruction (v128): validates only where SIMD runs. */
export const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
