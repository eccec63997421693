import { describe, expect, test } from 'vitest';
import { calendar } from '../domain/groups/ics.js';
import { calendarEvent } from './Groups.js';
import type { StoredOccurrence } from './GroupsStore.js';
import { emailTexts } from './i18n.js';

const occurrence: StoredOccurrence = {
  id: 'occ-1',
  groupId: 'g-1',
  index: 0,
  plannedStartsAt: Date.parse('2026-03-10T22:00:00Z'),
  startsAt: Date.parse('2026-03-10T22:00:00Z'),
  durationMinutes: 90,
  cancelledAt: null,
  cancelReason: null,
  sequence: 0,
  sessionId: null,
  sessionEndedAt: null,
  hasRecord: false,
};

describe('the calendar file in the group’s language', () => {
  test('the event’s description is Spanish for a Spanish group, English by default', () => {
    const ics = (language?: 'en' | 'es') =>
      calendar({ calendarName: 'Grupo', events: [calendarEvent(occurrence, 'Grupo', undefined, language)], now: 0 });
    expect(ics('es')).toContain('DESCRIPTION:Su sesión de grupo.');
    expect(ics()).toContain('DESCRIPTION:Your group session.');
  });

  test('each language has its own texts, from the shared catalogue', () => {
    expect(emailTexts('es')('hello', { name: 'Sam' })).toBe('Hola, Sam:');
    expect(emailTexts('en')('hello', { name: 'Sam' })).toBe('Hello Sam,');
  });
});
