import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

/** Lets an item close the menu it is in (and give focus back to the menu's button). */
const MenuContext = createContext<{ close: () => void }>({ close: () => undefined });

const ITEMS = '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]';

/**
 * A menu button and its menu (WAI-ARIA menu button pattern): Enter, Space or ArrowDown opens it on the
 * first item, ArrowUp on the last; arrows, Home and End move; Escape closes and returns to the button;
 * Tab or a click outside closes it. Any element with a menuitem role inside is an item.
 */
export function Menu({
  label,
  button,
  title,
  className,
  align = 'start',
  placement = 'below',
  children,
}: {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (an icon and a short label). */
  button: ReactNode;
  title?: string;
  className?: string;
  align?: 'start' | 'end';
  placement?: 'below' | 'above';
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [focusLast, setFocusLast] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []).filter(enabled);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const list = items();
    (focusLast ? list[list.length - 1] : list[0])?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, focusLast]);

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setFocusLast(e.key === 'ArrowUp');
      setOpen(true);
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        go(at + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        go(at - 1);
        break;
      case 'Home':
        e.preventDefault();
        go(0);
        break;
      case 'End':
        e.preventDefault();
        go(list.length - 1);
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        close();
        break;
      case 'Tab':
        close(false);
        break;
    }
  };

  return (
    <div className={`menu-wrap${className ? ` ${className}` : ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="menu-button"
        aria-label={label}
        title={title ?? label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => {
          setFocusLast(false);
          setOpen((o) => !o);
        }}
        onKeyDown={onButtonKey}
      >
        {button}
      </button>
      {open && (
        <MenuContext.Provider value={{ close }}>
          <div
            ref={menuRef}
            id={id}
            role="menu"
            aria-label={label}
            className={`menu menu-${align} menu-${placement}`}
            onKeyDown={onMenuKey}
          >
            {children}
          </div>
        </MenuContext.Provider>
      )}
    </div>
  );
}

function enabled(el: HTMLElement): boolean {
  return !(el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true';
}

/**
 * One item of a menu. `checked` makes it a menuitemcheckbox (a switch such as "Hide self-view");
 * `keepOpen` leaves the menu open after it is chosen.
 */
export function MenuItem({
  onSelect,
  checked,
  disabled,
  keepOpen,
  className,
  icon,
  children,
  why,
}: {
  onSelect: () => void;
  checked?: boolean;
  disabled?: boolean;
  keepOpen?: boolean;
  className?: string;
  icon?: ReactNode;
  children: ReactNode;
  /** Why it is disabled, when the reason is not plain from the screen (a tooltip, and the sentence it points to). */
  why?: { title: string; 'aria-describedby': string } | null;
}) {
  const { close } = useContext(MenuContext);
  return (
    <button
      type="button"
      role={checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
      aria-checked={checked}
      tabIndex={-1}
      disabled={disabled}
      {...(why ?? {})}
      className={`menu-item${className ? ` ${className}` : ''}`}
      onClick={() => {
        onSelect();
        if (!keepOpen) close();
      }}
    >
      {icon}
      <span>{children}</span>
      {checked !== undefined && (
        <span className="menu-check" aria-hidden="true">
          {checked ? '✓' : ''}
        </span>
      )}
    </button>
  );
}

/** A labelled group of items inside a menu (e.g. "Video effects"), for whoever adds items. */
export function MenuGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} className="menu-group">
      <p className="menu-group-label" aria-hidden="true">
        {label}
      </p>
      {children}
    </div>
  );
}
