import type { Translation } from '../index.js';
import type { crisis as en } from '../en/crisis.js';

// Wording checked against the Lifeline's public Spanish pages (988lifeline.org/es): "llame o envíe
// un mensaje de texto al 988", "oprima 2" for Spanish, AYUDA by text, Veterans "oprima 1" / 838255.
export const crisis: Translation<typeof en> = {
  lines: {
    call: 'Llamar al 988',
    text: 'Enviar un mensaje de texto al 988',
    chat: 'Chatear en 988lifeline.org',
    veterans: 'Veteranos: llame al 988 y oprima 1, o <sms>envíe un mensaje de texto al 838255</sms>.',
    spanish: 'En español: llame al 988 y oprima 2, o <sms>envíe AYUDA por mensaje de texto al 988</sms>.',
    tty: 'Personas sordas o con dificultades auditivas (TTY): <tty>marque 711</tty> y luego el 988.',
    danger: 'Si está en peligro inmediato, <call>llame al 911</call> o vaya a la sala de emergencias más cercana.',
  },
};
