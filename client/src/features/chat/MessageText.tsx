import { useT } from '../../i18n';

const URL_RE = /(https?:\/\/[^\s<>"']{1,300})/g;

/**
 * Plain text; web addresses become links that name their site and ask before opening. No HTML is
 * ever interpreted.
 */
export function MessageText({ text }: { text: string }) {
  const { t } = useT('chat');
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return <span key={i}>{part}</span>;
        let host: string;
        try {
          host = new URL(part).hostname;
        } catch {
          return <span key={i}>{part}</span>;
        }
        return (
          <a
            key={i}
            href={part}
            target="_blank"
            rel="noopener noreferrer nofollow"
            onClick={(e) => {
              if (!window.confirm(t('openLink', { host }))) e.preventDefault();
            }}
          >
            {part} <span className="hint">({host})</span>
          </a>
        );
      })}
    </>
  );
}
