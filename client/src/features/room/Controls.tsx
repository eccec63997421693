import { useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { openThread, useChatStore } from '../../stores/useChatStore';
import {
  leave,
  listenOnly,
  lowerHand,
  raiseHand,
  setAudioOnly,
  toggleCamera,
  toggleMic as switchMic,
} from '../../actions';
import { participantsOf } from '../../stores/roster';
import { Modal, SHORTCUTS, ShortcutsDialog, useRoomShortcuts } from './Shortcuts';
import { ReactionPicker } from '../reactions/ReactionPicker';
import { EffectsDisclosure } from '../effects/EffectsDisclosure';

/** The thread to open from the messages button: the first unread, else the latest, else the first member. */
function threadToOpen(view: NonNullable<ReturnType<typeof useRoomStore.getState>['view']>): string | null {
  if (view.you.role === 'member') return view.you.id;
  const { unread, private: messages } = useChatStore.getState();
  const firstUnread = Object.entries(unread).find(([k, n]) => k !== 'group' && n > 0)?.[0];
  const latest = messages[messages.length - 1]?.memberId;
  const firstMember = participantsOf(view).find((p) => p.role === 'member')?.id;
  return firstUnread ?? latest ?? firstMember ?? null;
}

export function Controls() {
  const view = useRoomStore((s) => s.view);
  const { micOn, cameraOn, localStream, joined, audioOnly } = useMediaStore();
  const unread = useChatStore((s) => s.unread);
  const privateMessages = useChatStore((s) => s.private);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [help, setHelp] = useState(false);
  const me = view?.participants.find((p) => p.id === view.you.id);
  const hasMic = !!localStream?.getAudioTracks().length;
  const hasCam = !!localStream?.getVideoTracks().length;
  const publisher = view?.you.role !== 'supervisor';
  const member = view?.you.role === 'member';
  const handUp = me?.handRaisedAt != null;
  const toggleMic = () => {
    if (publisher && hasMic && joined) void switchMic();
  };
  const toggleHand = () => void (handUp ? lowerHand() : raiseHand());
  useRoomShortcuts({ mic: toggleMic, hand: member ? toggleHand : null, help: () => setHelp(true) });
  if (!view) return null;

  const privateUnread = Object.entries(unread)
    .filter(([k]) => k !== 'group' && (member ? k === view.you.id : true))
    .reduce((a, [, n]) => a + n, 0);
  const senders = [
    ...new Set(
      privateMessages
        .filter((m) => (unread[m.memberId] ?? 0) > 0 && m.fromId !== view.you.id)
        .slice(-5)
        .map((m) => m.fromName),
    ),
  ];
  const openMessages = () => {
    openThread(threadToOpen(view));
    requestAnimationFrame(() => {
      const composer = document.querySelector<HTMLInputElement>('.chat .thread input');
      composer?.scrollIntoView({ block: 'center' });
      composer?.focus({ preventScroll: true });
    });
  };

  return (
    <nav className="controls" aria-label="Call controls">
      {publisher && (
        <button
          type="button"
          aria-pressed={micOn}
          aria-keyshortcuts="Alt+Shift+M"
          disabled={!hasMic || !joined}
          onClick={toggleMic}
        >
          {micOn ? 'Mute microphone' : 'Unmute microphone'}
        </button>
      )}
      {publisher && (
        <button
          type="button"
          aria-pressed={cameraOn}
          disabled={!hasCam || !joined || audioOnly}
          onClick={() => void toggleCamera()}
        >
          {cameraOn ? 'Stop camera' : 'Start camera'}
        </button>
      )}
      {publisher && (
        <button type="button" aria-pressed={audioOnly} disabled={!joined} onClick={() => void setAudioOnly(!audioOnly)}>
          {audioOnly ? 'Turn video back on' : 'Audio only'}
        </button>
      )}
      {publisher && !audioOnly && (
        <button type="button" disabled={!joined} onClick={() => void listenOnly()}>
          Listen only
        </button>
      )}
      {publisher && <EffectsDisclosure />}
      {member && (
        <button type="button" aria-pressed={handUp} aria-keyshortcuts="Alt+Shift+R" onClick={toggleHand}>
          {handUp ? 'Lower hand' : 'Raise hand'}
        </button>
      )}
      <ReactionPicker />
      <button type="button" className={privateUnread > 0 ? 'unread' : undefined} onClick={openMessages}>
        Messages
        {privateUnread > 0 && (
          <>
            {' '}
            <span className="count">{privateUnread} new</span>
            {senders.length > 0 && <span className="visually-hidden"> from {senders.join(', ')}</span>}
          </>
        )}
      </button>
      <button type="button" className="shortcuts-button" aria-keyshortcuts="Shift+?" onClick={() => setHelp(true)}>
        Shortcuts
      </button>
      <span className="controls-gap" aria-hidden="true" />
      <button type="button" className="danger" onClick={() => setConfirmLeave(true)}>
        Leave session
      </button>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} member={member} />
      <Modal open={confirmLeave} onClose={() => setConfirmLeave(false)} titleId="leave-title" role="alertdialog">
        <h2 id="leave-title">Leave the session?</h2>
        <p>
          {member
            ? 'You can come back: “Rejoin” takes you straight back into the group for a couple of minutes after you leave.'
            : 'You can come back with “Rejoin” or your link at any time.'}
        </p>
        <div className="row">
          <button type="button" className="primary" data-autofocus onClick={() => setConfirmLeave(false)}>
            Stay
          </button>
          <button type="button" className="danger" onClick={() => void leave()}>
            Leave
          </button>
        </div>
      </Modal>
    </nav>
  );
}

export { SHORTCUTS };
