import type { Translation } from '../index.js';
import type { email as en } from '../en/email.js';

export const email: Translation<typeof en> = {
  short: '{{day}}, a las {{time}} {{zone}}',
  start: '{{time}} {{zone}}',
  long: '{{day}}, de {{start}} a {{end}} ({{zoneName}})',
  endOtherDay: '{{day}}, {{time}}',
  subjectDayBefore: 'Recordatorio: su grupo se reúne el {{when}}',
  subjectHourBefore: 'Empieza pronto: su grupo a las {{when}}',
  openingDayBefore: 'Le recordamos que su grupo se reúne el {{when}}.',
  openingHourBefore: 'Su grupo empieza pronto: {{when}}.',
  hello: 'Hola, {{name}}:',
  group: 'Grupo: {{title}}',
  personalLink: 'Su enlace personal (el mismo cada semana):',
  opensEarly:
    'Le da acceso unos minutos antes del comienzo. El archivo de calendario adjunto añade la hora a su calendario.',
  cantCome:
    'Si no puede asistir, abra su enlace y elija «No puedo asistir esta semana» para que la persona que dirige su grupo lo sepa.',
  stop: 'Para dejar de recibir estos correos, abra su enlace y desactive «Recordatorios por correo electrónico».',
  calendarOnly: 'El archivo de calendario adjunto añade la hora a su calendario.',
  openCircle: 'Abrir Circle:',
  therapist:
    'Recibe este correo porque dirige este grupo. El archivo de calendario adjunto añade la hora a su calendario.',
  crisis:
    'Si necesita hablar con alguien ahora mismo, llame o envíe un mensaje de texto al 988, o chatee en 988lifeline.org: es gratis, a cualquier hora del día o de la noche. Si su vida corre peligro, llame al 911.',
  calendarDescription: 'Su sesión de grupo. Abra su enlace personal unos minutos antes del comienzo para entrar.',
};
