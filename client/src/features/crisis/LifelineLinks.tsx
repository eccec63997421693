import { CRISIS_LINES } from '@circle/shared/constants';

/**
 * The 988 Lifeline's ways in (call, text, chat; Veterans, Spanish, TTY) and 911: the crisis panel
 * and the member's page show the same lines from here.
 */
export function LifelineLinks() {
  return (
    <>
      <ul className="crisis-lines">
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.call.href}>
            {CRISIS_LINES.call.label}
          </a>
        </li>
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.text.href}>
            {CRISIS_LINES.text.label}
          </a>
        </li>
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.chat.href} target="_blank" rel="noopener noreferrer">
            {CRISIS_LINES.chat.label}
          </a>
        </li>
      </ul>
      <ul className="crisis-more">
        <li>
          Veterans: call 988 and press 1, or <a href={CRISIS_LINES.veteransText.href}>text 838255</a>.
        </li>
        <li>
          En español: call 988 and press 2, or <a href={CRISIS_LINES.spanishText.href}>text AYUDA to 988</a>.
        </li>
        <li>
          Deaf or hard of hearing (TTY): <a href={CRISIS_LINES.tty.href}>dial 711</a>, then 988.
        </li>
      </ul>
      <p className="crisis-danger">
        If you are in immediate danger, <a href={CRISIS_LINES.emergency.href}>call 911</a> or go to the nearest
        emergency room.
      </p>
    </>
  );
}
