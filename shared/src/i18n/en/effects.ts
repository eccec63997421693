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
} as const;
