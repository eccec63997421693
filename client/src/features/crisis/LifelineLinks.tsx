import { CRISIS_LINES } from '@circle/shared/constants';
import { Trans, useT } from '../../i18n';

/**
 * The 988 Lifeline's ways in (call, text, chat; Veterans, Spanish, TTY) and 911: the crisis panel
 * and the member's page show the same lines from here, in the person's language (numbers exact).
 */
export function LifelineLinks() {
  const { t } = useT('crisis');
  return (
    <>
      <ul className="crisis-lines">
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.call.href}>
            {t('lines.call')}
          </a>
        </li>
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.text.href}>
            {t('lines.text')}
          </a>
        </li>
        <li>
          <a className="crisis-primary" href={CRISIS_LINES.chat.href} target="_blank" rel="noopener noreferrer">
            {t('lines.chat')}
          </a>
        </li>
      </ul>
      <ul className="crisis-more">
        <li>
          <Trans t={t} i18nKey="lines.veterans" components={{ sms: <a href={CRISIS_LINES.veteransText.href} /> }} />
        </li>
        <li>
          <Trans t={t} i18nKey="lines.spanish" components={{ sms: <a href={CRISIS_LINES.spanishText.href} /> }} />
        </li>
        <li>
          <Trans t={t} i18nKey="lines.tty" components={{ tty: <a href={CRISIS_LINES.tty.href} /> }} />
        </li>
      </ul>
      <p className="crisis-danger">
        <Trans t={t} i18nKey="lines.danger" components={{ call: <a href={CRISIS_LINES.emergency.href} /> }} />
      </p>
    </>
  );
}
