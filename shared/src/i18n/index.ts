/**
 * Circle's languages and the catalogue of every sentence people see (#24). The English catalogue is
 * the source of the keys; every other language is typed against it, so a key missing in one
 * language does not compile, and `missingKeys` finds the same at run time (tested).
 *
 * Texts use i18next's syntax: `{{name}}` to interpolate, `_one` / `_other` suffixes for plurals
 * (chosen by Intl.PluralRules), `{{when, datetime}}` / `{{n, number}}` for locale formats, and
 * `<tag>…</tag>` for links and emphasis placed by the component (react-i18next's <Trans>).
 */
import { en } from './en/index.js';

export { en };

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The locale of dates, times and numbers in each language, one table for the page and the emails:
 * Circle's groups are in the United States (988), so Spanish formats as es-US ("6:00 p.m."), as the
 * reminders already did, never Spain's "18:00" on the member's page beside it.
 */
export const INTL_LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-US' };

/** The pseudo-locale the "no string left behind" test renders in (never offered to people). */
export const PSEUDO = 'en-XA';

export type Catalogue = typeof en;
export type Namespace = keyof Catalogue;
export const NAMESPACES = Object.keys(en) as Namespace[];

/** The same shape as the English catalogue with any strings: what another language must provide. */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages Circle speaks ("es-MX" → es), else English. */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

type Tree = { readonly [key: string]: string | Tree };

/** Every key of a catalogue as dotted paths ("room.leave"), sorted. */
export function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keysOf(v, `${prefix}${k}.`)))
    .sort();
}

/** Keys one catalogue has and the other lacks, both ways. */
export function missingKeys(a: Tree, b: Tree): { onlyInFirst: string[]; onlyInSecond: string[] } {
  const ka = new Set(keysOf(a));
  const kb = new Set(keysOf(b));
  return {
    onlyInFirst: [...ka].filter((k) => !kb.has(k)),
    onlyInSecond: [...kb].filter((k) => !ka.has(k)),
  };
}

/** Brackets that mark text as having come through the catalogue in the pseudo-locale. */
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  y: 'ý',
  n: 'ñ',
  c: 'ç',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
  Y: 'Ý',
  N: 'Ñ',
  C: 'Ç',
};

/**
 * The pseudo-locale's rendering of a translated text: accented (readable, visibly not English),
 * about a third longer (as Spanish often is), bracketed. Markup tags (<0>, <link>) and
 * interpolation placeholders are left alone so components still place their links.
 */
export function pseudo(text: string): string {
  const accented = text.replace(/(<[^>]*>)|(\{\{[^}]*\}\})|([A-Za-z])/g, (all, tag, slot, letter) =>
    tag || slot ? all : (ACCENTED[letter as string] ?? letter),
  );
  const pad = '·'.repeat(Math.ceil(text.length / 3));
  return `${PSEUDO_OPEN}${accented}${pad}${PSEUDO_CLOSE}`;
}
