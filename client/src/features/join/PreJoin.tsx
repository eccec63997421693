import { useEffect, useState } from 'react';
import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { chooseCamera, chooseMicrophone, prepareMedia, startPreview } from '../../actions';
import { VideoView } from '../room/VideoView';
import { useMicLevel } from './useMicLevel';
import { ConnectionCheck } from '../network/ConnectionCheck';
import { useScreenHeading } from '../../ui/useScreenHeading';

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
  const heading = useScreenHeading();
  // Supervisors observe: they never send camera or microphone, so they are not asked for them.
  const supervisor = view?.you.role === 'supervisor';

  useEffect(() => {
    if (!supervisor && !useMediaStore.getState().localStream) void startPreview();
  }, [supervisor]);

  // Already in the room (a therapist, or back after a drop): get the media ready while they check.
  const admitted = view?.you.status === 'admitted';
  useEffect(() => {
    if (admitted) prepareMedia();
  }, [admitted]);

  const mic = localStream?.getAudioTracks()[0];
  const cam = localStream?.getVideoTracks()[0];
  const problemText = PROBLEM_TEXT[problem];

  const title = (
    <>
      <h1 id="prejoin-title" tabIndex={-1} ref={heading}>
        Get ready{view ? `, ${view.you.displayName}` : ''}
      </h1>
      <p>{view?.title}</p>
    </>
  );

  if (supervisor) {
    return (
      <main className="page narrow" aria-labelledby="prejoin-title">
        {title}
        <p>
          You observe openly with your camera and microphone off. Everyone sees your name with “Supervisor observing” on
          a placeholder tile; your own tile looks the same to you.
        </p>
        <BackgroundAlerts />
        <button type="button" className="primary" onClick={onContinue}>
          {continueLabel}
        </button>
      </main>
    );
  }

  return (
    <main className="page narrow" aria-labelledby="prejoin-title">
      {title}
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
          onChange={(e) => void chooseMicrophone(e.target.value)}
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
          onChange={(e) => void chooseCamera(e.target.value)}
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
      {view?.you.role === 'therapist' && <BackgroundAlerts />}
      <p className="hint">You will join with your microphone muted.</p>
      <button type="button" className="primary" onClick={onContinue}>
        {continueLabel}
      </button>
    </main>
  );
}

type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

/**
 * Staff: crisis alerts also reach them as a system notification while Circle's tab is in the background.
 * The browser asks once, here, before the session (never in the middle of an alert).
 */
function BackgroundAlerts() {
  const [permission, setPermission] = useState<Permission>(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (permission === 'unsupported') return null;
  return (
    <section className="card" aria-labelledby="alerts-permission-title">
      <h2 id="alerts-permission-title" className="small">
        Crisis alerts when this tab is in the background
      </h2>
      {permission === 'granted' && (
        <p role="status">On: a crisis alert also shows as a notification from your browser (with no names).</p>
      )}
      {permission === 'denied' && (
        <p role="status">
          Notifications are blocked in this browser. Alerts still change the tab&apos;s title and icon and sound an
          alarm. To allow them, use the icon in the address bar.
        </p>
      )}
      {permission === 'default' && (
        <>
          <p>
            A crisis alert changes the tab&apos;s title and icon and sounds an alarm. It can also notify you when you
            are in another tab or window.
          </p>
          <button type="button" onClick={() => void Notification.requestPermission().then((p) => setPermission(p))}>
            Allow crisis notifications
          </button>
        </>
      )}
    </section>
  );
}
