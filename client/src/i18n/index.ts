/**
 * The client's i18next: English bundled, Spanish loaded when first needed, the pseudo-locale drawn
 * from English for the "no string left behind" test. `useT` / `<Trans>` in components;
 * `setLanguage` from the language picker; the page's `lang` attribute follows every change.
 */
import i18next, { type PostProcessorModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, INTL_LOCALES, NAMESPACES, pseudo, PSEUDO, type Catalogue, type Language } from '@circle/shared/i18n';
import { isUiLanguage, LANGUAGE_KEY, pickLanguage, type UiLanguage } from './language';

export { Trans, useTranslation as useT } from 'react-i18next';
export type { UiLanguage };

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Catalogue;
  }
}

const pseudoProcessor: PostProcessorModule = {
  type: 'postProcessor',
  name: 'pseudo',
  process: (value: string, _key, _options, translator: { language?: string }) =>
    translator.language === PSEUDO ? pseudo(value) : value,
};

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const loaded = new Set<string>(['en', PSEUDO]);

async function ensureLoaded(lang: UiLanguage): Promise<void> {
  if (loaded.has(lang)) return;
  if (lang === 'es') {
    const { es } = await import('@circle/shared/i18n/es');
    for (const ns of NAMESPACES) i18next.addResourceBundle('es', ns, es[ns], true, true);
  }
  loaded.add(lang);
}

function applyToPage(lang: UiLanguage): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang; // a BCP 47 tag as it is (en, es, en-XA)
}

/** Starts i18next in the language this person sees; resolves when its texts are in. */
export async function startI18n(): Promise<void> {
  const lang = pickLanguage({
    stored: storage()?.getItem(LANGUAGE_KEY) ?? null,
    browser: typeof navigator === 'undefined' ? [] : navigator.languages,
  });
  // Spanish is added to the started instance (i18next has no store to add it to before init).
  const es = lang === 'es' ? (await import('@circle/shared/i18n/es')).es : null;
  if (es) loaded.add('es');
  await i18next
    .use(initReactI18next)
    .use(pseudoProcessor)
    .init({
      resources: es ? { en, es } : { en },
      lng: lang,
      fallbackLng: 'en',
      ns: NAMESPACES,
      defaultNS: 'common',
      postProcess: ['pseudo'],
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
  await ensureLoaded(lang);
  applyToPage(lang);
}

export function currentLanguage(): UiLanguage {
  return (i18next.language as UiLanguage | undefined) ?? 'en';
}

/** This person's choice (the picker): shown at once and remembered in this browser. */
export async function setLanguage(lang: UiLanguage): Promise<void> {
  storage()?.setItem(LANGUAGE_KEY, lang);
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyToPage(lang);
}

/** A group's or session's default language: used only when this person has not chosen one. */
export async function offerDefaultLanguage(lang: Language | null | undefined): Promise<void> {
  if (!lang || isUiLanguage(storage()?.getItem(LANGUAGE_KEY)) || lang === currentLanguage()) return;
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyToPage(lang);
}

/** The locale for Intl formats outside i18next (the pseudo-locale formats as English). */
export function intlLocale(): string {
  const lang = currentLanguage();
  return lang === PSEUDO ? INTL_LOCALES.en : INTL_LOCALES[lang];
}
