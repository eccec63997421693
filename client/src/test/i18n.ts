/** i18next for the client's unit tests: the whole catalogue, English first, started synchronously. */
import i18next from 'i18next';
import { en, NAMESPACES } from '@circle/shared/i18n';
import { es } from '@circle/shared/i18n/es';

export function startTestI18n(lng: 'en' | 'es' = 'en'): void {
  if (!i18next.isInitialized) {
    void i18next.init({
      resources: { en, es },
      lng,
      fallbackLng: 'en',
      ns: NAMESPACES,
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }
  void i18next.changeLanguage(lng);
}
