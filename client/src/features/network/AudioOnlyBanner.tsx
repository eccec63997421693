import { useMediaStore } from '../../stores/useMediaStore';
import { setAudioOnly } from '../../actions';
import { useT } from '../../i18n';

/** While audio-only: why, and one press back to video. */
export function AudioOnlyBanner() {
  const { audioOnly, audioOnlyReason } = useMediaStore();
  const { t } = useT('network');
  if (!audioOnly) return null;
  return (
    <p className="banner" role="status">
      {audioOnlyReason === 'network' ? t('audioOnlyNetwork') : t('audioOnlyChosen')}{' '}
      <button type="button" onClick={() => void setAudioOnly(false)}>
        {t('videoBack')}
      </button>
    </p>
  );
}
