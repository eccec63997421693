import { useState, type ReactNode } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { openThread, useChatStore } from '../../stores/useChatStore';
import { openStaffTab, setSelfView, setViewMode, useLayoutStore } from '../../stores/useLayoutStore';
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
import { Menu, MenuGroup, MenuItem } from './Menu';
import { Icon, type IconName } from './icons';
import { ReactionPicker } from '../reactions/ReactionPicker';
import { EffectsMenuItems } from '../effects/EffectsMenuItems';
import { useMediaUnavailable } from '../network/AudioOnlyBanner';
import { LANGUAGES } from '@circle/shared/i18n';
import { currentLanguage, setLanguage, useT } from '../../i18n';

/** The thread to open from the messages button: the first unread, else the latest, else the first member. */
function threadToOpen(view: NonNullable<ReturnType<typeof useRoomStore.getState>['view']>): string | null {
  if (view.you.role === 'member') return view.you.id;
  const { unread, private: messages } = useChatStore.getState();
  const firstUnread = Object.entries(unread).find(([k, n]) => k !== 'group' && n > 0)?.[0];
  const latest = messages[messages.length - 1]?.memberId;
  const firstMember = participantsOf(view).find((p) => p.role === 'member')?.id;
  return firstUnread ?? latest ?? firstMember ?? null;
}

/** A control: an icon over a short label; the accessible name says the whole action, the tooltip too. */
function ControlButton({
  icon,
  short,
  name,
  className,
  children,
  ...rest
}: {
  icon: IconName;
  short: string;
  name?: string;
  className?: string;
  children?: ReactNode;
} & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'children'>) {
  return (
    <button
      type="button"
      className={`control${className ? ` ${className}` : ''}`}
      aria-label={name}
      title={name ?? short}
      {...rest}
    >
      <Icon name={icon} />
      <span className="control-label">{short}</span>
      {children}
    </button>
  );
}

/**
 * The "More" menu of the control bar: views, self-view, audio only, listen only, shortcuts, and a slot
 * (`children`) where other features add their items (video effects, reactions).
 */
export function MoreMenu({ children }: { children?: ReactNode }) {
  const view = useRoomStore((s) => s.view);
  const { joined, audioOnly } = useMediaStore();
  const mode = useLayoutStore((s) => s.view);
  const selfHidden = useLayoutStore((s) => s.selfViewHidden);
  const [help, setHelp] = useState(false);
  const why = useMediaUnavailable();
  const { t } = useT(['room', 'common']);
  if (!view) return null;
  const publisher = view.you.role !== 'supervisor';
  const member = view.you.role === 'member';
  const language = currentLanguage();
  return (
    <>
      <Menu
        label={t('more.label')}
        title={t('more.title')}
        className="control-more"
        placement="above"
        align="end"
        button={
          <>
            <Icon name="more" />
            <span className="control-label">{t('more.label')}</span>
          </>
        }
      >
        <MenuGroup label={t('more.view')}>
          <MenuItem
            icon={<Icon name="gallery" size={18} />}
            checked={mode === 'gallery'}
            onSelect={() => setViewMode('gallery')}
          >
            {t('more.gallery')}
          </MenuItem>
          <MenuItem
            icon={<Icon name="speaker" size={18} />}
            checked={mode === 'speaker'}
            onSelect={() => setViewMode('speaker')}
          >
            {t('more.speaker')}
          </MenuItem>
          <MenuItem
            icon={<Icon name="eye" size={18} />}
            checked={selfHidden}
            onSelect={() => setSelfView({ hidden: !selfHidden })}
          >
            {t('more.hideSelf')}
          </MenuItem>
        </MenuGroup>
        {publisher && (
          <MenuGroup label={t('more.yourMedia')}>
            <MenuItem
              icon={<Icon name="headphones" size={18} />}
              checked={audioOnly}
              disabled={!joined}
              why={joined ? null : why}
              onSelect={() => void setAudioOnly(!audioOnly)}
            >
              {t('more.audioOnly')}
            </MenuItem>
            {member && !audioOnly && (
              <MenuItem
                icon={<Icon name="volume" size={18} />}
                disabled={!joined}
                why={joined ? null : why}
                onSelect={() => void listenOnly()}
              >
                {t('more.listenOnly')}
              </MenuItem>
            )}
          </MenuGroup>
        )}
        {/*
          SLOT for other features' items, passed as children of <MoreMenu>: the video effects
          (<EffectsMenuItems />: background blur, noise suppression) and the quiet reactions picker.
          Use <MenuItem> / <MenuGroup> from './Menu' so they join the menu's keyboard navigation.
        */}
        {children}
        {/* This person's language, remembered in this browser; each language named in itself. */}
        <MenuGroup label={t('common:language')}>
          {LANGUAGES.map((lang) => (
            <MenuItem key={lang} checked={language === lang} onSelect={() => void setLanguage(lang)}>
              <span lang={lang}>{t(`common:languageName.${lang}`)}</span>
            </MenuItem>
          ))}
        </MenuGroup>
        <MenuItem icon={<Icon name="keyboard" size={18} />} className="shortcuts-item" onSelect={() => setHelp(true)}>
          {t('more.shortcuts')}
        </MenuItem>
      </Menu>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} member={member} />
    </>
  );
}

