import { useState, type FormEvent } from 'react';
import { LIMITS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { checkIn } from '../../actions';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { currentLanguage, useT } from '../../i18n';
import { isLanguage } from '@circle/shared/i18n';

/** The group agreement, then the safety check-in (location, private place, emergency contact). */
export function CheckIn() {
  const { t } = useT('checkin');
  const view = useRoomStore((s) => s.view);
  const [accepted, setAccepted] = useState(false);
  const [location, setLocation] = useState('');
  const [safe, setSafe] = useState(false);
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useScreenHeading();
  if (!view?.agreement) return null;
  // The agreement in the language this person reads (the room's default language's text otherwise).
  const lang = currentLanguage();
  const readIn = isLanguage(lang) ? lang : null;
  const agreement = (readIn && view.agreements?.[readIn]) || view.agreement;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!accepted) return setError(t('needAgreement'));
    if (!location.trim()) return setError(t('needLocation'));
    if (!safe) return setError(t('needSafePlace'));
    setBusy(true);
    const res = await checkIn({
      agreementVersion: agreement.version,
      location,
      emergencyContact: contact,
      ...(readIn && view.agreements?.[readIn] ? { language: agreement.language } : {}),
    });
    setBusy(false);
    if (!res.ok) setError(res.message);
  };

  return (
    <main className="page narrow" aria-labelledby="checkin-title">
      <h1 id="checkin-title" tabIndex={-1} ref={heading}>
        {t('title', { title: view.title })}
      </h1>
      <LanguagePicker />
      <form onSubmit={submit} noValidate>
        <section aria-labelledby="agreement-title" className="card">
          <h2 id="agreement-title">{t('agreementTitle')}</h2>
          <ol>
            {agreement.points.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
          <label className="check">
            <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />
            {t('accept', { version: agreement.version })}
          </label>
        </section>
        <section aria-labelledby="safety-title" className="card">
          <h2 id="safety-title">{t('safetyTitle')}</h2>
          <p className="hint">{t('privacy')}</p>
          <div className="field">
            <label htmlFor="location">{t('location')}</label>
            <input
              id="location"
              value={location}
              maxLength={LIMITS.LOCATION_CHARS}
              autoComplete="address-level2"
              onChange={(e) => setLocation(e.target.value)}
              required
            />
          </div>
          <label className="check">
            <input type="checkbox" checked={safe} onChange={(e) => setSafe(e.target.checked)} />
            {t('safePlace')}
          </label>
          <div className="field">
            <label htmlFor="contact">{t('contact')}</label>
            <input
              id="contact"
              value={contact}
              maxLength={LIMITS.EMERGENCY_CONTACT_CHARS}
              onChange={(e) => setContact(e.target.value)}
            />
          </div>
        </section>
        {error && (
          <p role="alert" className="warning">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </main>
  );
}
