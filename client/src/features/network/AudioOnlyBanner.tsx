import { useMediaStore } from '../../stores/useMediaStore';
import { setAudioOnly } from '../../actions';

/** While audio-only: why, and one press back to video. */
export function AudioOnlyBanner() {
  const { audioOnly, audioOnlyReason } = useMediaStore();
  if (!audioOnly) return null;
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
