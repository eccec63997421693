import { describe, expect, it } from 'vitest';
import { ERRORS, ErrorCode, NOTICE_KEYS, NOTICE_TEXT, type NoticeMessage } from '@circle/shared';
import { startTestI18n } from '../test/i18n';
import { errorText, noticeLineText, noticeMessageText, waitText } from './texts';

/** One canonical notice of each key, with details where the key takes them. */
const SAMPLES: NoticeMessage[] = NOTICE_KEYS.map((key): NoticeMessage => {
  switch (key) {
    case 'turnPassedStaff':
      return { key, params: { name: 'Ana', how: 'notNow' } };
    case 'agendaItemStarted':
    case 'agendaItemSoon':
    case 'agendaItemEnded':
      return { key, params: { title: 'Check-in' } };
    case 'pairsStarted':
      return { key, params: { partners: ['Ana', 'Ben'], minutes: 10 } };
    case 'pairsBroadcast':
      return { key, params: { text: 'Two minutes left' } };
    case 'cannotEncryptInRoom':
      return { key, params: { name: 'Ana' } };
    default:
      return { key, params: {} } as NoticeMessage;
  }
});
const english = (m: NoticeMessage) => (NOTICE_TEXT[m.key] as (p: unknown) => string)(m.params);

describe('a refusal reads in the person’s language', () => {
  it.each(Object.values(ErrorCode))('%s: the same English as the server’s table', (code) => {
    startTestI18n('en');
    expect(errorText({ code, message: 'server text' })).toBe(ERRORS[code].text);
  });

  it.each(Object.values(ErrorCode))('%s: its own Spanish text', (code) => {
    startTestI18n('es');
    const text = errorText({ code, message: ERRORS[code].text });
    expect(text).not.toBe(ERRORS[code].text);
    expect(text).not.toContain('errors:');
  });

  it('a code this page does not know (a newer server) shows the server’s message', () => {
    startTestI18n('es');
    expect(errorText({ code: 'SOMETHING_NEW', message: 'Something new happened.' })).toBe('Something new happened.');
  });

  it('Retry-After in words, with the language’s plurals', () => {
    startTestI18n('es');
    expect(waitText(1)).toBe('Demasiados intentos. Por favor, espere 1 segundo e inténtelo de nuevo.');
    expect(waitText(120)).toBe('Demasiados intentos. Por favor, espere 2 minutos e inténtelo de nuevo.');
    startTestI18n('en');
    expect(waitText(30)).toBe('Too many attempts. Please wait 30 seconds and try again.');
  });
});

describe('a notice from the server is written by each client in its person’s language', () => {
  it.each(SAMPLES.map((m) => [m.key, m] as const))('%s: English as the server wrote it', (_key, m) => {
    startTestI18n('en');
    expect(noticeMessageText(m)).toBe(english(m));
  });

  it.each(SAMPLES.map((m) => [m.key, m] as const))('%s: Spanish, with its details in place', (_key, m) => {
    startTestI18n('es');
    const text = noticeMessageText(m);
    expect(text).not.toBe(english(m));
    expect(text).not.toMatch(/notices:|\{\{/);
    for (const v of Object.values(m.params))
      if (typeof v === 'string' && m.key !== 'turnPassedStaff') expect(text).toContain(v);
  });

  it('two people in one room: the same notice, each in their own language', () => {
    const m: NoticeMessage = { key: 'pairsStarted', params: { partners: ['Ana', 'Ben', 'Cy'], minutes: 1 } };
    startTestI18n('en');
    expect(noticeMessageText(m)).toBe('You are practising with Ana, Ben, and Cy for 1 minute.');
    startTestI18n('es');
    expect(noticeMessageText(m)).toBe('Está practicando con Ana, Ben y Cy durante 1 minuto.');
  });

  it('a notice on screen follows a change of language; one without a line keeps its text', () => {
    const line = { type: 'notice', message: { key: 'floorGiven', params: {} } } as const;
    startTestI18n('en');
    expect(noticeLineText('x', line)).toBe('You have the floor. Unmute when you are ready.');
    startTestI18n('es');
    expect(noticeLineText('x', line)).toBe('Tiene la palabra. Active el micrófono cuando esté preparado.');
    expect(noticeLineText('No se pudo.', { type: 'error', code: 'NOT_YOUR_TURN' })).toBe(
      'Todavía no tiene la palabra.',
    );
    expect(noticeLineText('As it came.', undefined)).toBe('As it came.');
  });
});
