import { useRoomStore } from '../../stores/useRoomStore';
import { ChatPanel } from '../chat/ChatPanel';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { sessionTimeText } from '../../ui/clockTime';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { intlLocale, Trans, useT } from '../../i18n';
import { E2eeClearBanner, E2eeStatus } from '../network/E2eeStatus';

/** A calm waiting screen until a therapist admits the member. */
export function Lobby() {
  const { t } = useT('lobby');
  const view = useRoomStore((s) => s.view);
  const heading = useScreenHeading();
  if (!view) return null;
  const starts = new Date(view.startsAt);
  return (
    <main className="page narrow lobby" aria-labelledby="lobby-title">
      <h1 id="lobby-title" tabIndex={-1} ref={heading}>
        {view.title}
      </h1>
      <LanguagePicker />
      <p role="status" aria-live="polite">
        {t('waiting')}
      </p>
      <E2eeClearBanner />
      <E2eeStatus />
      <p>
        <Trans
          t={t}
          i18nKey="sessionTime"
          values={{
            when: sessionTimeText(view.startsAt, view.durationMinutes, { locale: intlLocale() }),
            minutes: view.durationMinutes,
          }}
          components={{ time: <time dateTime={starts.toISOString()} /> }}
        />
      </p>
      <ChatPanel />
      <p className="hint">{t('breathe')}</p>
    </main>
  );
}
