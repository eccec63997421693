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
