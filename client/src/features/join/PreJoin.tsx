import { useEffect } from 'react';
import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { roomClient } from '../../net/RoomClient';
import { VideoView } from '../room/VideoView';
import { useMicLevel } from './useMicLevel';
import { ConnectionCheck } from '../network/ConnectionCheck';

const PROBLEM_TEXT = {
  none: null,
  'no-camera': 'We could not use your camera. You can still join with your microphone (audio only).',
  'no-microphone': 'We could not use your microphone. You can still join and listen; others will see you.',
  'no-devices':
    'We could not use your camera or microphone. You can still join and listen. To allow them, use the camera icon in the address bar and reload.',
} as const;

/** Camera and microphone check before entering: preview, device pickers, live level meter. */
export function PreJoin({ onContinue, continueLabel }: { onContinue: () => void; continueLabel: string }) {
  const view = useRoomStore((s) => s.view);
  const { localStream, problem, devices, micId, cameraId } = useMediaStore();
  const level = useMicLevel(localStream);

  useEffect(() => {
    if (!useMediaStore.getState().localStream) void roomClient.startPreview();
  }, []);

  // Already in the room (a therapist, or back after a drop): get the media ready while they check.
  const admitted = view?.you.status === 'admitted';
  useEffect(() => {
    if (admitted) roomClient.prepareMedia();
  }, [admitted]);

  const mic = localStream?.getAudioTracks()[0];
  const cam = localStream?.getVideoTracks()[0];
  const problemText = PROBLEM_TEXT[problem];

  return (
    <main className="page narrow" aria-labelledby="prejoin-title">
      <h1 id="prejoin-title">Get ready{view ? `, ${view.you.displayName}` : ''}</h1>
      <p>{view?.title}</p>
      <div className="preview">
        {cam ? (
          <VideoView track={cam} muted mirrored label="Your camera preview" />
        ) : (
          <div className="tile-placeholder" role="img" aria-label="No camera">
            Camera off
          </div>
        )}
      </div>
      {problemText && (
        <p role="alert" className="warning">
          {problemText}
        </p>
      )}
      <div className="field">
        <label htmlFor="mic-select">Microphone</label>
        <select
          id="mic-select"
          value={micId ?? mic?.getSettings().deviceId ?? ''}
          onChange={(e) => void roomClient.chooseDevice('audioinput', e.target.value)}
          disabled={devices.audioinput.length === 0}
        >
          {devices.audioinput.length === 0 && <option value="">No microphone</option>}
          {devices.audioinput.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `Microphone ${i + 1}`}
            </option>
          ))}
        </select>
        <meter
          aria-label="Microphone level"
          min={0}
          max={1}
          low={0.05}
          high={0.8}
          optimum={0.3}
          value={mic ? level : 0}
        />
      </div>
      <div className="field">
        <label htmlFor="camera-select">Camera</label>
        <select
          id="camera-select"
          value={cameraId ?? cam?.getSettings().deviceId ?? ''}
          onChange={(e) => void roomClient.chooseDevice('videoinput', e.target.value)}
          disabled={devices.videoinput.length === 0}
        >
          {devices.videoinput.length === 0 && <option value="">No camera</option>}
          {devices.videoinput.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `Camera ${i + 1}`}
            </option>
          ))}
        </select>
      </div>
      <ConnectionCheck />
      <p className="hint">You will join with your microphone muted.</p>
      <button type="button" className="primary" onClick={onContinue}>
        {continueLabel}
      </button>
    </main>
  );
}
