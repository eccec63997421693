import { useEffect, useId, useState } from 'react';
import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import {
  chooseCamera,
  chooseMicrophone,
  chooseSpeaker,
  joinWithCamera,
  joinWithMic,
  prepareMedia,
  startPreview,
} from '../../actions/room';
import { VideoView } from '../room/VideoView';
import { useMicLevel } from './useMicLevel';
import { LEVEL_TEXT } from './micLevel';
import { canChooseSpeaker, playTestSound } from './speaker';
import { ConnectionCheck } from '../network/ConnectionCheck';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { sessionTimeText } from '../../ui/clockTime';
import './prejoin.css';

const PROBLEM_TEXT = {
  none: null,
  'no-camera': 'We could not use your camera. You can still join with your microphone (audio only).',
  'no-microphone': 'We could not use your microphone. You can still join and listen; others will see you.',
  'no-devices':
    'We could not use your camera or microphone. You can still join and listen. To allow them, use the camera icon in the address bar and reload.',
} as const;

/** What joining will be like, in one sentence. */
function joiningText(camera: boolean, mic: boolean): string {
  return `You join with camera ${camera ? 'on' : 'off'}, microphone ${mic ? 'on' : 'muted'}.`;
}

/**
 * Camera and microphone check before entering: preview, "Camera" and "Microphone" switches for how
 * they enter, a level meter, device and speaker choice with a test sound, the connection check.
 * Laid out so the primary action is on screen without scrolling on a phone (375×812) and a laptop
 * (1366×768); on smaller screens it stays pinned at the bottom.
 */
export function PreJoin({ onContinue, continueLabel }: { onContinue: () => void; continueLabel: string }) {
  const view = useRoomStore((s) => s.view);
  const { localStream, problem, devices, micId, cameraId, speakerId, cameraOn, micOn } = useMediaStore();
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
    <div className="prejoin-title">
      <h1 id="prejoin-title" tabIndex={-1} ref={heading}>
        Get ready{view ? `, ${view.you.displayName}` : ''}
      </h1>
      {view && (
        <p>
          {view.title} ·{' '}
          <time dateTime={new Date(view.startsAt).toISOString()}>
            {sessionTimeText(view.startsAt, view.durationMinutes)}
          </time>
        </p>
      )}
    </div>
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

  const speakers = canChooseSpeaker() ? devices.audiooutput : [];
  return (
    <main className="page prejoin" aria-labelledby="prejoin-title">
      <div className="prejoin-media">
        {title}
        <div className="preview">
          {cam && cameraOn ? (
            <VideoView track={cam} muted mirrored label="Your camera preview" />
          ) : (
            <div className="tile-placeholder" role="img" aria-label={cam ? 'Camera off' : 'No camera'}>
              {cam ? 'Camera off' : 'No camera'}
            </div>
          )}
        </div>
        <div className="prejoin-switches">
          <Switch
            label="Camera"
            name="Camera when you join"
            on={!!cam && cameraOn}
            disabled={!cam}
            onChange={(on) => void joinWithCamera(on)}
          />
          <Switch
            label="Microphone"
            name="Microphone when you join"
            on={!!mic && micOn}
            disabled={!mic}
            onChange={(on) => void joinWithMic(on)}
          />
        </div>
        <p className="hint prejoin-joining">{joiningText(!!cam && cameraOn, !!mic && micOn)}</p>
        {mic && <MicMeter stream={localStream} />}
      </div>

      <div className="prejoin-settings">
        {problemText && (
          <p role="alert" className="warning">
            {problemText}
          </p>
        )}
        <div className="prejoin-devices">
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
          {speakers.length > 0 && (
            <>
              <label htmlFor="speaker-select">Speaker</label>
              <select id="speaker-select" value={speakerId ?? ''} onChange={(e) => chooseSpeaker(e.target.value)}>
                <option value="">System default</option>
                {speakers
                  .filter((d) => d.deviceId !== 'default')
                  .map((d, i) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label || `Speaker ${i + 1}`}
                    </option>
                  ))}
              </select>
            </>
          )}
        </div>
        <ConnectionCheck beside={<TestSound speakerId={speakerId} />} />
        {view?.you.role === 'therapist' && <BackgroundAlerts />}
        <div className="prejoin-actions">
          <button type="button" className="primary" onClick={onContinue}>
            {continueLabel}
          </button>
        </div>
      </div>
    </main>
  );
}

/** An on/off switch with its state written next to it. */
function Switch({
  label,
  name,
  on,
  disabled,
  onChange,
}: {
  label: string;
  name: string;
  on: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        aria-label={name}
        checked={on}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch-label" aria-hidden="true">
        {label}
      </span>
      <span className="switch-state" aria-hidden="true">
        {on ? 'On' : 'Off'}
      </span>
    </label>
  );
}

/** The microphone's level as a bar, calibrated to speech (micLevel.ts), with what it means in words. */
function MicMeter({ stream }: { stream: MediaStream | null }) {
  const { percent, word } = useMicLevel(stream);
  const id = useId();
  return (
    <div className="mic-meter" data-word={word}>
      <span id={id} className="mic-meter-label">
        Microphone level
      </span>
      <div
        className="mic-meter-bar"
        role="meter"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${LEVEL_TEXT[word]}`}
      >
        <div className="mic-meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="mic-meter-word">{LEVEL_TEXT[word]}</span>
    </div>
  );
}

function TestSound({ speakerId }: { speakerId: string | null }) {
  const [state, setState] = useState<'idle' | 'playing' | 'played'>('idle');
  const play = async () => {
    setState('playing');
    await playTestSound(speakerId).catch(() => undefined);
    setState('played');
  };
  return (
    <div className="test-sound">
      <button type="button" onClick={() => void play()} disabled={state === 'playing'}>
        {state === 'playing' ? 'Playing…' : 'Play test sound'}
      </button>
      <span className="hint" role="status">
        {state === 'played' ? 'Heard two notes? If not, turn up the volume or choose another speaker.' : ''}
      </span>
    </div>
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
    <section className="card background-alerts" aria-labelledby="alerts-permission-title">
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
