import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemberPage } from '@circle/shared';
import {
  cantMakeIt,
  downloadCalendar,
  joinWaitingRoom,
  loadMemberPage,
  setReminders,
  takeMemberToken,
  type MemberResult,
} from '../../actions';
import { CrisisSupport } from '../crisis/CrisisSupport';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { CrisisLines } from './CrisisLines';
import { intlLocale, offerDefaultLanguage, Trans, useT } from '../../i18n';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { countdownText, formatSessionDate, lobbyLine, myTimeZone, serverOffsetMs, zoneName } from './memberTime';
import './member.css';

const POLL_MS = 30_000;

type Loaded =
  | { kind: 'loading' }
  | { kind: 'noLink' }
  | { kind: 'invalid' }
  | { kind: 'error'; message: string }
  | { kind: 'page'; page: MemberPage; offsetMs: number };

/**
 * A member's page for their group (`/g#<token>`, no account): the next session in their own time zone,
 * a countdown, the calendar file, "I can't make it", and from the lobby's opening the way in. The
 * crisis button is always in the top bar.
 */
export function MemberApp() {
  const { t } = useT('app');
  const [token] = useState(() => takeMemberToken());
  const [loaded, setLoaded] = useState<Loaded>(() => (token ? { kind: 'loading' } : { kind: 'noLink' }));

  const accept = useCallback((page: MemberPage) => {
    // The group's language, for a member who has not chosen one.
    void offerDefaultLanguage(page.language);
    setLoaded({ kind: 'page', page, offsetMs: serverOffsetMs(page.now, Date.now()) });
  }, []);

  const apply = useCallback(
    (res: MemberResult<MemberPage>) => {
      if (res.ok) accept(res.data);
      else if (res.linkInvalid) setLoaded({ kind: 'invalid' });
      // A failed poll keeps the page as it was; only a first load shows the error.
      else setLoaded((l) => (l.kind === 'page' ? l : { kind: 'error', message: res.message }));
    },
    [accept],
  );
  const refresh = useCallback(async () => {
    if (token) apply(await loadMemberPage(token));
  }, [token, apply]);

  useEffect(() => {
    if (token) void loadMemberPage(token).then(apply);
  }, [token, apply]);

  const state = loaded.kind === 'page' ? loaded.page.state : null;
  useEffect(() => {
    if (!token || (state !== 'active' && state !== 'waiting')) return;
    const t = setInterval(() => void loadMemberPage(token).then(apply), POLL_MS);
    return () => clearInterval(t);
  }, [state, token, apply]);

  return (
    <div className="member-pages">
      <header className="top">
        <div className="topbar">
          <span className="brand">{t('brand')}</span>
          <CrisisSupport />
        </div>
      </header>
      <Body loaded={loaded} token={token} accept={accept} refresh={refresh} />
    </div>
  );
}

function Body({
  loaded,
  token,
  accept,
  refresh,
}: {
  loaded: Loaded;
  token: string | null;
  accept: (p: MemberPage) => void;
  refresh: () => Promise<void>;
}) {
  const { t } = useT('member');
  switch (loaded.kind) {
    case 'loading':
      return (
        <main className="page narrow">
          <p role="status">{t('loading')}</p>
        </main>
      );
    case 'noLink':
      return (
        <Screen title={t('noLink.title')} screenKey="noLink">
          <p>{t('noLink.text')}</p>
          <CrisisLines />
        </Screen>
      );
    case 'invalid':
      return (
        <Screen title={t('invalid.title')} screenKey="invalid">
          <p>{t('invalid.text')}</p>
          <CrisisLines />
        </Screen>
      );
    case 'error':
      return (
        <Screen title={t('loadError.title')} screenKey="error">
          <p role="alert">{loaded.message}</p>
          <button type="button" onClick={() => void refresh()}>
            {t('tryAgain')}
          </button>
        </Screen>
      );
    case 'page':
      return (
        <GroupPageForMember
          page={loaded.page}
          offsetMs={loaded.offsetMs}
          token={token!}
          accept={accept}
          refresh={refresh}
        />
      );
  }
}

function Screen({ title, screenKey, children }: { title: string; screenKey: string; children: React.ReactNode }) {
  const heading = useScreenHeading(screenKey);
  return (
    <main className="page narrow member-page" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <LanguagePicker />
      {children}
    </main>
  );
}

function GroupPageForMember({
  page,
  offsetMs,
  token,
  accept,
  refresh,
}: {
  page: MemberPage;
  offsetMs: number;
  token: string;
  accept: (p: MemberPage) => void;
  refresh: () => Promise<void>;
}) {
  const { t } = useT('member');
  return (
    <Screen title={page.groupTitle} screenKey={page.state}>
      <p className="greeting">{t('greeting', { name: page.displayName })}</p>
      {page.state === 'discharged' ? (
        <>
          <p>{t('discharged')}</p>
          <CrisisLines />
        </>
      ) : page.state === 'waiting' ? (
        <p>{t('waiting')}</p>
      ) : !page.next ? (
        <p>{t('noSessions')}</p>
      ) : (
        <NextSession page={page} next={page.next} offsetMs={offsetMs} token={token} accept={accept} refresh={refresh} />
      )}
      {page.state !== 'discharged' && page.remindersAvailable && (
        <Reminders token={token} on={page.reminders} accept={accept} />
      )}
    </Screen>
  );
}

