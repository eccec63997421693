import { useId } from 'react';
import { LANGUAGES } from '@circle/shared/i18n';
import { currentLanguage, setLanguage, useT } from './index';

/**
 * The language picker (pre-join, check-in, waiting room, member and staff pages; the room has its own
 * in the More menu). Each language is named in itself, so a person who cannot read the current one
 * still finds theirs.
 */
export function LanguagePicker({ className, compact = false }: { className?: string; compact?: boolean }) {
  const { t } = useT('common');
  const id = useId();
  return (
    <span className={className ?? 'language-picker'}>
      {/* Compact: the select alone (it shows the language's own name); its label is for screen readers. */}
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('language')}
      </label>{' '}
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
