import { useRef, type CSSProperties, type ReactNode } from 'react';
import type { ParticipantView } from '@circle/shared';
import { useMediaStore } from '../../stores/useMediaStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { pin, setSelfView, useLayoutStore } from '../../stores/useLayoutStore';
import { askToUnmute, giveFloor, mute, stopCameraOf } from '../../actions';
import { AudioSink, VideoView } from './VideoView';
import { useTileView } from './useTileView';
import { ReactionBadge } from '../reactions/ReactionBadge';
import { useEffectsStore } from '../../stores/useEffectsStore';
import { Menu, MenuItem } from './Menu';
import { Icon } from './icons';
import { useT } from '../../i18n';

const ROLE_LABEL = { therapist: 'tile.therapist', supervisor: 'tile.supervisor', member: null } as const;

/**
 * One participant's tile. `overlay` is the slot for what appears briefly on a tile (quiet reactions):
 * it sits above the video, below the name bar, and never takes pointer events from the tile's menu.
 */
export function Tile({
  participant,
  self,
  style,
  featured = false,
  className,
  overlay,
  children,
}: {
  participant: ParticipantView;
  self: boolean;
  style?: CSSProperties;
  featured?: boolean;
  className?: string;
  overlay?: ReactNode;
  /** Extra content inside the tile (the self-view's move handle). */
  children?: ReactNode;
}) {
  const remote = useMediaStore((s) => s.remote[participant.id]);
  const localStream = useMediaStore((s) => s.localStream);
  // With a background effect on, your own tile shows what the others see (the processed camera).
  const outgoingVideo = useEffectsStore((s) => s.outgoingVideo);
  const cameraOn = useMediaStore((s) => s.cameraOn);
  // E2EE: this browser opens this participant's frames with their key.
  const sealed = useMediaStore((s) => !self && s.e2eeOpened[participant.id] === true);
  const speaking = useRoomStore((s) => s.speaking.includes(participant.id));
  const floor = useRoomStore((s) => s.view?.speaking.floor?.participantId === participant.id);
  // Staff only (members never receive alerts): this member asked for crisis support and it is still open.
  const crisis = useRoomStore((s) =>
    (s.view?.crisisAlerts ?? []).find((a) => a.participantId === participant.id && a.state !== 'resolved'),
  );
  const ref = useRef<HTMLLIElement>(null);
  const { t } = useT('room');
  useTileView(ref, participant.id, !self);

  // What one sees of oneself matches what the group sees: a supervisor never publishes video, so their own
  // tile shows the same placeholder the group sees, not their live camera.
  const publishes = participant.role !== 'supervisor';
  const track = self
    ? cameraOn && publishes
      ? (outgoingVideo ?? localStream?.getVideoTracks()[0])
      : undefined
    : remote?.video;
  const showVideo = !!track && (self || (participant.cameraOn && !remote?.videoPaused));
  const roleKey = ROLE_LABEL[participant.role];
  const roleLabel = roleKey ? t(roleKey) : null;
  const status = [
    crisis ? (crisis.state === 'raised' ? t('tile.crisisRaised') : t('tile.crisis')) : null,
    participant.reconnecting ? t('tile.reconnecting') : null,
    participant.micOn ? null : t('tile.muted'),
    participant.handRaisedAt !== null ? t('tile.handRaised') : null,
    floor ? t('tile.hasFloor') : null,
    participant.audioOnly ? t('tile.audioOnly') : null,
    sealed ? t('tile.encrypted') : null,
  ].filter(Boolean);
  const who = self ? t('you', { name: participant.displayName }) : participant.displayName;

  return (
    <li
      ref={ref}
      style={style}
      className={`tile${speaking ? ' speaking' : ''}${floor ? ' floor' : ''}${crisis ? ' crisis' : ''}${
        featured ? ' featured' : ''
      }${className ? ` ${className}` : ''}`}
      aria-label={`${who}${roleLabel ? `, ${roleLabel}` : ''}${status.length ? `, ${status.join(', ')}` : ''}`}
      data-participant={participant.id}
    >
      {showVideo && track ? (
        <VideoView track={track} mirrored={self} label={t('tile.videoOf', { name: participant.displayName })} />
      ) : (
        <div className="tile-placeholder">
          <span className="placeholder-initial" aria-hidden="true">
            {participant.displayName.slice(0, 1).toUpperCase()}
          </span>
          {/* In the placeholder, not the badge row: the small floating self-view hides its badges. */}
          {self && !publishes && (
            <span className="placeholder-note" title={t('tile.noMedia')}>
              <span className="note-icons" aria-hidden="true">
                <Icon name="cameraOff" size={18} />
                <Icon name="micOff" size={18} />
              </span>
              <span className="note-text">{t('tile.noMedia')}</span>
            </span>
          )}
        </div>
      )}
      {!self && remote?.audio && <AudioSink track={remote.audio} />}
      <ReactionBadge participantId={participant.id} />
      {/* Slot: what shows briefly on this tile (quiet reactions) goes here, via the `overlay` prop. */}
      {overlay && <div className="tile-overlay">{overlay}</div>}
      <div className="tile-name">
        <span className="tile-who">{who}</span>
        {crisis && <span className="badge crisis-badge">{t('tile.crisisBadge')}</span>}
        {roleLabel && <span className="badge">{roleLabel}</span>}
        {participant.handRaisedAt !== null && <span className="badge">{t('tile.handBadge')}</span>}
        {!participant.micOn && participant.role !== 'supervisor' && (
          <span className="badge" title={t('tile.mutedBadge')}>
            <Icon name="micOff" size={14} />
            <span className="visually-hidden">{t('tile.mutedBadge')}</span>
          </span>
        )}
        {participant.reconnecting && <span className="badge warn">{t('tile.reconnectingBadge')}</span>}
        {participant.audioOnly && <span className="badge">{t('tile.audioOnlyBadge')}</span>}
        {sealed && (
          <span className="badge" title={t('tile.encryptedBadge')}>
            <Icon name="lock" size={14} />
            <span className="visually-hidden">{t('tile.encryptedBadge')}</span>
          </span>
        )}
      </div>
      <TileMenu participant={participant} self={self} />
      {children}
    </li>
  );
}

