import type { Translation } from '../index.js';
import type { crisis as en } from '../en/crisis.js';

// Wording checked against the Lifeline's public Spanish pages (988lifeline.org/es): "llame o envíe
// un mensaje de texto al 988", "oprima 2" for Spanish, AYUDA by text, Veterans "oprima 1" / 838255;
// the Lifeline's Spanish name: "Línea 988 de Prevención del Suicidio y Crisis".
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
  button: 'Ayuda en crisis',
  buttonTitle: 'Ayuda en crisis ({{shortcut}})',
  panel: {
    title: 'Puede recibir ayuda ahora mismo',
    text: 'La Línea 988 de Prevención del Suicidio y Crisis es gratuita, confidencial y atiende las 24 horas del día, los 7 días de la semana. Abrir este panel no le saca de la sesión ni la interrumpe.',
    tellTherapist: 'Avisar a su terapeuta',
    alert: 'Avisar a mi terapeuta en privado',
    acknowledged: 'Su terapeuta ya lo vio y se pondrá en contacto con usted.',
    notified: 'Su terapeuta ha recibido el aviso. Solo sus terapeutas y el supervisor clínico pueden verlo.',
    failed: 'No pudimos comunicarnos con su terapeuta. Por favor, use el 988 (arriba).',
    close: 'Cerrar',
  },
  banner: {
    pageTitle: 'Circle',
    alertPageTitle: '⚠ Alerta de crisis · Circle',
    title_one: 'Alerta de crisis',
    title_other: '{{count}} alertas de crisis',
    asked: '<strong>{{name}}</strong> pidió ayuda en crisis a las {{time}}',
    escalated: ' · aún sin confirmar, escalada al supervisor',
    facts: 'Ubicación: {{location}} · Contacto de emergencia: {{contact}}',
    unknownLocation: 'desconocida',
    noContact: 'no indicado',
    acknowledge: 'Confirmar la alerta de {{name}}',
    details: 'Ver los detalles de la alerta de {{name}}',
    notificationTitle: 'Alerta de crisis en Circle',
    notificationBody: 'Un miembro pidió ayuda en crisis. Abra Circle ahora.',
  },
};