function NextSession({
  page,
  next,
  offsetMs,
  token,
  accept,
  refresh,
}: {
  page: MemberPage;
  next: NonNullable<MemberPage['next']>;
  offsetMs: number;
  token: string;
  accept: (p: MemberPage) => void;
  refresh: () => Promise<void>;
}) {
  const { t } = useT('member');
  const locale = intlLocale();
  const zone = myTimeZone();
  // The countdown reached the lobby's opening for this occurrence (before the next poll says so).
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  // …and the start itself: "I can't make it" is for sessions still ahead.
  const [startedFor, setStartedFor] = useState<string | null>(null);
  const started = startedFor === next.occurrenceId;
  const [confirming, setConfirming] = useState(false);
  const [toldFor, setToldFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const cantButton = useRef<HTMLButtonElement>(null);
  const open = next.open || openedFor === next.occurrenceId;
  const occurrenceId = next.occurrenceId;

  const onLobbyTime = useCallback(() => {
    setOpenedFor(occurrenceId);
    void refresh();
  }, [refresh, occurrenceId]);
  const onStart = useCallback(() => setStartedFor(occurrenceId), [occurrenceId]);

  const join = async () => {
    if (joining) return;
    setJoining(true);
    setError(null);
    const res = await joinWaitingRoom(token);
    if (!res.ok) {
      setJoining(false);
      setError(res.message);
    }
  };
  const calendar = async () => {
    setError(null);
    const res = await downloadCalendar(token, page.groupTitle);
    if (!res.ok) setError(res.message);
  };
  const cantCome = async () => {
    setConfirming(false);
    setError(null);
    const startsAt = next.startsAt;
    const res = await cantMakeIt(token, next.occurrenceId);
    if (!res.ok) {
      setError(res.message);
      cantButton.current?.focus();
      return;
    }
    setToldFor(startsAt);
    accept(res.data);
  };
  const excusedOn = toldFor ?? (next.excused ? next.startsAt : null);

  return (
    <>
      <section className="card next-session" aria-labelledby="next-title">
        <h2 id="next-title">{t('next.title')}</h2>
        <p className="when">
          <time dateTime={next.startsAt}>{formatSessionDate(next.startsAt, zone, locale)}</time>
        </p>
        <p className="hint">
          {t('next.timeZone', { zoneName: zoneName(next.startsAt, zone, locale), zone: zone.replace(/_/g, ' ') })}
        </p>
        <Countdown
          startsAt={next.startsAt}
          lobbyOpensAt={next.lobbyOpensAt}
          offsetMs={offsetMs}
          onLobbyTime={onLobbyTime}
          onStart={onStart}
        />
        {open ? (
          <button type="button" className="primary join" onClick={() => void join()} aria-busy={joining}>
            {joining ? t('next.joining') : t('next.join')}
          </button>
        ) : (
          <p className="lobby-line">{lobbyLine(next.lobbyOpensAt, next.startsAt, zone, locale)}</p>
        )}
      </section>
      <p role="status" className="told">
        {excusedOn ? t('next.told', { when: formatSessionDate(excusedOn, zone, locale) }) : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void calendar()}>
          {t('next.addToCalendar')}
        </button>
        {!excusedOn && !confirming && !started && (
          <button type="button" ref={cantButton} onClick={() => setConfirming(true)}>
            {t('next.cantMakeIt')}
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-labelledby="cant-question"
          className="confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setConfirming(false);
              requestAnimationFrame(() => cantButton.current?.focus());
            }
          }}
        >
          <p id="cant-question">{t('next.cantQuestion', { when: formatSessionDate(next.startsAt, zone, locale) })}</p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => void cantCome()}>
              {t('next.cantYes')}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => cantButton.current?.focus());
              }}
            >
              {t('next.cantNo')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * Time to the start, on the server's clock, redrawn every second in its own component (the rest of
 * the page does not re-render). Not a live region: a screen reader reads it when asked, not each second.
 */
function Countdown({
  startsAt,
  lobbyOpensAt,
  offsetMs,
  onLobbyTime,
  onStart,
}: {
  startsAt: string;
  lobbyOpensAt: string;
  offsetMs: number;
  onLobbyTime: () => void;
  onStart: () => void;
}) {
  const { t } = useT('member');
  const serverNow = useCallback(() => Date.now() + offsetMs, [offsetMs]);
  const [now, setNow] = useState(serverNow);
  const fired = useRef(false);
  const startFired = useRef(false);
  useEffect(() => {
    fired.current = serverNow() >= Date.parse(lobbyOpensAt);
    startFired.current = false;
    const tick = () => {
      const t = serverNow();
      setNow(t);
      if (!fired.current && t >= Date.parse(lobbyOpensAt)) {
        fired.current = true;
        onLobbyTime();
      }
      if (!startFired.current && t >= Date.parse(startsAt)) {
        startFired.current = true;
        onStart();
      }
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [serverNow, lobbyOpensAt, startsAt, onLobbyTime, onStart]);
  const left = countdownText(Date.parse(startsAt) - now);
  return (
    <p className="countdown" role="timer">
      {left ? (
        <Trans t={t} i18nKey="countdown.startsIn" values={{ left }} components={{ strong: <strong /> }} />
      ) : (
        <strong>{t('countdown.started')}</strong>
      )}
    </p>
  );
}

function Reminders({ token, on, accept }: { token: string; on: boolean; accept: (p: MemberPage) => void }) {
  const { t } = useT('member');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = async (value: boolean) => {
    setBusy(true);
    setError(null);
    const res = await setReminders(token, value);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    accept(res.data);
  };
  return (
    <section className="reminders" aria-label={t('reminders.label')}>
      <label className="check">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle(e.target.checked)} />{' '}
        {t('reminders.switch')}
      </label>
      <p className="hint">{t('reminders.hint')}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
