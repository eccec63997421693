import type { Translation } from '../index.js';
import type { lobby as en } from '../en/lobby.js';

export const lobby: Translation<typeof en> = {
  waiting: 'Está en la sala de espera. Su terapeuta le dará paso en breve.',
  sessionTime: 'Horario de la sesión: <time>{{when}}</time> ({{minutes}} minutos).',
  breathe: 'Respire con calma. Si necesita ayuda ahora, el botón «Ayuda en crisis» está siempre arriba.',
};
