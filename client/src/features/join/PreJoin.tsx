import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useMediaStore } from '../../stores/useMediaStore';
import { useEffectsStore } from '../../stores/useEffectsStore';
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
import { canChooseSpeaker, playTestSound } from './speaker';
import { ConnectionCheck } from '../network/ConnectionCheck';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { sessionTimeText } from '../../ui/clockTime';
import { browserSupport, supportMessage } from '../../ui/browserSupport';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { intlLocale, useT } from '../../i18n';
import './prejoin.css';

// The effects' switches load when opened (their actions are not part of the first screen).
const EffectsMenuItems = lazy(() =>
  import('../effects/EffectsMenuItems').then((m) => ({ default: m.EffectsMenuItems })),
);

const PROBLEM_KEY = {
  none: null,
  'no-camera': 'problem.noCamera',
  'no-microphone': 'problem.noMicrophone',
  'no-devices': 'problem.noDevices',
} as const;

/** What joining will be like, in one sentence (a whole sentence per case: word order differs by language). */
function joiningKey(camera: boolean, mic: boolean) {
  return `joining.${camera ? 'on' : 'off'}${mic ? 'On' : 'Muted'}` as const;
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
  const outgoingVideo = useEffectsStore((s) => s.outgoingVideo);
  const heading = useScreenHeading();
  const { t } = useT('join');
  // Supervisors observe: they never send camera or microphone, so they are not asked for them.
  const supervisor = view?.you.role === 'supervisor';

  // A browser that cannot send (no WebRTC, no codec, no device access) shows no camera it could not use.
  const canSend = browserSupport().canSend;
  useEffect(() => {
    if (!supervisor && canSend && !useMediaStore.getState().localStream) void startPreview();
  }, [supervisor, canSend]);

  // Already in the room (a therapist, or back after a drop): get the media ready while they check.
  const admitted = view?.you.status === 'admitted';
  useEffect(() => {
    if (admitted) prepareMedia();
  }, [admitted]);

  const mic = localStream?.getAudioTracks()[0];
  const cam = localStream?.getVideoTracks()[0];
  const support = browserSupport();
  // A browser that cannot do it at all is told so (and what still works), not "allow the camera".
  const problemKey = support.gap ? null : PROBLEM_KEY[problem];
  const problemText = problemKey ? t(problemKey) : null;

  const title = (
    <div className="prejoin-title">
      <div className="prejoin-title-text">
        <h1 id="prejoin-title" tabIndex={-1} ref={heading}>
          {view ? t('headingNamed', { name: view.you.displayName }) : t('heading')}
        </h1>
        {view && (
          <p>
            {view.title} ·{' '}
            <time dateTime={new Date(view.startsAt).toISOString()}>
              {sessionTimeText(view.startsAt, view.durationMinutes, { locale: intlLocale() })}
            </time>
          </p>
        )}
      </div>
      <LanguagePicker compact />
    </div>
  );

  if (supervisor) {
    return (
      <main className="page narrow" aria-labelledby="prejoin-title">
        {title}
        <p>{t('supervisorIntro')}</p>
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
        {support.gap ? (
          <BrowserCannot gap={support.gap} />
        ) : (
          <>
            <div className="preview">
              {cam && cameraOn ? (
                // With a background effect on, the preview is what the group will see.
                <VideoView track={outgoingVideo ?? cam} muted mirrored label={t('preview')} />
              ) : (
                <div className="tile-placeholder" role="img" aria-label={cam ? t('cameraOff') : t('noCamera')}>
                  {cam ? t('cameraOff') : t('noCamera')}
                </div>
              )}
            </div>
            <div className="prejoin-switches">
              <Switch
                label={t('camera')}
                name={t('cameraWhenJoin')}
                on={!!cam && cameraOn}
                disabled={!cam}
                onChange={(on) => void joinWithCamera(on)}
              />
              <Switch
                label={t('microphone')}
                name={t('microphoneWhenJoin')}
                on={!!mic && micOn}
                disabled={!mic}
                onChange={(on) => void joinWithMic(on)}
              />
            </div>
            <p className="hint prejoin-joining">{t(joiningKey(!!cam && cameraOn, !!mic && micOn))}</p>
            {mic && <MicMeter stream={localStream} />}
          </>
        )}
      </div>

      <div className="prejoin-settings">
        {problemText && (
          <p role="alert" className="warning">
            {problemText}
          </p>
        )}
        {!support.gap && (
          <div className="prejoin-devices">
            <label htmlFor="mic-select">{t('microphone')}</label>
            <select
              id="mic-select"
              value={micId ?? mic?.getSettings().deviceId ?? ''}
              onChange={(e) => void chooseMicrophone(e.target.value)}
              disabled={devices.audioinput.length === 0}
            >
              {devices.audioinput.length === 0 && <option value="">{t('noMicrophone')}</option>}
              {devices.audioinput.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || t('microphoneN', { n: i + 1 })}
                </option>
              ))}
            </select>
            <label htmlFor="camera-select">{t('camera')}</label>
            <select
              id="camera-select"
              value={cameraId ?? cam?.getSettings().deviceId ?? ''}
              onChange={(e) => void chooseCamera(e.target.value)}
              disabled={devices.videoinput.length === 0}
            >
              {devices.videoinput.length === 0 && <option value="">{t('noCamera')}</option>}
              {devices.videoinput.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || t('cameraN', { n: i + 1 })}
                </option>
              ))}
            </select>
            {speakers.length > 0 && (
              <>
                <label htmlFor="speaker-select">{t('speaker')}</label>
                <select id="speaker-select" value={speakerId ?? ''} onChange={(e) => chooseSpeaker(e.target.value)}>
                  <option value="">{t('systemDefault')}</option>
                  {speakers
                    .filter((d) => d.deviceId !== 'default')
                    .map((d, i) => (
                      <option key={d.deviceId} value={d.deviceId}>
                        {d.label || t('speakerN', { n: i + 1 })}
                      </option>
                    ))}
                </select>
              </>
            )}
          </div>
        )}
        {!support.gap && !supervisor && cam && <EffectsBeforeJoining />}
        {/* With no WebRTC (or no codec) there is no media to check, or to hear: the message says so. */}
        {support.canReceive && <ConnectionCheck beside={<TestSound speakerId={speakerId} />} />}
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

