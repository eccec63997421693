import { afterAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { currentLanguage, startI18n } from './index';
import { LANGUAGE_KEY } from './language';

// A person who chose Spanish earlier: the page starts in Spanish (the Spanish texts are loaded
// after i18next has started, into its store).
const stored = new Map<string, string>([[LANGUAGE_KEY, 'es']]);
const storage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
};
Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
afterAll(() => Reflect.deleteProperty(globalThis, 'localStorage'));

describe('starting in a remembered language', () => {
  it('starts in Spanish with the Spanish texts', async () => {
    await startI18n();
    expect(currentLanguage()).toBe('es');
    expect(i18next.t('common:close')).toBe('Cerrar');
  });
});
