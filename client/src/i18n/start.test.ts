import { afterAll, expect, it, vi } from 'vitest';

afterAll(() => vi.unstubAllGlobals());

it('starts in Spanish when that is the person’s remembered choice (its texts loaded before the first screen)', async () => {
  vi.stubGlobal('localStorage', { getItem: () => 'es', setItem: () => undefined });
  const { currentLanguage, startI18n } = await import('./index');
  await startI18n();
  const { default: i18next } = await import('i18next');
  expect(currentLanguage()).toBe('es');
  expect(i18next.t('common:close')).toBe('Cerrar');
});
