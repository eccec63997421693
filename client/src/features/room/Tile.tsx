import { useRef } from 'react';
import type { ParticipantView } from '@circle/shared';
import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { AudioSink, VideoView } from './VideoView';
import { useTileView } from './useTileView';
import { ReactionBadge } from '../reactions/ReactionBadge';

const ROLE_LABEL = { therapist: 'Therapist', supervisor: 'Supervisor observing', member: null } as const;

export function Tile({ participant, self }: { participant: ParticipantView; self: boolean }) {
  const remote = useMediaStore((s) => s.remote[participant.id]);
  const localStream = useMediaStore((s) => s.localStream);
  const cameraOn = useMediaStore((s) => s.cameraOn);
  const speaking = useRoomStore((s) => s.speaking.includes(participant.id));
  const floor = useRoomStore((s) => s.view?.speaking.floor?.participantId === participant.id);
  // Staff only (members never receive alerts): this member asked for crisis support and it is still open.
  const crisis = useRoomStore((s) =>
    (s.view?.crisisAlerts ?? []).find((a) => a.participantId === participant.id && a.state !== 'resolved'),
  );
  const ref = useRef<HTMLLIElement>(null);
  useTileView(ref, participant.id, !self);

  // What one sees of oneself matches what the group sees: a supervisor never publishes video, so their own
  // tile shows the same placeholder the group sees, not their live camera.
  const publishes = participant.role !== 'supervisor';
  const track = self ? (cameraOn && publishes ? localStream?.getVideoTracks()[0] : undefined) : remote?.video;
  const showVideo = !!track && (self || (participant.cameraOn && !remote?.videoPaused));
  const roleLabel = ROLE_LABEL[participant.role];
  const status = [
    crisis ? (crisis.state === 'raised' ? 'crisis alert, not yet acknowledged' : 'crisis alert') : null,
    participant.reconnecting ? 'reconnecting…' : null,
    participant.micOn ? null : 'muted',
    participant.handRaisedAt !== null ? 'hand raised' : null,
    floor ? 'has the floor' : null,
    participant.audioOnly ? 'audio only' : null,
  ].filter(Boolean);

  return (
    <li
      ref={ref}
      className={`tile${speaking ? ' speaking' : ''}${floor ? ' floor' : ''}${crisis ? ' crisis' : ''}`}
      aria-label={`${participant.displayName}${self ? ' (you)' : ''}${roleLabel ? `, ${roleLabel}` : ''}${
        status.length ? `, ${status.join(', ')}` : ''
      }`}
      data-participant={participant.id}
    >
      {showVideo && track ? (
        <VideoView track={track} mirrored={self} label={`Video of ${participant.displayName}`} />
      ) : (
        <div className="tile-placeholder" aria-hidden="true">
          {participant.displayName.slice(0, 1).toUpperCase()}
        </div>
      )}
      {!self && remote?.audio && <AudioSink track={remote.audio} />}
      <ReactionBadge participantId={participant.id} />
      <div className="tile-name">
        <span>
          {participant.displayName}
          {self ? ' (you)' : ''}
        </span>
        {crisis && <span className="badge crisis-badge">⚠ Crisis alert</span>}
        {roleLabel && <span className="badge">{roleLabel}</span>}
        {self && !publishes && <span className="badge">Camera and microphone off</span>}
        {participant.handRaisedAt !== null && <span className="badge">✋ Hand raised</span>}
        {!participant.micOn && participant.role !== 'supervisor' && <span className="badge">Muted</span>}
        {participant.reconnecting && <span className="badge warn">Reconnecting…</span>}
        {participant.audioOnly && <span className="badge">Audio only</span>}
      </div>
    </li>
  );
}
