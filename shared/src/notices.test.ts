import { describe, expect, it } from 'vitest';
import { NOTICE_KEYS, noticeMessageSchema, say } from './notices.js';
import { ErrorCode, ERRORS } from './errors.js';
import { en } from './i18n/index.js';
import { es } from './i18n/es/index.js';

describe('a notice travels as a key and its details', () => {
  it('say() gives the key and details, and the English sentence for older clients', () => {
    expect(say('agendaItemStarted', { title: 'Check-in' })).toEqual({
      text: 'Now: Check-in.',
      message: { key: 'agendaItemStarted', params: { title: 'Check-in' } },
    });
    expect(say('floorEnded')).toEqual({ text: 'Your turn has ended.', message: { key: 'floorEnded', params: {} } });
  });

  it.each([
    ['a line without details', { key: 'floorGiven', params: {} }],
    ['a name and how they passed', { key: 'turnPassedStaff', params: { name: 'Ana', how: 'listenOnly' } }],
    ['partners and minutes', { key: 'pairsStarted', params: { partners: ['Ana'], minutes: 5 } }],
  ])('accepts %s', (_name, message) => {
    expect(noticeMessageSchema.safeParse(message).success).toBe(true);
  });

  it.each([
    ['an unknown key', { key: 'somethingElse', params: {} }],
    ['an extra key', { key: 'floorGiven', params: {}, text: 'x' }],
    ['details a line does not take', { key: 'floorGiven', params: { title: 'x' } }],
    ['missing details', { key: 'agendaItemStarted', params: {} }],
    ['an oversize title', { key: 'agendaItemStarted', params: { title: 'x'.repeat(201) } }],
    ['a wrong type', { key: 'pairsStarted', params: { partners: 'Ana', minutes: 5 } }],
    ['an unknown way of passing', { key: 'turnPassedStaff', params: { name: 'Ana', how: 'Not now' } }],
  ])('rejects %s', (_name, message) => {
    expect(noticeMessageSchema.safeParse(message).success).toBe(false);
  });
});

describe('every line and every error code has its text in each language', () => {
  const hasText = (ns: Record<string, unknown>, key: string) =>
    Object.keys(ns).some((k) => k === key || k.startsWith(`${key}_`));

  it.each(NOTICE_KEYS)('notice %s', (key) => {
    expect(hasText(en.notices, key)).toBe(true);
    expect(hasText(es.notices, key)).toBe(true);
  });

  it.each(Object.values(ErrorCode))('error %s, in English word for word as the server’s table', (code) => {
    expect(en.errors[code]).toBe(ERRORS[code].text);
    expect(es.errors[code]).toBeTruthy();
  });
});
