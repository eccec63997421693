import type { Translation } from '../index.js';
import type { pairs as en } from '../en/pairs.js';

export const pairs: Translation<typeof en> = {
  yourPartner: 'su pareja',
  banner:
    'Practicando en parejas con {{names}} · quedan <timer>{{time}}</timer>. Todos vuelven al grupo cuando se acabe el tiempo.',
  timeLeft: 'Tiempo restante en parejas',
  title: 'Práctica en parejas',
  minutes: 'Minutos',
  start: 'Formar parejas al azar',
  left: 'Quedan <timer>{{time}}</timer>',
  join: 'Unirse a la pareja {{names}}',
  back: 'Volver a la sala principal',
  end: 'Hacer volver a todos',
  message: 'Mensaje a todas las parejas',
  send: 'Enviar a todas las parejas',
};
