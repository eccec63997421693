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
  unsupported: {
    noWasm: 'Este navegador no puede ejecutar WebAssembly, que los efectos de fondo necesitan.',
    noSimd:
      'A este navegador le falta WebAssembly SIMD, que los efectos de fondo necesitan. Actualice el navegador para usarlos.',
    noWebgl2: 'Este navegador no tiene WebGL 2, que los efectos de fondo necesitan.',
    noProcessedTrack:
      'Este navegador no puede enviar una imagen de cámara procesada, así que los efectos de fondo están desactivados.',
    noNoise: 'Este navegador no puede ejecutar la supresión de ruido (necesita WebAssembly y AudioWorklet).',
  },
  messages: {
    ruleNone: 'Las normas de este grupo no permiten efectos de fondo: su fondo se ve tal como es.',
    ruleBlurOnly: 'Las normas de este grupo solo permiten desenfocar: su fondo se desenfoca en lugar de sustituirse.',
    backgroundFailed:
      'Los efectos de fondo dejaron de funcionar: por ahora su imagen se ve totalmente desenfocada. Desactive el efecto para que le vean con claridad.',
    noiseFailed: 'La supresión de ruido no pudo iniciarse aquí: su micrófono se envía tal cual.',
  },
};
