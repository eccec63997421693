import { beforeEach, describe, expect, it } from 'vitest';
import { startTestI18n } from '../../test/i18n';
import { countdownText, formatSessionDate, lobbyLine, serverOffsetMs, zoneName } from './memberTime';

beforeEach(() => startTestI18n('en'));

describe('the countdown runs on the server’s clock', () => {
  it('the offset is the server’s now minus this device’s clock at the answer', () => {
    const device = Date.parse('2027-01-05T22:00:00.000Z');
    expect(serverOffsetMs('2027-01-05T22:02:00.000Z', device)).toBe(120_000);
    expect(serverOffsetMs('2027-01-05T21:59:30.000Z', device)).toBe(-30_000);
    expect(serverOffsetMs('garbage', device)).toBe(0);
  });

  it.each([
    [2 * 86_400_000 + 3 * 3_600_000 + 5 * 60_000, '2 days, 3 hours'],
    [86_400_000, '1 day'],
    [3 * 3_600_000 + 12 * 60_000, '3 hours, 12 minutes'],
    [3_600_000, '1 hour'],
    [12 * 60_000 + 5_000, '12 minutes, 5 seconds'],
    [60_000, '1 minute'],
    [45_000, '45 seconds'],
    [400, '1 second'],
    [0, null],
    [-5_000, null],
  ])('%i ms reads “%s”', (ms, text) => {
    expect(countdownText(ms)).toBe(text);
  });
});

describe('a session’s time is shown in the member’s own zone', () => {
  const at = '2027-01-05T23:00:00.000Z';
  it('the same session in two members’ zones', () => {
    expect(formatSessionDate(at, 'America/New_York', 'en-US')).toBe('Tuesday, January 5 at 6:00 PM');
    expect(formatSessionDate(at, 'Europe/Berlin', 'en-US')).toBe('Wednesday, January 6 at 12:00 AM');
  });
  it('the zone is named', () => {
    expect(zoneName(at, 'America/New_York', 'en-US')).toBe('Eastern Standard Time');
  });
  it('the waiting room line says when it opens and how long before', () => {
    expect(lobbyLine('2027-01-05T22:50:00.000Z', at, 'America/New_York', 'en-US')).toBe(
      'The waiting room opens at 5:50 PM (10 minutes before).',
    );
    expect(lobbyLine(at, at, 'America/New_York', 'en-US')).toBe(
      'The waiting room opens at 6:00 PM (when the session starts).',
    );
  });
});

describe('in Spanish, the same times read as a Spanish speaker writes them', () => {
  const at = '2027-01-05T23:00:00.000Z';
  beforeEach(() => startTestI18n('es'));
  it.each([
    [2 * 86_400_000 + 3 * 3_600_000, '2 días y 3 horas'],
    [86_400_000, '1 día'],
    [12 * 60_000 + 1_000, '12 minutos y 1 segundo'],
    [45_000, '45 segundos'],
  ])('%i ms reads “%s”', (ms, text) => {
    expect(countdownText(ms)).toBe(text);
  });
  it('the date, the zone and the waiting room line', () => {
    expect(formatSessionDate(at, 'America/New_York', 'es')).toBe('martes, 5 de enero, a las 18:00');
    expect(lobbyLine('2027-01-05T22:59:00.000Z', at, 'America/New_York', 'es')).toBe(
      'La sala de espera abre a las 17:59 (1 minuto antes).',
    );
    expect(lobbyLine(at, at, 'America/New_York', 'es')).toBe(
      'La sala de espera abre a las 18:00 (cuando empieza la sesión).',
    );
  });
});