/**
 * Blur or replace the background (and noise suppression) before anyone sees the room behind you:
 * the same switches as the room's "Background and noise", opened here on demand.
 */
function EffectsBeforeJoining() {
  const { t } = useT('room');
  const [open, setOpen] = useState(false);
  return (
    <details className="prejoin-effects" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('controls.backgroundNoise')}</summary>
      {open && (
        <Suspense fallback={null}>
          <EffectsMenuItems />
        </Suspense>
      )}
    </details>
  );
}

/**
 * This browser cannot do video calls (or cannot use a camera or microphone): which browsers work, what
 * to do, and what still works without media (crisis support, a private message to the therapist).
 */
function BrowserCannot({ gap }: { gap: NonNullable<ReturnType<typeof browserSupport>['gap']> }) {
  const { t } = useT('support');
  const m = supportMessage(gap, window.isSecureContext, (k) => t(k as never));
  return (
    <section className="card browser-cannot" role="alert" aria-labelledby="browser-cannot-title">
      <h2 id="browser-cannot-title" className="small">
        {m.headline}
      </h2>
      {m.body.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </section>
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
  const { t } = useT('join');
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
        {on ? t('on') : t('off')}
      </span>
    </label>
  );
}

/** The microphone's level as a bar, calibrated to speech (micLevel.ts), with what it means in words. */
function MicMeter({ stream }: { stream: MediaStream | null }) {
  const { percent, word } = useMicLevel(stream);
  const id = useId();
  const { t } = useT('join');
  return (
    <div className="mic-meter" data-word={word}>
      <span id={id} className="mic-meter-label">
        {t('micLevel')}
      </span>
      <div
        className="mic-meter-bar"
        role="meter"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('micLevelValue', { percent, word: t(`level.${word}`) })}
      >
        <div className="mic-meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="mic-meter-word">{t(`level.${word}`)}</span>
    </div>
  );
}

function TestSound({ speakerId }: { speakerId: string | null }) {
  const [state, setState] = useState<'idle' | 'playing' | 'played'>('idle');
  const { t } = useT('join');
  const play = async () => {
    setState('playing');
    await playTestSound(speakerId).catch(() => undefined);
    setState('played');
  };
  return (
    <div className="test-sound">
      <button type="button" onClick={() => void play()} disabled={state === 'playing'}>
        {state === 'playing' ? t('playing') : t('playTestSound')}
      </button>
      <span className="hint" role="status">
        {state === 'played' ? t('heardTwoNotes') : ''}
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
  const { t } = useT('join');
  if (permission === 'unsupported') return null;
  return (
    <section className="card background-alerts" aria-labelledby="alerts-permission-title">
      <h2 id="alerts-permission-title" className="small">
        {t('alerts.title')}
      </h2>
      {permission === 'granted' && <p role="status">{t('alerts.granted')}</p>}
      {permission === 'denied' && <p role="status">{t('alerts.denied')}</p>}
      {permission === 'default' && (
        <>
          <p>{t('alerts.ask')}</p>
          <button type="button" onClick={() => void Notification.requestPermission().then((p) => setPermission(p))}>
            {t('alerts.allow')}
          </button>
        </>
      )}
    </section>
  );
}
