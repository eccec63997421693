import { useState, type InputHTMLAttributes, type ReactNode } from 'react';

type Props = {
  /** The value the server last confirmed. */
  checked: boolean;
  /** Asks the server for the change; settles once it has answered. */
  request: (on: boolean) => Promise<unknown>;
  children: ReactNode;
  className?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'checked' | 'onChange' | 'children' | 'className'>;

/**
 * A checkbox whose truth lives on the server (room lock, chat, focus mode…).
 * It shows the person's choice at once while the request is on its way, and
 * the server's value again as soon as that changes or the server answers — so a
 * click is never met by a box that stays as it was, and a refused change does
 * not linger.
 */
export function ServerCheckbox({ checked, request, children, className = 'check', ...input }: Props) {
  // The choice, and the server value it was made against: once the server's
  // value moves on, the choice has been answered and is no longer shown.
  const [choice, setChoice] = useState<{ on: boolean; from: boolean } | null>(null);
  const shown = choice && choice.from === checked ? choice.on : checked;
  return (
    <label className={className}>
      <input
        {...input}
        type="checkbox"
        checked={shown}
        aria-busy={shown !== checked || undefined}
        onChange={(e) => {
          const on = e.target.checked;
          setChoice({ on, from: checked });
          // Answered either way: the server's state (sent before its answer) rules again.
          void request(on).finally(() => setChoice(null));
        }}
      />
      {children}
    </label>
  );
}
