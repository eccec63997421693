import type { Translation } from '../index.js';
import type { effects as en } from '../en/effects.js';

export const effects: Translation<typeof en> = {
  label: 'Efectos de vídeo y sonido',
  starting: 'Iniciando…',
  blur: 'Desenfocar mi fondo',
  notAllowed: 'Las normas de este grupo no permiten efectos de fondo.',
  replace: 'Sustituir mi fondo',
  replaceNote: 'Un fondo liso y tranquilo en lugar de su habitación.',
  blurOnly: 'Este grupo solo permite desenfocar.',
  noise: 'Supresión de ruido',
};