/** The tile's own actions: pin for everyone; mute, ask to unmute, the floor and the camera for a therapist. */
function TileMenu({ participant, self }: { participant: ParticipantView; self: boolean }) {
  const role = useRoomStore((s) => s.view?.you.role);
  const floorHolder = useRoomStore((s) => s.view?.speaking.floor?.participantId ?? null);
  const pinned = useLayoutStore((s) => s.pinned === participant.id);
  const { t } = useT('room');
  const therapist = role === 'therapist';
  const member = participant.role === 'member';
  const name = participant.displayName;
  return (
    <Menu
      label={self ? t('tile.actionsForYou', { name }) : t('tile.actionsFor', { name })}
      title={t('tile.actionsFor', { name })}
      className="tile-menu"
      align="end"
      button={<Icon name="more" size={20} />}
    >
      <MenuItem
        icon={<Icon name="pin" size={18} />}
        checked={pinned}
        onSelect={() => pin(pinned ? null : participant.id)}
      >
        {pinned ? t('tile.unpin') : t('tile.pin')}
      </MenuItem>
      {self && (
        <MenuItem icon={<Icon name="eye" size={18} />} onSelect={() => setSelfView({ hidden: true })}>
          {t('tile.hideSelf')}
        </MenuItem>
      )}
      {therapist && member && !self && (
        <>
          <MenuItem disabled={floorHolder === participant.id} onSelect={() => void giveFloor(participant.id)}>
            {t('tile.giveFloor')}
          </MenuItem>
          {participant.micOn ? (
            <MenuItem icon={<Icon name="micOff" size={18} />} onSelect={() => void mute(participant.id)}>
              {t('tile.mute')}
            </MenuItem>
          ) : (
            <MenuItem icon={<Icon name="mic" size={18} />} onSelect={() => void askToUnmute(participant.id)}>
              {t('tile.askUnmute')}
            </MenuItem>
          )}
          {participant.cameraOn && (
            <MenuItem icon={<Icon name="cameraOff" size={18} />} onSelect={() => void stopCameraOf(participant.id)}>
              {t('tile.stopCamera')}
            </MenuItem>
          )}
        </>
      )}
    </Menu>
  );
}
