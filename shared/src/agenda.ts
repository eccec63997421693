/** Agenda items, policies and the templates a therapist starts from. */
export const AgendaPolicy = {
  open: 'open',
  facilitated: 'facilitated',
  roundRobin: 'round-robin',
  pairs: 'pairs',
} as const;
export type AgendaPolicy = (typeof AgendaPolicy)[keyof typeof AgendaPolicy];

export interface AgendaItemInput {
  title: string;
  plannedMinutes: number;
  note?: string;
  policy: AgendaPolicy;
}

export const AGENDA_WARNING_MS = 2 * 60_000;
export const SESSION_MINUTES = { min: 60, max: 120 } as const;

export const AGENDA_TEMPLATES = {
  'cbt-90': {
    label: 'CBT skills group (90 min)',
    items: [
      { title: 'Check-in', plannedMinutes: 15, policy: 'round-robin' },
      { title: 'Review of practice', plannedMinutes: 10, policy: 'facilitated' },
      { title: 'Skill teaching', plannedMinutes: 25, policy: 'facilitated', note: 'Today’s skill' },
      { title: 'Practice', plannedMinutes: 20, policy: 'open' },
      { title: 'Sharing', plannedMinutes: 12, policy: 'facilitated' },
      { title: 'Check-out', plannedMinutes: 8, policy: 'round-robin' },
    ],
  },
  'dbt-90': {
    label: 'DBT skills group (90 min)',
    items: [
      { title: 'Mindfulness', plannedMinutes: 10, policy: 'facilitated' },
      { title: 'Diary card check-in', plannedMinutes: 20, policy: 'round-robin' },
      { title: 'Skill teaching', plannedMinutes: 30, policy: 'facilitated' },
      { title: 'Practice', plannedMinutes: 15, policy: 'open' },
      { title: 'Homework and check-out', plannedMinutes: 15, policy: 'round-robin' },
    ],
  },
  'support-60': {
    label: 'Support / process group (60 min)',
    items: [
      { title: 'Check-in', plannedMinutes: 10, policy: 'round-robin' },
      { title: 'Sharing', plannedMinutes: 40, policy: 'facilitated' },
      { title: 'Check-out', plannedMinutes: 10, policy: 'round-robin' },
    ],
  },
  blank: { label: 'Blank', items: [] },
} as const satisfies Record<string, { label: string; items: readonly AgendaItemInput[] }>;
export type AgendaTemplateId = keyof typeof AGENDA_TEMPLATES;
export const AGENDA_TEMPLATE_IDS = Object.keys(AGENDA_TEMPLATES) as AgendaTemplateId[];

/**
 * The templates' items in Spanish (title and note, in the same order): a Spanish-speaking group's
 * agenda starts in Spanish. Its labels are in the catalogue (`agenda:template.<id>`).
 */
const TEMPLATE_WORDS_ES: { readonly [K in AgendaTemplateId]: readonly { title: string; note?: string }[] } = {
  'cbt-90': [
    { title: 'Ronda de inicio' },
    { title: 'Repaso de la práctica' },
    { title: 'Enseñanza de la habilidad', note: 'La habilidad de hoy' },
    { title: 'Práctica' },
    { title: 'Compartir' },
    { title: 'Ronda de cierre' },
  ],
  'dbt-90': [
    { title: 'Atención plena' },
    { title: 'Repaso de la tarjeta diaria' },
    { title: 'Enseñanza de la habilidad' },
    { title: 'Práctica' },
    { title: 'Tarea y ronda de cierre' },
  ],
  'support-60': [{ title: 'Ronda de inicio' }, { title: 'Compartir' }, { title: 'Ronda de cierre' }],
  blank: [],
};

/** A template's items in a group's language (English unless 'es'). */
export function templateItems(id: AgendaTemplateId, language: 'en' | 'es' = 'en'): readonly AgendaItemInput[] {
  const items: readonly AgendaItemInput[] = AGENDA_TEMPLATES[id].items;
  if (language !== 'es') return items;
  return items.map((item, i) => ({ ...item, ...TEMPLATE_WORDS_ES[id][i] }));
}
