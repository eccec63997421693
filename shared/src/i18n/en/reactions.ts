/** Quiet reactions: the picker, the therapist's switch, the tile badge and the screen-reader announcement. */
export const reactions = {
  kind: { nod: 'Nod', heart: 'Heart', thanks: 'Thank you', meToo: 'Me too' },
  react: 'React',
  reactTitle: 'Send a quiet reaction to the group',
  off: 'Reactions off',
  offTitle: 'The therapist has turned reactions off for this session',
  menu: 'Send a reaction',
  switch: 'Reactions on (members may send a quiet nod, heart or thanks)',
  few: 'Reaction from {{said}}.',
  many_one: '{{count}} reaction, the latest from {{latest}}.',
  many_other: '{{count}} reactions, the latest from {{latest}}.',
  someone: 'Someone',
} as const;
