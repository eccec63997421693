import { useEffect } from 'react';
import type { ParticipantView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { roomClient } from '../../net/RoomClient';
import { Tile } from './Tile';
import { Controls } from './Controls';
import { SpeakingBar } from './SpeakingBar';
import { AgendaBar } from '../agenda/AgendaBar';
import { StaffPanel } from '../staff/StaffPanel';

export function Room() {
  const view = useRoomStore((s) => s.view);
  const problem = useMediaStore((s) => s.problem);

  useEffect(() => {
    roomClient.joinMedia();
  }, []);

  if (!view) return null;
  const staff = view.you.role !== 'member';
  const people = (view.participants as ParticipantView[]).filter((p) => p.status === 'admitted');
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
        <SpeakingBar />
        {problem !== 'none' && view.you.role !== 'supervisor' && (
          <p className="warning" role="status">
            {problem === 'no-devices'
              ? 'You are listening only: your camera and microphone are not available.'
              : problem === 'no-camera'
                ? 'Audio only: your camera is not available.'
                : 'Your microphone is not available: others cannot hear you.'}
          </p>
        )}
        <ul className="grid" aria-label="Participants" data-count={people.length}>
          {people.map((p) => (
            <Tile key={p.id} participant={p} self={p.id === view.you.id} />
          ))}
        </ul>
        <Controls />
      </main>
      {staff && <StaffPanel />}
    </div>
  );
}
