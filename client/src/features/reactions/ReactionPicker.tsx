import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { ReactionKind } from '@circle/shared';
import { REACTION_INTERVAL_MS, REACTION_KINDS, REACTION_LOOK } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { sendReaction, setReactionsEnabled } from '../../actions';
import { ReactionAnnouncer } from './ReactionAnnouncer';
import { useT } from '../../i18n';
import './reactions.css';

/**
 * Keyboard shortcuts for reactions (Alt+Shift, like the room's others): 1–4 send one; the therapist
 * turns reactions on or off with 0. `what`: the key of its description in the `room` catalogue.
 */
export const REACTION_SHORTCUTS = {
  send: { codes: ['Digit1', 'Digit2', 'Digit3', 'Digit4'], label: 'Alt+Shift+1 to 4', what: 'shortcuts.reactionSend' },
  toggle: { code: 'Digit0', label: 'Alt+Shift+0', what: 'shortcuts.reactionToggle' },
} as const;

/**
 * "React": a small menu of quiet reactions (nod, heart, thank you, me too) shown on one's own tile for
 * a few seconds. Says so when the therapist has turned reactions off. Also holds the polite live
 * region that reads others' reactions out (everyone in the room, supervisors included, hears them).
 */
export function ReactionPicker() {
  const view = useRoomStore((s) => s.view);
  const [open, setOpen] = useState(false);
  const [resting, setResting] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const { t } = useT('reactions');
  const role = view?.you.role;
  const inRoom = view?.you.status === 'admitted';
  const canReact = inRoom && (role === 'member' || role === 'therapist');
  const enabled = view?.reactionsEnabled ?? false;

  const send = (kind: ReactionKind) => {
    setOpen(false);
    if (resting) return;
    setResting(true);
    setTimeout(() => setResting(false), REACTION_INTERVAL_MS);
    void sendReaction(kind);
  };
  const latest = useRef({ send, canReact, enabled, therapist: role === 'therapist' && inRoom });
  useEffect(() => {
    latest.current = { send, canReact, enabled, therapist: role === 'therapist' && inRoom };
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
      const l = latest.current;
      const index = (REACTION_SHORTCUTS.send.codes as readonly string[]).indexOf(e.code);
      const kind = REACTION_KINDS[index];
      if (kind && l.canReact && l.enabled) {
        e.preventDefault();
        l.send(kind);
      } else if (e.code === REACTION_SHORTCUTS.toggle.code && l.therapist) {
        e.preventDefault();
        void setReactionsEnabled(!l.enabled);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);

  // The menu opens above the button and stays on screen: shifted left or right as far as it must.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!open || !menu) return;
    menu.style.left = '0px';
    const { left, right } = menu.getBoundingClientRect();
    const margin = 8;
    const shift = right > window.innerWidth - margin ? window.innerWidth - margin - right : 0;
    menu.style.left = `${Math.max(shift, margin - left)}px`;
  }, [open]);

  if (!view || !inRoom) return null;
  if (!canReact) return <ReactionAnnouncer />;

  return (
    <div
      className="reactions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      {enabled ? (
        <button
          ref={buttonRef}
          type="button"
          className="reactions-button"
          aria-expanded={open}
          aria-controls={menuId}
          aria-keyshortcuts="Alt+Shift+1 Alt+Shift+2 Alt+Shift+3 Alt+Shift+4"
          title={t('reactTitle')}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">👍</span> <span className="control-label">{t('react')}</span>
        </button>
      ) : (
        <button ref={buttonRef} type="button" className="reactions-button" aria-disabled="true" title={t('offTitle')}>
          {t('off')}
        </button>
      )}
      {open && enabled && (
        <div ref={menuRef} id={menuId} className="reaction-menu" role="group" aria-label={t('menu')}>
          {REACTION_KINDS.map((kind, i) => (
            <button
              key={kind}
              type="button"
              disabled={resting}
              aria-keyshortcuts={`Alt+Shift+${i + 1}`}
              onClick={() => send(kind)}
            >
              <span aria-hidden="true">{REACTION_LOOK[kind].emoji}</span> {t(`kind.${kind}`)}
            </button>
          ))}
        </div>
      )}
      <ReactionAnnouncer />
    </div>
  );
}
