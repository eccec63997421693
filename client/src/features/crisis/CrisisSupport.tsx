import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { CRISIS_SHORTCUT } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { raiseCrisisAlert } from '../../actions/room';
import { LifelineLinks } from './LifelineLinks';
import { useT } from '../../i18n';

/**
 * The crisis button and its panel. Everything in the panel is in the page already: it opens with no
 * server round trip and works while disconnected. Alerting the therapist is optional and private.
 */
export function CrisisSupport() {
  const { t } = useT('crisis');
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.key.toLowerCase() === CRISIS_SHORTCUT.key) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="crisis-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-keyshortcuts="Alt+Shift+H"
        title={t('buttonTitle', { shortcut: CRISIS_SHORTCUT.label })}
        onClick={() => setOpen(true)}
      >
        {t('button')}
      </button>
      {/* In <body>, above everything else on the page (the top bar would otherwise contain it). */}
      {open && createPortal(<CrisisPanel onClose={close} />, document.body)}
    </>
  );
}

function CrisisPanel({ onClose }: { onClose: () => void }) {
  const { t } = useT('crisis');
  const ref = useRef<HTMLDivElement>(null);
  const view = useRoomStore((s) => s.view);
  const connection = useRoomStore((s) => s.connection);
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('h2')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      if (e.key === 'Tab' && ref.current) {
        // Keep focus inside the dialog.
        const items = ref.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled])');
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) return;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const canAlert = view?.you.role === 'member' && connection === 'connected';
  const mine = view?.myCrisis ?? null;

  const alertTherapist = async () => {
    setSending(true);
    setFailed(false);
    const sent = await raiseCrisisAlert();
    setSending(false);
    if (!sent) setFailed(true);
  };

  return (
    <div className="crisis-backdrop">
      <div ref={ref} className="crisis-panel" role="dialog" aria-modal="true" aria-labelledby="crisis-title">
        <h2 id="crisis-title" tabIndex={-1}>
          {t('panel.title')}
        </h2>
        <p>{t('panel.text')}</p>
        <LifelineLinks />
        {canAlert && (
          <section aria-label={t('panel.tellTherapist')} className="crisis-alert">
            {!mine || mine.state === 'resolved' ? (
              <button type="button" className="primary" onClick={alertTherapist} disabled={sending}>
                {t('panel.alert')}
              </button>
            ) : (
              <p role="status" aria-live="polite">
                {mine.state === 'acknowledged' ? t('panel.acknowledged') : t('panel.notified')}
              </p>
            )}
            {failed && <p role="alert">{t('panel.failed')}</p>}
          </section>
        )}
        <button type="button" onClick={onClose}>
          {t('panel.close')}
        </button>
      </div>
    </div>
  );
}
