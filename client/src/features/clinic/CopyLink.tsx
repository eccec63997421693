import { useId, useRef, useState } from 'react';
import { useT } from '../../i18n';

/**
 * A link to hand to one person: shown in a read-only field (select it to copy by hand) with a Copy
 * button, and a note saying who it is for. "Copied" is announced politely.
 */
export function CopyLink({ label, url, children }: { label: string; url: string; children: React.ReactNode }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const { t } = useT('clinic');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission: select the text, so the person can copy it themselves.
      input.current?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  };

  return (
    <div className="link-box">
      <label htmlFor={id}>{label}</label>
      <div className="link-row">
        <input id={id} ref={input} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={() => void copy()}>
          {t('copy.copy')}
          <span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <p className="hint">{children}</p>
      <p role="status" className="hint">
        {copied ? t('copy.copied') : ''}
      </p>
    </div>
  );
}
