import { useMediaStore } from '../../stores/useMediaStore';
import { setAudioOnly } from '../../actions';
import { browserSupport, supportMessage } from '../../ui/browserSupport';
import { useT } from '../../i18n';

/** The id of the room's sentence saying why sound and video cannot be used (disabled controls point to it). */
export const MEDIA_WHY_ID = 'media-why';

/**
 * When the person's own sound and video cannot work at all: this browser cannot do video calls, or the
 * media could not connect. Said in full, wrapped (not in the room's one-line status strip): what it
 * means, what to do, and what still works. Disabled controls point here (`aria-describedby`).
 */
export function MediaProblemBanner() {
  const { audioOnlyReason, mediaLink } = useMediaStore();
  const { t } = useT('network');
  const { t: ts } = useT('support');
  const support = browserSupport();
  if (support.gap) {
    const m = supportMessage(support.gap, window.isSecureContext, (k) => ts(k as never));
    return (
      <p className="banner warning media-problem" role="status" id={MEDIA_WHY_ID}>
        <strong>{m.headline}</strong> {m.inRoom}
      </p>
    );
  }
  // Nothing connected: never "on audio only" (there is no audio either).
  if (mediaLink === 'failed' || (audioOnlyReason === 'network' && mediaLink !== 'up')) {
    return (
      <p className="banner warning media-problem" role="status" id={MEDIA_WHY_ID}>
        <strong>{t('mediaFailed.title')}</strong> {t('mediaFailed.body')}
      </p>
    );
  }
  return null;
}

/** While audio-only (with media connected): why, and one press back to video. */
export function AudioOnlyBanner() {
  const { audioOnly, audioOnlyReason, mediaLink } = useMediaStore();
  const { t } = useT('network');
  if (!audioOnly || browserSupport().gap || (audioOnlyReason === 'network' && mediaLink !== 'up')) return null;
  return (
    <p className="banner" role="status">
      {audioOnlyReason === 'network' ? t('audioOnlyNetwork') : t('audioOnlyChosen')}{' '}
      <button type="button" onClick={() => void setAudioOnly(false)}>
        {t('videoBack')}
      </button>
    </p>
  );
}

/**
 * Why the microphone, camera and audio-only controls are disabled, if this browser or its connection
 * is the reason: their title, and `aria-describedby` pointing at the banner above that says it in full.
 */
export function useMediaUnavailable(): { title: string; 'aria-describedby': string } | null {
  const mediaLink = useMediaStore((s) => s.mediaLink);
  const { t } = useT('support');
  const support = browserSupport();
  if (support.gap && !support.canSend)
    return {
      title: supportMessage(support.gap, true, (k) => t(k as never)).controlReason,
      'aria-describedby': MEDIA_WHY_ID,
    };
  if (mediaLink === 'failed') return { title: t('linkFailed'), 'aria-describedby': MEDIA_WHY_ID };
  return null;
}
