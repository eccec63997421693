import { useEffect, useRef } from 'react';
import { CRISIS_SHORTCUT } from '@circle/shared/constants';
import { useT } from '../../i18n';

/**
 * Keyboard shortcuts in the room. Alt+Shift so they never collide with typing or screen-reader keys.
 * `what` is the key of its description in the `room` catalogue.
 */
export const SHORTCUTS = {
  mic: { code: 'KeyM', label: 'Alt+Shift+M', what: 'shortcuts.mic' },
  hand: { code: 'KeyR', label: 'Alt+Shift+R', what: 'shortcuts.hand' },
  crisis: { code: 'KeyH', label: CRISIS_SHORTCUT.label, what: 'shortcuts.crisis' },
  help: { code: 'Slash', label: 'Shift+?', what: 'shortcuts.help' },
} as const;

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** Alt+Shift+M and Alt+Shift+R; `?` (outside text fields) opens the help. */
export function useRoomShortcuts(actions: { mic: () => void; hand: (() => void) | null; help: () => void }) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
        if (e.code === SHORTCUTS.mic.code) {
          e.preventDefault();
          latest.current.mic();
        } else if (e.code === SHORTCUTS.hand.code && latest.current.hand) {
          e.preventDefault();
          latest.current.hand();
        }
      } else if (e.key === '?' && !e.altKey && !e.ctrlKey && !e.metaKey && !typing(e.target)) {
        e.preventDefault();
        latest.current.help();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** A modal dialog on the native <dialog>: focus is kept inside, Escape closes, focus returns after. */
export function Modal({
  open,
  onClose,
  titleId,
  role = 'dialog',
  children,
}: {
  open: boolean;
  onClose: () => void;
  titleId: string;
  role?: 'dialog' | 'alertdialog';
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      const opener = document.activeElement as HTMLElement | null;
      d.showModal();
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
      return () => opener?.focus();
    }
    if (!open && d.open) d.close();
    return undefined;
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && children}
    </dialog>
  );
}

export function ShortcutsDialog({ open, onClose, member }: { open: boolean; onClose: () => void; member: boolean }) {
  const { t } = useT(['room', 'common']);
  const rows = member
    ? [SHORTCUTS.mic, SHORTCUTS.hand, SHORTCUTS.crisis, SHORTCUTS.help]
    : [SHORTCUTS.mic, SHORTCUTS.help];
  return (
    <Modal open={open} onClose={onClose} titleId="shortcuts-title">
      <h2 id="shortcuts-title" tabIndex={-1} data-autofocus>
        {t('shortcuts.title')}
      </h2>
      <dl className="shortcuts">
        {rows.map((r) => (
          <div key={r.label}>
            <dt>
              <kbd>{r.label}</kbd>
            </dt>
            <dd>{t(r.what)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('shortcuts.hint')}</p>
      <button type="button" onClick={onClose}>
        {t('common:close')}
      </button>
    </Modal>
  );
}
