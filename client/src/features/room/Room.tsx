import { lazy, Suspense, useEffect } from 'react';
import type { ParticipantView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { roomClient } from '../../net/RoomClient';
import { Tile } from './Tile';
import { Controls } from './Controls';
import { SpeakingBar } from './SpeakingBar';
import { AgendaBar } from '../agenda/AgendaBar';
import { ChatPanel } from '../chat/ChatPanel';
import { PairsBanner } from '../pairs/PairsBanner';
// Staff tools (agenda editor, supervisor charts…) load only for therapists and supervisors.
const StaffPanel = lazy(() => import('../staff/StaffPanel').then((m) => ({ default: m.StaffPanel })));
import { AudioOnlyBanner } from '../network/AudioOnlyBanner';

export function Room() {
  const view = useRoomStore((s) => s.view);
  const problem = useMediaStore((s) => s.problem);

  useEffect(() => {
    roomClient.joinMedia();
  }, []);

  if (!view) return null;
  const staff = view.you.role !== 'member';
  const admitted = (view.participants as ParticipantView[]).filter((p) => p.status === 'admitted');
  const people = admitted.filter((p) => !p.away);
  const away = admitted.filter((p) => p.away);
  const onBreakScreen = view.onBreak && !view.you.inSideRoom && view.you.role === 'member';
  // Therapists first, then members; the supervisor is listed, never hidden.
  const order = { therapist: 0, member: 1, supervisor: 2 } as const;
  people.sort((a, b) => order[a.role] - order[b.role] || a.displayName.localeCompare(b.displayName));

  return (
    <div className={`room${staff ? ' with-panel' : ''}`}>
      <main className="stage" aria-labelledby="room-title">
        <h1 id="room-title" className="visually-hidden">
          {view.title}
        </h1>
        <AgendaBar />
        <PairsBanner />
        <SpeakingBar />
        <AudioOnlyBanner />
        {problem !== 'none' && view.you.role !== 'supervisor' && (
          <p className="warning" role="status">
            {problem === 'no-devices'
              ? 'You are listening only: your camera and microphone are not available.'
              : problem === 'no-camera'
                ? 'Audio only: your camera is not available.'
                : 'Your microphone is not available: others cannot hear you.'}
          </p>
        )}
        {view.you.inSideRoom && (
          <p className="banner" role="status">
            {view.you.role === 'member'
              ? 'You are in a private room with your therapist. The group cannot see or hear you.'
              : 'Private room. The group cannot see or hear you.'}
          </p>
        )}
        {onBreakScreen ? (
          <section className="break-screen" aria-labelledby="break-title">
            <h2 id="break-title">Short break</h2>
            <p>The group is taking a short break. Your therapist will be back shortly; your microphone is muted.</p>
            <p className="hint">If you need help now, the Crisis support button is at the top of the screen.</p>
          </section>
        ) : (
          <ul className="grid" aria-label="Participants" data-count={people.length}>
            {people.map((p) => (
              <Tile key={p.id} participant={p} self={p.id === view.you.id} />
            ))}
          </ul>
        )}
        {away.length > 0 && !view.you.inSideRoom && (
          <p className="hint">Stepped out: {away.map((p) => p.displayName).join(', ')}</p>
        )}
        <Controls />
        <ChatPanel />
      </main>
      {staff && (
        <Suspense fallback={<aside className="panel" aria-busy="true" aria-label="Loading tools" />}>
          <StaffPanel />
        </Suspense>
      )}
    </div>
  );
}
