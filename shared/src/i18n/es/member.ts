import type { Translation } from '../index.js';
import type { member as en } from '../en/member.js';

export const member: Translation<typeof en> = {
  loading: 'Cargando su grupo…',
  noLink: {
    title: 'La página de su grupo',
    text: 'Para ver su grupo, abra el enlace personal que le envió su terapeuta.',
  },
  invalid: {
    title: 'Este enlace ya no funciona',
    text: 'Este enlace ya no funciona. Pídale uno nuevo a su terapeuta.',
  },
  loadError: { title: 'No pudimos cargar su grupo' },
  tryAgain: 'Intentar de nuevo',
  greeting: 'Hola, {{name}}',
  discharged: 'Su participación en este grupo ha terminado. Gracias por el tiempo que compartió con el grupo.',
  waiting: 'Por ahora no participa en las sesiones del grupo. Su terapeuta le avisará cuando eso cambie.',
  noSessions: 'No hay sesiones programadas por ahora. Su terapeuta le avisará.',
  next: {
    title: 'Próxima sesión',
    dateAt: '{{day}}, a las {{time}}',
    timeZone: 'En su zona horaria: {{zoneName}} ({{zone}}).',
    join: 'Entrar a la sala de espera',
    joining: 'Abriendo la sala de espera…',
    lobbyOpens_one: 'La sala de espera abre a las {{time}} ({{count}} minuto antes).',
    lobbyOpens_other: 'La sala de espera abre a las {{time}} ({{count}} minutos antes).',
    lobbyOpensAtStart: 'La sala de espera abre a las {{time}} (cuando empieza la sesión).',
    told: 'Su terapeuta sabe que no puede asistir el {{when}}.',
    addToCalendar: 'Añadir al calendario',
    cantMakeIt: 'No puedo asistir esta semana',
    cantQuestion: '¿Avisar a su terapeuta de que no puede asistir el {{when}}? Su ausencia contará como justificada.',
    cantYes: 'Sí, avisar a mi terapeuta',
    cantNo: 'No, sí puedo asistir',
  },
  countdown: {
    startsIn: 'Empieza en <strong>{{left}}</strong>',
    started: 'La sesión ha comenzado.',
    pair: '{{first}} y {{second}}',
    day_one: '{{count}} día',
    day_other: '{{count}} días',
    hour_one: '{{count}} hora',
    hour_other: '{{count}} horas',
    minute_one: '{{count}} minuto',
    minute_other: '{{count}} minutos',
    second_one: '{{count}} segundo',
    second_other: '{{count}} segundos',
  },
  reminders: {
    label: 'Recordatorios por correo electrónico',
    switch: 'Enviarme un recordatorio por correo el día antes y una hora antes de cada sesión',
    hint: 'Los recordatorios solo indican el nombre del grupo y la hora.',
  },
  crisisInline: {
    title: 'Si quiere hablar con alguien ahora',
    text: 'La Línea 988 de Prevención del Suicidio y Crisis es gratuita, confidencial y atiende las 24 horas del día, los 7 días de la semana.',
  },
};