export function Controls({ moreItems }: { moreItems?: ReactNode }) {
  const view = useRoomStore((s) => s.view);
  const { micOn, cameraOn, localStream, joined, audioOnly } = useMediaStore();
  const unread = useChatStore((s) => s.unread);
  const privateMessages = useChatStore((s) => s.private);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [help, setHelp] = useState(false);
  const [effectsOpen, setEffectsOpen] = useState(false);
  const why = useMediaUnavailable();
  const { t } = useT('room');
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
    if (!member) openStaffTab('chat');
    const open = useChatStore.getState().openThread;
    // A member's messages open over the video; the same button closes them again.
    if (member && open !== null && privateUnread === 0) {
      openThread(null);
      return;
    }
    openThread(threadToOpen(view));
    requestAnimationFrame(() => {
      const composer = document.querySelector<HTMLInputElement>('.chat .thread input');
      composer?.scrollIntoView({ block: 'nearest' });
      composer?.focus({ preventScroll: true });
    });
  };

  return (
    <nav className="controls" aria-label={t('controls.label')}>
      {publisher && (
        <ControlButton
          icon={micOn ? 'mic' : 'micOff'}
          short={micOn ? t('controls.mute') : t('controls.unmute')}
          name={micOn ? t('controls.muteMic') : t('controls.unmuteMic')}
          className={micOn ? undefined : 'off'}
          aria-pressed={micOn}
          aria-keyshortcuts="Alt+Shift+M"
          disabled={!hasMic || !joined}
          {...(!hasMic || !joined ? (why ?? {}) : {})}
          onClick={toggleMic}
        />
      )}
      {publisher &&
        (audioOnly ? (
          <ControlButton
            icon="cameraOff"
            short={t('controls.video')}
            name={t('controls.videoBack')}
            className="off"
            disabled={!joined}
            {...(!joined ? (why ?? {}) : {})}
            onClick={() => void setAudioOnly(false)}
          />
        ) : (
          <ControlButton
            icon={cameraOn ? 'camera' : 'cameraOff'}
            short={t('controls.camera')}
            name={cameraOn ? t('controls.stopCamera') : t('controls.startCamera')}
            className={cameraOn ? undefined : 'off'}
            aria-pressed={cameraOn}
            disabled={!hasCam || !joined}
            {...(!hasCam || !joined ? (why ?? {}) : {})}
            onClick={() => void toggleCamera()}
          />
        ))}
      {member && (
        <ControlButton
          icon="hand"
          short={handUp ? t('controls.lower') : t('controls.raise')}
          name={handUp ? t('controls.lowerHand') : t('controls.raiseHand')}
          aria-pressed={handUp}
          aria-keyshortcuts="Alt+Shift+R"
          onClick={toggleHand}
        />
      )}
      <button
        type="button"
        className={`control${privateUnread > 0 ? ' unread' : ''}`}
        title={member ? t('controls.messagesMember') : t('controls.messagesStaff')}
        onClick={openMessages}
      >
        <Icon name="chat" />
        <span className="control-label">
          {t('controls.messages')}
          {privateUnread > 0 && (
            <>
              {' '}
              <span className="count">{t('controls.new', { count: privateUnread })}</span>
              {senders.length > 0 && (
                <span className="visually-hidden"> {t('controls.from', { names: senders.join(', ') })}</span>
              )}
            </>
          )}
        </span>
      </button>
      <ReactionPicker />
      <MoreMenu>
        {publisher && (
          <MenuItem icon={<Icon name="camera" size={18} />} onSelect={() => setEffectsOpen(true)}>
            {t('controls.backgroundNoise')}
          </MenuItem>
        )}
        {moreItems}
      </MoreMenu>
      <ControlButton
        icon="leave"
        short={t('controls.leave')}
        name={t('controls.leaveSession')}
        className="danger"
        onClick={() => setConfirmLeave(true)}
      />
      {effectsOpen && (
        // Background blur/replacement and noise suppression: switches over the bar, until "Done".
        <section className="effects-panel card" aria-label={t('controls.backgroundNoise')}>
          <EffectsMenuItems />
          <button type="button" onClick={() => setEffectsOpen(false)}>
            {t('controls.done')}
          </button>
        </section>
      )}
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} member={member} />
      <Modal open={confirmLeave} onClose={() => setConfirmLeave(false)} titleId="leave-title" role="alertdialog">
        <h2 id="leave-title">{t('controls.leaveTitle')}</h2>
        <p>{member ? t('controls.leaveMember') : t('controls.leaveStaff')}</p>
        <div className="row">
          <button type="button" className="primary" data-autofocus onClick={() => setConfirmLeave(false)}>
            {t('controls.stay')}
          </button>
          <button type="button" className="danger" onClick={() => void leave()}>
            {t('controls.leave')}
          </button>
        </div>
      </Modal>
    </nav>
  );
}

export { SHORTCUTS };
