import { useRef, useState, type FormEvent } from 'react';
import { AGENDA_TEMPLATE_IDS, GROUP_LIMITS, STANDARD_AGREEMENTS, type GroupDetail } from '@circle/shared';
import { LANGUAGES, type Language } from '@circle/shared/i18n';
import { useT } from '../../i18n';
import { updateGroup } from '../../actions';
import { FieldError, type FieldErrors, fieldElement, fieldErrorFor } from './FieldError';
import { RoomSettingsFields } from './Groups';
import { type Form, changesOf, fromGroup } from './groupSettingsForm';

/** The group's settings: title, capacity, room settings, agreement text and attendance policy. */
export function GroupSettings({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const { t } = useT('groups');
  const { t: tc } = useT('common');
  const { t: ta } = useT('agenda');
  const [form, setForm] = useState<Form>(() => fromGroup(g));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const err = (f: string) => fieldErrorFor(errors, f);
  const described = (f: string) => (err(f) ? { 'aria-invalid': true, 'aria-describedby': `settings-${f}-error` } : {});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setDone(null);
    const body = changesOf(g, form);
    if (Object.keys(body).length === 0) return setDone(t('settings.nothingChanged'));
    setBusy(true);
    const res = await updateGroup(g.id, body);
    setBusy(false);
    if (!res.ok) {
      const el = res.field ? fieldElement(formRef.current, res.field) : null;
      setErrors({ [el ? res.field! : '']: res.message });
      el?.focus();
      return;
    }
    setForm(fromGroup(res.data));
    const versions = LANGUAGES.filter((lang) => body.agreements?.[lang] !== undefined).map((lang) =>
      t('settings.agreementNow', { language: t(`languageOf.${lang}`), version: res.data.agreements[lang].version }),
    );
    setDone([t('settings.saved'), ...versions].join(' '));
    await reload();
  };

  return (
    <section aria-labelledby="settings-title" className="home-section">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-labelledby="settings-title">
        <div className="field">
          <label htmlFor="settings-title-input">{t('form.title')}</label>
          <input
            id="settings-title-input"
            data-field="title"
            maxLength={GROUP_LIMITS.TITLE_CHARS}
            value={form.title}
            onChange={(e) => set('title', e.target.value)}
            {...described('title')}
          />
          <FieldError id="settings-title-error" text={err('title')} />
        </div>
        <div className="field-row">
          {(
            [
              ['maxMembers', t('form.capacity', { max: GROUP_LIMITS.MAX_MEMBERS }), 1, GROUP_LIMITS.MAX_MEMBERS],
              ['durationMinutes', t('form.length'), 60, 120],
              ['lobbyOpensMinutes', t('form.lobbyOpens'), 0, 120],
              ...(g.kind === 'closed'
                ? ([['lateJoinSessions', t('form.lateJoinSessions'), 0, GROUP_LIMITS.MAX_SESSIONS]] as const)
                : []),
            ] as const
          ).map(([key, label, min, max]) => (
            <div className="field" key={key}>
              <label htmlFor={`settings-${key}`}>{label}</label>
              <input
                id={`settings-${key}`}
                data-field={key}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                value={form[key]}
                onChange={(e) => set(key, e.target.value)}
                {...described(key)}
              />
              <FieldError id={`settings-${key}-error`} text={err(key)} />
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor="settings-agenda">{t('form.agenda')}</label>
          <select
            id="settings-agenda"
            data-field="agendaTemplateId"
            value={form.agendaTemplateId}
            onChange={(e) => set('agendaTemplateId', e.target.value)}
          >
            <option value="">{t('form.agendaNone')}</option>
            {AGENDA_TEMPLATE_IDS.map((a) => (
              <option key={a} value={a}>
                {ta(`template.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-language">{t('form.language')}</label>
          <select
            id="settings-language"
            data-field="language"
            value={form.language}
            onChange={(e) => set('language', e.target.value as Language)}
            aria-describedby="settings-language-hint"
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {tc(`languageName.${lang}`)}
              </option>
            ))}
          </select>
          <p className="hint" id="settings-language-hint">
            {t('form.languageHint')}
          </p>
        </div>
        <RoomSettingsFields idPrefix="settings" value={form.settings} onChange={(s) => set('settings', s)} />
        <fieldset className="field">
          <legend>{t('form.policy')}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="settings-consecutive">{t('form.inARow')}</label>
              <input
                id="settings-consecutive"
                data-field="attendancePolicy.consecutiveUnexcused"
                type="number"
                inputMode="numeric"
                min={1}
                max={20}
                value={form.consecutiveUnexcused}
                onChange={(e) => set('consecutiveUnexcused', e.target.value)}
                {...described('attendancePolicy.consecutiveUnexcused')}
              />
              <FieldError
                id="settings-attendancePolicy.consecutiveUnexcused-error"
                text={err('attendancePolicy.consecutiveUnexcused')}
              />
            </div>
            <div className="field">
              <label htmlFor="settings-total">{t('form.inAll')}</label>
              <input
                id="settings-total"
                data-field="attendancePolicy.totalUnexcused"
                type="number"
                inputMode="numeric"
                min={1}
                max={50}
                value={form.totalUnexcused}
                onChange={(e) => set('totalUnexcused', e.target.value)}
                {...described('attendancePolicy.totalUnexcused')}
              />
              <FieldError
                id="settings-attendancePolicy.totalUnexcused-error"
                text={err('attendancePolicy.totalUnexcused')}
              />
            </div>
          </div>
        </fieldset>
        {/* The group's language first: its text is what members get when theirs has none. */}
        {[g.language, ...LANGUAGES.filter((l) => l !== g.language)].map((lang) => {
          const a = g.agreements[lang];
          const language = t(`languageOf.${lang}`);
          const field = `agreements.${lang}`;
          const hint =
            a.text !== null
              ? t('settings.agreementVersion', { version: a.version })
              : lang !== g.language && g.agreements[g.language].text !== null
                ? t('settings.agreementNone', { language })
                : t('settings.agreementStandard', { version: Math.max(a.version, 1) });
          return (
            <div className="field" key={lang}>
              <label htmlFor={`settings-agreement-${lang}`}>{t('settings.agreement', { language })}</label>
              <textarea
                id={`settings-agreement-${lang}`}
                data-field={field}
                lang={lang}
                rows={8}
                maxLength={GROUP_LIMITS.AGREEMENT_CHARS}
                value={form.agreements[lang]}
                placeholder={STANDARD_AGREEMENTS[lang].points.join('\n')}
                onChange={(e) => set('agreements', { ...form.agreements, [lang]: e.target.value })}
                aria-describedby={`settings-agreement-${lang}-hint`}
                {...(err(field) ? { 'aria-invalid': true } : {})}
              />
              <p className="hint" id={`settings-agreement-${lang}-hint`}>
                {hint}
              </p>
              <FieldError id={`settings-${field}-error`} text={err(field)} />
            </div>
          );
        })}
        {errors[''] && (
          <p role="alert" className="error-text">
            {errors['']}
          </p>
        )}
        <p role="status" className="ok-text">
          {done ?? ''}
        </p>
        <div className="actions">
          <button type="submit" className="primary" aria-busy={busy}>
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
