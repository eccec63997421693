import { useId } from 'react';
import { LANGUAGES } from '@circle/shared/i18n';
import { currentLanguage, setLanguage, useT } from './index';

/**
 * The language picker (pre-join, the room's More menu, member and staff pages). Each language is
 * named in itself, so a person who cannot read the current one still finds theirs.
 */
export function LanguagePicker({ className }: { className?: string }) {
  const { t } = useT('common');
  const id = useId();
  return (
    <span className={className ?? 'language-picker'}>
      <label htmlFor={id}>{t('language')}</label>{' '}
      <select id={id} value={currentLanguage()} onChange={(e) => void setLanguage(e.target.value as never)}>
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(`languageName.${lang}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
