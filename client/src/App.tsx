import { useEffect, useState } from 'react';
import { useRoomStore } from './stores/useRoomStore';
import { roomClient, RoomClient } from './net/RoomClient';
import { CrisisSupport } from './features/crisis/CrisisSupport';
import { PreJoin } from './features/join/PreJoin';
import { CheckIn } from './features/checkin/CheckIn';
import { Lobby } from './features/lobby/Lobby';
import { Room } from './features/room/Room';
import { Notices } from './ui/Notices';
import { SessionRecordLinks } from './features/agenda/AgendaEditor';

const ENDED_TEXT = {
  removed: 'Your therapist has removed you from this session.',
  declined: 'Your therapist could not admit you to this session.',
  left: 'You have left the session. Take care of yourself.',
  replaced: 'You joined this session from another window or device.',
  ended: 'The session has ended. Thank you for being part of the group today.',
} as const;

export function App() {
  const [token] = useState(() => RoomClient.takeToken());
  const [ready, setReady] = useState(false);
  const { connection, error, ended, view } = useRoomStore();

  useEffect(() => {
    if (token) roomClient.connect(token);
    return () => roomClient.disconnect();
  }, [token]);

  const member = view?.you.role === 'member';
  const showCrisis = !view || member;

  let body: React.ReactNode;
  if (!token) {
    body = (
      <main className="page narrow">
        <h1>Welcome to Circle</h1>
        <p>To join a group, open the invitation link your therapist sent you.</p>
      </main>
    );
  } else if (ended) {
    body = (
      <main className="page narrow">
        <h1>Session closed</h1>
        <p role="status">{ended.message ?? ENDED_TEXT[ended.reason]}</p>
        {view?.you.role === 'therapist' && <SessionRecordLinks />}
      </main>
    );
  } else if (connection === 'failed') {
    body = (
      <main className="page narrow">
        <h1>We could not connect you</h1>
        <p role="alert">{error?.message ?? 'Please check your connection and try again.'}</p>
        <button type="button" onClick={() => token && roomClient.connect(token)}>
          Try again
        </button>
      </main>
    );
  } else if (!view) {
    body = (
      <main className="page narrow">
        <p role="status">Connecting…</p>
      </main>
    );
  } else if (!ready) {
    body = (
      <PreJoin
        continueLabel={member && view.you.status !== 'admitted' ? 'Continue' : 'Join the session'}
        onContinue={() => setReady(true)}
      />
    );
  } else if (view.you.status === 'arriving') {
    body = <CheckIn />;
  } else if (view.you.status === 'waiting') {
    body = <Lobby />;
  } else if (view.you.status === 'admitted') {
    body = <Room />;
  } else {
    body = (
      <main className="page narrow">
        <p role="status">This session is closed for you.</p>
      </main>
    );
  }

  return (
    <>
      <header className="topbar">
        <span className="brand">Circle</span>
        {connection === 'reconnecting' && (
          <span className="conn warn" role="status">
            Reconnecting…
          </span>
        )}
        {connection === 'connecting' && view && (
          <span className="conn" role="status">
            Connecting…
          </span>
        )}
        {showCrisis && <CrisisSupport />}
      </header>
      <Notices />
      {body}
    </>
  );
}
