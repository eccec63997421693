import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { useT } from '../../i18n';

/**
 * The room in the clear, because the therapist admitted someone whose browser cannot encrypt: said on
 * every screen, in full (never in the strip that scrolls sideways on a phone), naming who it is for.
 * And on the page of a browser that cannot encrypt, until the therapist lets it in without.
 */
export function E2eeClearBanner() {
  const e2ee = useMediaStore((s) => s.e2ee);
  const view = useRoomStore((s) => s.view);
  const { t } = useT('network');
  const unencrypted = view?.unencrypted ?? [];
  if (e2ee.state === 'off' || !view) return null;
  // This browser cannot encrypt, and the therapist has not let it in without: said in full too.
  if (e2ee.state === 'unsupported' && !unencrypted.includes(view.you.id)) {
    return (
      <p className="banner warning" role="status">
        {t('e2ee.unsupported')}
      </p>
    );
  }
  if (unencrypted.length === 0) return null;
  const names = unencrypted
    .filter((id) => id !== view.you.id)
    .map((id) => view.participants.find((p) => p.id === id)?.displayName)
    .filter((n): n is string => !!n);
  return (
    <p className="banner warning e2ee-clear" role="status">
      <span aria-hidden="true">🔓 </span>
      {unencrypted.includes(view.you.id) ? t('e2ee.clearSelf') : t('e2ee.clear', { names: names.join(', ') })}
    </p>
  );
}

/**
 * End-to-end encryption, in the room's status strip: that it is on, and the session's safety code
 * (six pictures, the same on every screen holding the same keys) to compare with what the therapist
 * reads out. The room in the clear, and a browser that cannot encrypt, are E2eeClearBanner's.
 */
export function E2eeStatus() {
  const e2ee = useMediaStore((s) => s.e2ee);
  const view = useRoomStore((s) => s.view);
  const { t } = useT('network');
  if (e2ee.state === 'off') return null;
  if (e2ee.state === 'unsupported' || (view?.unencrypted ?? []).length > 0) return null;
  const name = (key: string) => t(`e2ee.picture.${key}` as 'e2ee.picture.apple');
  return (
    <details className="e2ee">
      <summary>
        <span aria-hidden="true">🔒 </span>
        {t('e2ee.on')}
      </summary>
      {e2ee.code ? (
        <div className="e2ee-code">
          <p id="safety-code-label">{t('e2ee.codeLabel')}</p>
          <ol className="safety-code" aria-labelledby="safety-code-label">
            {e2ee.code.map((p, i) => (
              <li key={i}>
                <span aria-hidden="true" className="safety-picture">
                  {p.picture}
                </span>
                <span className="safety-name">{name(p.name)}</span>
              </li>
            ))}
          </ol>
          <p className="hint">{t('e2ee.codeHint')}</p>
        </div>
      ) : (
        <p className="hint">{t('e2ee.codeWaiting')}</p>
      )}
    </details>
  );
}
