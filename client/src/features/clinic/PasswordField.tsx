import { useId } from 'react';
import { STAFF_LIMITS } from '@circle/shared';
import { passwordHint } from '../../actions';

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
  const hint = passwordHint(value);
  return (
    <div className="field">
      <label htmlFor={id}>New password</label>
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
        At least {STAFF_LIMITS.PASSWORD_MIN} characters, and not a common password: a few unrelated words work well.
        {value && <span className={hint ? 'rule-state' : 'rule-state ok-text'}>{hint ?? 'Long enough.'}</span>}
      </p>
    </div>
  );
}
