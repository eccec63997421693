import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFS,
  PREFS_KEY,
  type BrowserAbilities,
  allowedBackgrounds,
  backgroundSupport,
  effectiveBackground,
  loadPrefs,
  noiseSupport,
  savePrefs,
} from './policy';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
}

describe('the group’s backgrounds rule', () => {
  it.each([
    ['blur-or-replace', 'member', { blur: true, replace: true }],
    ['blur-only', 'member', { blur: true, replace: false }],
    ['none', 'member', { blur: false, replace: false }],
    [undefined, 'member', { blur: true, replace: true }],
    ['none', 'therapist', { blur: true, replace: true }],
    ['blur-only', 'supervisor', { blur: true, replace: true }],
    ['none', undefined, { blur: false, replace: false }],
  ] as const)('rule %s binds a %s to %j', (policy, role, allowed) => {
    expect(allowedBackgrounds(policy, role)).toEqual(allowed);
  });

  it.each([
    ['replace', { blur: true, replace: true }, 'replace'],
    // Privacy kept: a replacement the group forbids becomes a blur where blur is allowed.
    ['replace', { blur: true, replace: false }, 'blur'],
    ['replace', { blur: false, replace: false }, 'none'],
    ['blur', { blur: true, replace: false }, 'blur'],
    ['blur', { blur: false, replace: false }, 'none'],
    ['none', { blur: true, replace: true }, 'none'],
  ] as const)('a choice of %s under %j sends %s', (choice, allowed, sent) => {
    expect(effectiveBackground(choice, allowed)).toBe(sent);
  });
});

describe('remembered choices', () => {
  it('defaults: background off until chosen, noise suppression on', () => {
    expect(loadPrefs(new MemoryStorage())).toEqual({ background: 'none', noiseSuppression: true });
    expect(loadPrefs(null)).toEqual(DEFAULT_PREFS);
  });

  it('a saved choice comes back on the next visit', () => {
    const storage = new MemoryStorage();
    savePrefs(storage, { background: 'blur', noiseSuppression: false });
    expect(loadPrefs(storage)).toEqual({ background: 'blur', noiseSuppression: false });
  });

  it.each(['not json', '"blur"', 'null', '{"background":"sparkles","noiseSuppression":"yes"}'])(
    'unreadable storage %s gives the defaults',
    (raw) => {
      const storage = new MemoryStorage();
      storage.setItem(PREFS_KEY, raw);
      expect(loadPrefs(storage)).toEqual(DEFAULT_PREFS);
    },
  );

  it('storage that refuses writes (private mode) is not an error', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => savePrefs(full, DEFAULT_PREFS)).not.toThrow();
  });
});

describe('what this browser can run', () => {
  const all: BrowserAbilities = {
    webAssembly: true,
    wasmSimd: true,
    webgl2: true,
    canvasCaptureStream: true,
    audioWorklet: true,
  };
  it('a current browser runs both', () => {
    expect(backgroundSupport(all)).toEqual({ ok: true });
    expect(noiseSupport(all)).toEqual({ ok: true });
  });
  it.each([
    ['webAssembly', 'noWasm'],
    ['wasmSimd', 'noSimd'],
    ['webgl2', 'noWebgl2'],
    ['canvasCaptureStream', 'noProcessedTrack'],
  ] as const)('without %s, background effects say why', (missing, reason) => {
    // The reason is a catalogue key: the screen words it in the person's language.
    expect(backgroundSupport({ ...all, [missing]: false })).toEqual({ ok: false, reason });
  });
  it('noise suppression needs AudioWorklet but not SIMD', () => {
    expect(noiseSupport({ ...all, wasmSimd: false })).toEqual({ ok: true });
    expect(noiseSupport({ ...all, audioWorklet: false }).ok).toBe(false);
  });
});
