import type { Translation } from '../index.js';
import type { notices as en } from '../en/notices.js';

export const notices: Translation<typeof en> = {
  welcomeBack: 'Ha vuelto. Su micrófono está silenciado.',
  mutedByTherapist: 'Su terapeuta silenció su micrófono.',
  mutedEveryone: 'Su terapeuta silenció a todos.',
  askedToUnmute: 'Su terapeuta le invita a activar el micrófono. Usted decide.',
  cameraStopped: 'Su terapeuta apagó su cámara.',
  floorGiven: 'Tiene la palabra. Active el micrófono cuando esté preparado.',
  floorEnded: 'Su turno de palabra ha terminado.',
  turnWarning: 'Quedan 30 segundos de su turno.',
  turnOverHard: 'Se acabó su tiempo. Gracias.',
  turnOverSoft: 'Se acabó su tiempo. Por favor, termine su idea.',
  turnPassedStaff_notNow: '{{name}} pasó su turno (ahora no).',
  turnPassedStaff_listenOnly: '{{name}} pasó su turno (solo escucha).',
  turnPassedMember: 'Pasó su turno. No pasa nada: levante la mano más tarde si quiere hablar.',
  crisisEscalatedMember:
    'Hemos pedido al supervisor clínico que también se comunique con usted. Si está en peligro ahora, llame o envíe un mensaje de texto al 988, o llame al 911.',
  crisisEscalatedStaff: 'Hay una alerta de crisis sin confirmar.',
  agendaItemStarted: 'Ahora: {{title}}.',
  agendaItemSoon: 'Quedan 2 minutos de {{title}}.',
  agendaItemEnded: 'Se acabó el tiempo de {{title}}.',
  breakStarted: 'El grupo está haciendo una breve pausa.',
  breakEnded: 'El grupo ha vuelto de la pausa.',
  pairsStarted_one: 'Está practicando con {{partners}} durante {{count}} minuto.',
  pairsStarted_other: 'Está practicando con {{partners}} durante {{count}} minutos.',
  pairsBroadcast: 'De su terapeuta: {{text}}',
  pairsEnded: 'Todos han vuelto a la sala principal.',
  networkAudioOnly: 'Su conexión tiene problemas, así que le pasamos a solo audio. Los demás todavía pueden oírle.',
  cannotEncryptInRoom:
    '{{name}} ha vuelto desde un navegador que no puede cifrar: no ve ni oye a nadie hasta que usted le deje entrar sin cifrado (Personas).',
  mediaRestarted: 'Reconectando el audio y el video…',
  privateMessage: 'Nuevo mensaje privado de {{name}}.',
  privateMessageBefore: '{{name}} le envió un mensaje privado antes de que usted entrara.',
  dismiss: 'Descartar mensaje',
};
