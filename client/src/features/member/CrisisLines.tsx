import { CRISIS_LINES } from '@circle/shared';

/** The 988 information in the page itself (the same lines as the crisis panel), for when there is no session. */
export function CrisisLines() {
  return (
    <section className="card crisis-inline" aria-labelledby="crisis-inline-title">
      <h2 id="crisis-inline-title">If you want to talk to someone now</h2>
      <p>The 988 Suicide &amp; Crisis Lifeline is free, confidential and open 24 hours a day, 7 days a week.</p>
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
    </section>
  );
}
