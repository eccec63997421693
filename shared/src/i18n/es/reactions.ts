import type { Translation } from '../index.js';
import type { reactions as en } from '../en/reactions.js';

export const reactions: Translation<typeof en> = {
  kind: { nod: 'Asentir', heart: 'Corazón', thanks: 'Gracias', meToo: 'Yo también' },
  react: 'Reaccionar',
  reactTitle: 'Enviar una reacción discreta al grupo',
  off: 'Sin reacciones',
  offTitle: 'El terapeuta ha desactivado las reacciones en esta sesión',
  menu: 'Enviar una reacción',
  switch: 'Reacciones activadas (los miembros pueden enviar un gesto de asentir, un corazón o un gracias)',
  few: 'Reacción de {{said}}.',
  many_one: '{{count}} reacción, la última de {{latest}}.',
  many_other: '{{count}} reacciones, la última de {{latest}}.',
  someone: 'Alguien',
};
