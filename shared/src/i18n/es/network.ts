import type { Translation } from '../index.js';
import type { network as en } from '../en/network.js';

export const network: Translation<typeof en> = {
  audioOnlyNetwork: 'Su conexión tiene dificultades, así que está en solo audio. Los demás aún le oyen.',
  audioOnlyChosen: 'Está en solo audio: los demás le oyen, y el vídeo se mantiene pequeño para ahorrar conexión.',
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
