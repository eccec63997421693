import type { Translation } from '../index.js';
import type { network as en } from '../en/network.js';

export const network: Translation<typeof en> = {
  audioOnlyNetwork: 'Su conexión tiene dificultades, así que está en solo audio. Los demás aún le oyen.',
  audioOnlyChosen: 'Está en solo audio: los demás le oyen, y el vídeo se mantiene pequeño para ahorrar conexión.',
  mediaFailed: {
    title: 'Su sonido y su video no pudieron conectarse desde esta red.',
    body: 'Los demás no pueden verlo ni oírlo, y usted no puede verlos ni oírlos; seguimos intentándolo. Un punto de acceso del teléfono u otra red suelen ayudar. Mientras tanto, «Mensajes» le permite escribir en privado a su terapeuta, y «Ayuda en crisis» está en la parte superior de la pantalla.',
  },
  verdict: {
    good: 'Su conexión es buena.',
    fair: 'Su conexión es regular: a veces el video puede verse menos nítido.',
    poor: 'Su conexión es lenta para el video.',
    failed: 'No pudimos conectarnos al servicio de video desde esta red.',
    untested: 'No se probaron el sonido ni el video: no se pudo usar ninguna cámara ni micrófono.',
    advice: {
      otherNetwork:
        'Pruebe otra red (el punto de acceso de un teléfono suele funcionar), o pida a su terapeuta la opción de unirse por teléfono.',
      router: 'Acérquese a su router, o use un cable de red si puede.',
      audioOnly: 'Entre solo con audio: los demás lo seguirán oyendo, y usted oirá a todos.',
      downloads: 'Pida a las personas de su casa que pausen las descargas grandes o el streaming durante la sesión.',
      headphones: 'Use auriculares, para que los demás no oigan el eco de su propia voz.',
    },
  },
  videoBack: 'Volver a activar el vídeo',
  check: {
    title: 'Comprobación de la conexión',
    running: 'Comprobando su conexión…',
    again: 'Comprobar de nuevo',
    start: 'Comprobar mi conexión',
    figures: 'Ida y vuelta {{rtt}} ms · pérdida {{loss}} % · vídeo {{video}} kbps',
    figuresUplink: 'Ida y vuelta {{rtt}} ms · pérdida {{loss}} % · vídeo {{video}} kbps (subida {{uplink}} kbps)',
  },
};
