import { useId } from 'react';
import { STAFF_LIMITS } from '@circle/shared';
import { passwordHint } from '../../actions';
import { useT } from '../../i18n';

/** A new password with its rule under it, updated as the person types (read by screen readers once, on focus). */
export function NewPasswordField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const { t } = useT('clinic');
  const missing = STAFF_LIMITS.PASSWORD_MIN - value.length;
  // The same rule as passwordHint (what the action refuses), in this person's language.
  const hint =
    passwordHint(value) === null
      ? null
      : missing > 0
        ? t('password.missing', { count: missing, min: STAFF_LIMITS.PASSWORD_MIN })
        : t('password.tooLong', { max: STAFF_LIMITS.PASSWORD_MAX });
  return (
    <div className="field">
      <label htmlFor={id}>{t('password.new')}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        minLength={STAFF_LIMITS.PASSWORD_MIN}
        maxLength={STAFF_LIMITS.PASSWORD_MAX}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-rule`}
        aria-invalid={error ? true : undefined}
      />
      <p id={`${id}-rule`} className="hint">
        {t('password.rule', { min: STAFF_LIMITS.PASSWORD_MIN })}
        {value && <span className={hint ? 'rule-state' : 'rule-state ok-text'}>{hint ?? t('password.ok')}</span>}
      </p>
    </div>
  );
}
