import type { Translation } from '../index.js';
import type { support as en } from '../en/support.js';

export const support: Translation<typeof en> = {
  working:
    'Circle funciona en una versión actual de Chrome, Edge o Firefox en una computadora o un teléfono Android, y debería funcionar en Safari 16.4 o posterior en una Mac, un iPhone o un iPad.',
  openThere: 'Abra su enlace de invitación en uno de ellos.',
  openOrUpdate: 'Abra su enlace de invitación en uno de ellos, o actualice este navegador.',
  meanwhile:
    'Mientras tanto, «Mensajes» le permite escribir en privado a su terapeuta, y «Ayuda en crisis» está en la parte superior de la pantalla.',
  elsewhere:
    'Abra su enlace de invitación en una versión actual de Chrome, Edge o Firefox (o Safari 16.4 o posterior).',
  still:
    'Aun así puede entrar: puede usar «Ayuda en crisis» en la parte superior de la pantalla, enviar un mensaje privado a su terapeuta y leer el chat del grupo.',
  insecure:
    'La página no se abrió con un enlace seguro (https). Abra el enlace de invitación exactamente como lo recibió.',
  insecureRoom: 'Abra el enlace de invitación exactamente como lo recibió (https).',
  noWebrtc: {
    headline: 'Este navegador no puede hacer videollamadas.',
    body: 'Le falta la parte del navegador que envía y reproduce el sonido y el video del grupo, así que aquí no vería ni oiría al grupo.',
    inRoom: 'Aquí no puede ver ni oír al grupo, y el grupo no puede verlo ni oírlo a usted.',
    reason: 'No disponible: este navegador no puede hacer videollamadas.',
  },
  noCodecs: {
    headline: 'Este navegador no puede reproducir el sonido y el video del grupo.',
    body: 'No admite los formatos de sonido y video que usa el grupo, así que aquí no vería ni oiría al grupo.',
    inRoom: 'Aquí no puede ver ni oír al grupo, y el grupo no puede verlo ni oírlo a usted.',
    reason: 'No disponible: este navegador no puede reproducir el sonido y el video del grupo.',
  },
  noDevices: {
    headline: 'Este navegador no puede usar su cámara ni su micrófono aquí.',
    body: 'Puede entrar, ver y oír al grupo, pero los demás no podrán verlo ni oírlo.',
    still:
      'Aun así puede usar «Ayuda en crisis» en la parte superior de la pantalla y enviar un mensaje privado a su terapeuta.',
    inRoom: 'Puede ver y oír al grupo, pero el grupo no puede verlo ni oírlo a usted.',
    reason: 'No disponible: este navegador no puede usar su cámara ni su micrófono.',
  },
  linkFailed: 'No disponible: su sonido y su video no pudieron conectarse desde esta red.',
};
