/** Video and sound effects: the switches in the room's "Background and noise" panel. */
export const effects = {
  label: 'Video and sound effects',
  starting: 'Starting…',
  blur: 'Blur my background',
  notAllowed: 'This group’s rules do not allow background effects.',
  replace: 'Replace my background',
  replaceNote: 'A calm plain background instead of your room.',
  blurOnly: 'This group allows blurring only.',
  noise: 'Noise suppression',
  /** Why this browser cannot run an effect (the switch is shown disabled with it). */
  unsupported: {
    noWasm: 'This browser cannot run WebAssembly, which background effects need.',
    noSimd: 'This browser lacks WebAssembly SIMD, which background effects need. Update the browser to use them.',
    noWebgl2: 'This browser has no WebGL 2, which background effects need.',
    noProcessedTrack: 'This browser cannot send a processed camera picture, so background effects are off.',
    noNoise: 'This browser cannot run noise suppression (it needs WebAssembly and AudioWorklet).',
  },
  /** What happened to an effect, beside the switches. */
  messages: {
    ruleNone: 'This group’s rules do not allow background effects: your background is shown as it is.',
    ruleBlurOnly: 'This group’s rules allow blur only: your background is blurred instead of replaced.',
    backgroundFailed:
      'Background effects stopped working: your picture is fully blurred for now. Turn the effect off to be seen clearly.',
    noiseFailed: 'Noise suppression could not start here: your microphone is sent as it is.',
  },
} as const;
