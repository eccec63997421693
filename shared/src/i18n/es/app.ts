import type { Translation } from '../index.js';
import type { app as en } from '../en/app.js';

export const app: Translation<typeof en> = {
  brand: 'Circle',
  welcome: {
    title: 'Le damos la bienvenida a Circle',
    text: 'Para unirse a un grupo, abra el enlace de invitación que le envió su terapeuta.',
  },
  ended: {
    leftTitle: 'Ha salido de la sesión',
    closedTitle: 'Sesión cerrada',
    removed: 'Su terapeuta le ha retirado de esta sesión.',
    declined: 'Su terapeuta no pudo darle paso a esta sesión.',
    left: 'Cuídese mucho.',
    replaced: 'Entró a esta sesión desde otra ventana u otro dispositivo.',
    ended: 'La sesión ha terminado. Gracias por formar parte del grupo hoy.',
    leftByMistake: '¿Salió por error o quiere volver?',
    rejoin: 'Volver a la sesión',
  },
  failed: {
    title: 'No pudimos conectarle',
    text: 'Por favor, revise su conexión e inténtelo de nuevo.',
    tryAgain: 'Intentar de nuevo',
  },
  connecting: 'Conectando…',
  reconnecting: 'Reconectando…',
  restarting: 'Circle se está reiniciando; le estamos reconectando…',
  closedForYou: 'Esta sesión está cerrada para usted.',
  continue: 'Continuar',
  joinSession: 'Entrar a la sesión',
};
