import { useId } from 'react';

/**
 * A question asked in place before something that cannot be undone quietly: an alertdialog whose
 * confirming button takes focus; Escape or the second button keeps things as they are.
 */
export function Confirm({
  question,
  confirmLabel,
  cancelLabel,
  danger = false,
  onConfirm,
  onCancel,
  children,
}: {
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const id = useId();
  return (
    <div
      role="alertdialog"
      aria-labelledby={id}
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={id}>{question}</p>
      {children}
      <div className="actions">
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} autoFocus>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
