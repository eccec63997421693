import type { Language } from './i18n/index.js';

/**
 * Circle's standard group agreement, which members accept before they are admitted (a group may
 * write its own). Versioned per language: the accepted version and its language are recorded, so
 * each language's text changes with a new version of its own (#24).
 */
export interface StandardAgreement {
  version: string;
  points: readonly string[];
}

/** The English version (kept as it was before languages existed: acceptances recorded as '2026-1'). */
export const AGREEMENT_VERSION = '2026-1';

export const AGREEMENT_POINTS: readonly string[] = [
  'What members share here stays here. I will not tell anyone outside the group who was in it or what they said.',
  'I will not record, screenshot or photograph the session, and I will not let anyone else do so.',
  'I join from a private place with the door closed, and I use headphones if anyone could overhear. No one else is in the room with me.',
  'I keep my camera on unless I have agreed otherwise with my therapist, and I do not use alcohol or drugs before group.',
  'My promise of confidentiality is to the other members; it is not a legal protection. My therapist has explained when they must break confidentiality (risk of harm, mandated reporting).',
  'This group is not an emergency service. In a crisis I use the Crisis support button (988) or call 911.',
  'I understand I can be removed from the group for breaking this agreement.',
];

/** El acuerdo del grupo en español: su propia versión (una aceptación registra 'es-2026-1'). */
export const AGREEMENT_POINTS_ES: readonly string[] = [
  'Lo que los miembros comparten aquí se queda aquí. No le diré a nadie fuera del grupo quién estuvo ni lo que dijo.',
  'No grabaré la sesión, ni le haré capturas de pantalla ni fotos, y no permitiré que nadie más lo haga.',
  'Me conecto desde un lugar privado con la puerta cerrada y uso auriculares si alguien pudiera oír. No hay nadie más en la habitación conmigo.',
  'Mantengo la cámara encendida salvo que haya acordado otra cosa con mi terapeuta, y no consumo alcohol ni drogas antes del grupo.',
  'Mi promesa de confidencialidad es hacia los demás miembros; no es una protección legal. Mi terapeuta me ha explicado cuándo debe romper la confidencialidad (riesgo de daño, obligación legal de informar).',
  'Este grupo no es un servicio de emergencias. En una crisis uso el botón de apoyo en crisis (988) o llamo al 911.',
  'Entiendo que pueden retirarme del grupo si no cumplo este acuerdo.',
];

/** The standard agreement in each language Circle speaks. */
export const STANDARD_AGREEMENTS: Readonly<Record<Language, StandardAgreement>> = {
  en: { version: AGREEMENT_VERSION, points: AGREEMENT_POINTS },
  es: { version: `es-${AGREEMENT_VERSION}`, points: AGREEMENT_POINTS_ES },
};
