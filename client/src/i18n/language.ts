/**
 * Which language this person sees (pure: no browser, no i18next). Order: their own choice (kept in
 * this browser), else the group's or session's default (a member link opens in it), else the
 * browser's preferred languages, else English.
 */
import { isLanguage, matchLanguage, PSEUDO, type Language } from '@circle/shared/i18n';

export type UiLanguage = Language | typeof PSEUDO;

export const LANGUAGE_KEY = 'circle.language';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return isLanguage(value) || value === PSEUDO;
}

export function pickLanguage(p: {
  stored: string | null;
  groupDefault?: string | null | undefined;
  browser: readonly string[];
}): UiLanguage {
  if (isUiLanguage(p.stored)) return p.stored;
  if (isLanguage(p.groupDefault)) return p.groupDefault;
  return matchLanguage(p.browser);
}
