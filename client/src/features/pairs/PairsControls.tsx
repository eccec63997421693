import { useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { backToMainRoom, endPairs, messageAllPairs, startPairs, visitPair } from '../../actions';
import { displayNameOf } from '../../stores/roster';
import { formatClock, useServerNow } from '../room/useServerNow';
import { nameList } from '../room/nameList';
import { Trans, useT } from '../../i18n';

/** The therapist's breakout controls: start pairs, drop into one, message all, bring everyone back. */
export function PairsControls() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow(1000);
  const [minutes, setMinutes] = useState(5);
  const [message, setMessage] = useState('');
  const { t } = useT('pairs');
  if (!view) return null;
  const name = (id: string) => displayNameOf(view, id) ?? '';
  return (
    <section aria-labelledby="pairs-title">
      <h2 id="pairs-title">{t('title')}</h2>
      {!view.pairs ? (
        <div className="row">
          <label htmlFor="pairs-minutes">{t('minutes')}</label>
          <select id="pairs-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {[3, 5, 10, 15, 20].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void startPairs(minutes)}>
            {t('start')}
          </button>
        </div>
      ) : (
        <>
          <p>
            <Trans
              t={t}
              i18nKey="left"
              values={{ time: formatClock(view.pairs.endsAt - now) }}
              components={{ timer: <span role="timer" aria-label={t('timeLeft')} /> }}
            />
          </p>
          <ul className="people">
            {view.pairs.groups.map((g) => (
              <li key={g.id}>
                {g.memberIds.map(name).join(' · ')}{' '}
                <button type="button" onClick={() => void visitPair(g.id)}>
                  {t('join', { names: nameList(g.memberIds.map(name)) })}
                </button>
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" onClick={() => void backToMainRoom()}>
              {t('back')}
            </button>
            <button type="button" className="primary" onClick={() => void endPairs()}>
              {t('end')}
            </button>
          </div>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (message.trim()) void messageAllPairs(message).then((ok) => ok && setMessage(''));
            }}
          >
            <label htmlFor="pairs-message">{t('message')}</label>
            <input id="pairs-message" value={message} maxLength={280} onChange={(e) => setMessage(e.target.value)} />
            <button type="submit" disabled={!message.trim()}>
              {t('send')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
