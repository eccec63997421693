import { useMediaStore } from '../../stores/useMediaStore';
import { setAudioOnly } from '../../actions';
import { browserSupport, supportMessage } from '../../ui/browserSupport';

/** The id of the room's sentence saying why sound and video cannot be used (disabled controls point to it). */
export const MEDIA_WHY_ID = 'media-why';

/**
 * When the person's own sound and video cannot work at all: this browser cannot do video calls, or the
 * media could not connect. Said in full, wrapped (not in the room's one-line status strip): what it
 * means, what to do, and what still works. Disabled controls point here (`aria-describedby`).
 */
export function MediaProblemBanner() {
  const { audioOnlyReason, mediaLink } = useMediaStore();
  const support = browserSupport();
  if (support.gap) {
    const m = supportMessage(support.gap, window.isSecureContext);
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
        <strong>Your sound and video could not connect from this network.</strong> Others cannot see or hear you, and
        you cannot see or hear them; we keep trying. A phone hotspot or another network often helps. Meanwhile, Messages
        reaches your therapist privately, and Crisis support is at the top of the screen.
      </p>
    );
  }
  return null;
}

/** While audio-only (with media connected): why, and one press back to video. */
export function AudioOnlyBanner() {
  const { audioOnly, audioOnlyReason, mediaLink } = useMediaStore();
  if (!audioOnly || browserSupport().gap || (audioOnlyReason === 'network' && mediaLink !== 'up')) return null;
  return (
    <p className="banner" role="status">
      {audioOnlyReason === 'network'
        ? 'Your connection is struggling, so you are on audio only. Others can still hear you.'
        : 'You are on audio only: others hear you, and video is kept small to save your connection.'}{' '}
      <button type="button" onClick={() => void setAudioOnly(false)}>
        Turn video back on
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
  const support = browserSupport();
  if (support.gap && !support.canSend)
    return { title: supportMessage(support.gap).controlReason, 'aria-describedby': MEDIA_WHY_ID };
  if (mediaLink === 'failed')
    return {
      title: 'Not available: your sound and video could not connect from this network.',
      'aria-describedby': MEDIA_WHY_ID,
    };
  return null;
}
