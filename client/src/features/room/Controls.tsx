import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { roomClient } from '../../net/RoomClient';

export function Controls() {
  const view = useRoomStore((s) => s.view);
  const { micOn, cameraOn, localStream, joined, audioOnly } = useMediaStore();
  if (!view) return null;
  const me = view.participants.find((p) => p.id === view.you.id);
  const hasMic = !!localStream?.getAudioTracks().length;
  const hasCam = !!localStream?.getVideoTracks().length;
  const publisher = view.you.role !== 'supervisor';
  const handUp = me?.handRaisedAt != null;

  return (
    <nav className="controls" aria-label="Call controls">
      {publisher && (
        <button
          type="button"
          aria-pressed={micOn}
          disabled={!hasMic || !joined}
          onClick={() => void roomClient.setMic(!micOn)}
        >
          {micOn ? 'Mute microphone' : 'Unmute microphone'}
        </button>
      )}
      {publisher && (
        <button
          type="button"
          aria-pressed={cameraOn}
          disabled={!hasCam || !joined || audioOnly}
          onClick={() => void roomClient.setCamera(!cameraOn)}
        >
          {cameraOn ? 'Stop camera' : 'Start camera'}
        </button>
      )}
      {publisher && (
        <button
          type="button"
          aria-pressed={audioOnly}
          disabled={!joined}
          onClick={() => void roomClient.setAudioOnly(!audioOnly)}
        >
          {audioOnly ? 'Turn video back on' : 'Audio only'}
        </button>
      )}
      {publisher && !audioOnly && (
        <button
          type="button"
          disabled={!joined}
          onClick={() => void roomClient.setAudioOnly(true, { listenOnly: true })}
        >
          Listen only
        </button>
      )}
      {view.you.role === 'member' && (
        <button
          type="button"
          aria-pressed={handUp}
          onClick={() => void roomClient.act(handUp ? 'hand:lower' : 'hand:raise', {})}
        >
          {handUp ? 'Lower hand' : 'Raise hand'}
        </button>
      )}
      <button type="button" className="danger" onClick={() => void roomClient.leave()}>
        Leave session
      </button>
    </nav>
  );
}
