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
  const [token] = useState(() => takeMemberToken());
  const [loaded, setLoaded] = useState<Loaded>(() => (token ? { kind: 'loading' } : { kind: 'noLink' }));

  const accept = useCallback((page: MemberPage) => {
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
          <span className="brand">Circle</span>
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
  switch (loaded.kind) {
    case 'loading':
      return (
        <main className="page narrow">
          <p role="status">Loading your group…</p>
        </main>
      );
    case 'noLink':
      return (
        <Screen title="Your group page" screenKey="noLink">
          <p>To see your group, open the personal link your therapist sent you.</p>
          <CrisisLines />
        </Screen>
      );
    case 'invalid':
      return (
        <Screen title="This link no longer works" screenKey="invalid">
          <p>This link no longer works. Ask your therapist for a new one.</p>
          <CrisisLines />
        </Screen>
      );
    case 'error':
      return (
        <Screen title="We could not load your group" screenKey="error">
          <p role="alert">{loaded.message}</p>
          <button type="button" onClick={() => void refresh()}>
            Try again
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
  return (
    <Screen title={page.groupTitle} screenKey={page.state}>
      <p className="greeting">Hi {page.displayName}</p>
      {page.state === 'discharged' ? (
        <>
          <p>Your place in this group has ended. Thank you for the time you spent with the group.</p>
          <CrisisLines />
        </>
      ) : page.state === 'waiting' ? (
        <p>You are not in the group’s sessions for now. Your therapist will tell you when that changes.</p>
      ) : !page.next ? (
        <p>No sessions are planned right now. Your therapist will let you know.</p>
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
        <h2 id="next-title">Next session</h2>
        <p className="when">
          <time dateTime={next.startsAt}>{formatSessionDate(next.startsAt, zone)}</time>
        </p>
        <p className="hint">
          In your time zone: {zoneName(next.startsAt, zone)} ({zone.replace(/_/g, ' ')}).
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
            {joining ? 'Opening the waiting room…' : 'Join the waiting room'}
          </button>
        ) : (
          <p className="lobby-line">{lobbyLine(next.lobbyOpensAt, next.startsAt, zone)}</p>
        )}
      </section>
      <p role="status" className="told">
        {excusedOn ? `Your therapist knows you can’t come on ${formatSessionDate(excusedOn, zone)}.` : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void calendar()}>
          Add to calendar
        </button>
        {!excusedOn && !confirming && !started && (
          <button type="button" ref={cantButton} onClick={() => setConfirming(true)}>
            I can’t make it this week
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
          <p id="cant-question">
            Tell your therapist you can’t come on {formatSessionDate(next.startsAt, zone)}? Your absence will count as
            excused.
          </p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => void cantCome()}>
              Yes, tell my therapist
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => cantButton.current?.focus());
              }}
            >
              No, I can come
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
        <>
          Starts in <strong>{left}</strong>
        </>
      ) : (
        <strong>The session has started.</strong>
      )}
    </p>
  );
}

function Reminders({ token, on, accept }: { token: string; on: boolean; accept: (p: MemberPage) => void }) {
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
    <section className="reminders" aria-label="Email reminders">
      <label className="check">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle(e.target.checked)} /> Email me
        a reminder the day before and an hour before each session
      </label>
      <p className="hint">Reminders say only the group’s name and the time.</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
