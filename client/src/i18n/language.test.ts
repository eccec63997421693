import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language';

describe('the language a person sees', () => {
  it('is their own choice first, even when the group speaks another', () => {
    expect(pickLanguage({ stored: 'en', groupDefault: 'es', browser: ['es-MX'] })).toBe('en');
  });
  it('is the group default when they have not chosen', () => {
    expect(pickLanguage({ stored: null, groupDefault: 'es', browser: ['en-US'] })).toBe('es');
  });
  it('follows the browser otherwise, and falls back to English', () => {
    expect(pickLanguage({ stored: null, browser: ['es-US', 'en'] })).toBe('es');
    expect(pickLanguage({ stored: 'klingon', browser: ['fr'] })).toBe('en');
  });
  it('keeps the pseudo-locale once chosen (tests only)', () => {
    expect(pickLanguage({ stored: 'en-XA', browser: ['en'] })).toBe('en-XA');
  });
});
