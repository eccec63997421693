/**
 * The server's own texts (reminder emails, calendar files) in a group's language, from the same
 * catalogue as the client (`@circle/shared/i18n`). One i18next instance of its own, started
 * synchronously with every language: nothing to load, nothing global touched.
 */
import i18next, { type TFunction } from 'i18next';
import { en, INTL_LOCALES, NAMESPACES, type Catalogue, type Language } from '@circle/shared/i18n';
import { es } from '@circle/shared/i18n/es';

const instance = i18next.createInstance();
void instance.init({
  resources: { en, es },
  lng: 'en',
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'email',
  // Emails escape their HTML themselves (reminders.ts); the text part must stay as written.
  interpolation: { escapeValue: false },
  initAsync: false,
});

export type EmailT = TFunction<'email'>;

/** The `email` texts in `language`. */
export function emailTexts(language: Language): EmailT {
  return instance.getFixedT(language, 'email') as EmailT;
}

/** The locale for Intl formats in a language (the shared table: the page formats the same). */
export function intlLocaleOf(language: Language): string {
  return INTL_LOCALES[language];
}

export type { Catalogue };
