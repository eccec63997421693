import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { type ConnectionState, useRoomStore } from './stores/useRoomStore';
import { canRejoin, connect, connectOnce, disconnect, joinMedia, rejoin, takeInviteToken } from './actions/room';
import { CrisisSupport } from './features/crisis/CrisisSupport';
import { PreJoin } from './features/join/PreJoin';
import { Notices } from './ui/Notices';
import { useScreenHeading } from './ui/useScreenHeading';
import { MEMBER_PATH, isStaffAppPath, useStaffStore } from './stores/useStaffStore';
import { useT } from './i18n';
import { errorText } from './i18n/texts';

/*
 * The first screen (pre-join, or "Connecting…") loads alone; the room, the lobby, the staff and member
 * pages (and with them the HTTP schemas) come in their own files: the room's is fetched while the
 * person checks their camera (see RoomApp).
 */
const loadRoom = () => import('./features/room/Room');
const Room = lazy(() => loadRoom().then((m) => ({ default: m.Room })));
const CheckIn = lazy(() => import('./features/checkin/CheckIn').then((m) => ({ default: m.CheckIn })));
const Lobby = lazy(() => import('./features/lobby/Lobby').then((m) => ({ default: m.Lobby })));
const SessionRecordLinks = lazy(() =>
  import('./features/agenda/AgendaEditor').then((m) => ({ default: m.SessionRecordLinks })),
);
const StaffCrisisBanner = lazy(() =>
  import('./features/crisis/StaffCrisisBanner').then((m) => ({ default: m.StaffCrisisBanner })),
);
const MemberApp = lazy(() => import('./features/member/MemberApp').then((m) => ({ default: m.MemberApp })));
const StaffApp = lazy(() => import('./features/clinic/StaffApp').then((m) => ({ default: m.StaffApp })));

/**
 * The page for this address: the staff pages (/signin, /setup#token, /set-password#token, /home,
 * /groups/<id>), a member's group page (/g#token), or the room (/join#token and the welcome page). Chosen before the room reads the #fragment as an invitation.
 */
export function App() {
  const path = useStaffStore((s) => s.path);
  if (path === MEMBER_PATH || isStaffAppPath(path)) {
    return (
      <Suspense fallback={<Loading />}>{path === MEMBER_PATH ? <MemberApp /> : <StaffApp path={path} />}</Suspense>
    );
  }
  return <RoomApp />;
}

function Loading() {
  const { t } = useT('common');
  return (
    <main className="page narrow">
      <p role="status">{t('loading')}</p>
    </main>
  );
}

function RoomApp() {
  const { t } = useT('app');
  const [token] = useState(() => takeInviteToken());
  const [ready, setReady] = useState(false);
  const { connection, error, ended, view } = useRoomStore();

  useEffect(() => {
    if (token) connectOnce(token);
    return () => disconnect();
  }, [token]);

  // In the session: fetch the room's screen while they are on the pre-join screen.
  const inSession = !!view;
  useEffect(() => {
    if (inSession) void loadRoom().catch(() => undefined);
  }, [inSession]);

  const member = view?.you.role === 'member';
  const staff = !!view && !member;
  const showCrisis = !view || member;
  const header = useRef<HTMLElement>(null);

  // The sticky header grows with alerts and notices: the room below keeps to the rest of the screen.
  useEffect(() => {
    const el = header.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const set = () => document.documentElement.style.setProperty('--header-h', `${el.offsetHeight}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  let body: React.ReactNode;
  if (!token) {
    body = (
      <Screen title={t('welcome.title')} screenKey="welcome">
        <p>{t('welcome.text')}</p>
      </Screen>
    );
  } else if (ended) {
    const left = ended.reason === 'left';
    body = (
      <Screen title={left ? t('ended.leftTitle') : t('ended.closedTitle')} screenKey={left ? 'left' : 'closed'}>
        {/* A message the therapist wrote (declining) is theirs, in their words. */}
        <p role="status">{ended.message ?? t(`ended.${ended.reason}`)}</p>
        {left && canRejoin() && (
          <>
            <p>{t('ended.leftByMistake')}</p>
            <button type="button" className="primary" onClick={() => rejoin()}>
              {t('ended.rejoin')}
            </button>
          </>
        )}
        {view?.you.role === 'therapist' && <SessionRecordLinks />}
      </Screen>
    );
  } else if (connection === 'failed') {
    body = (
      <main className="page narrow">
        <h1>{t('failed.title')}</h1>
        <p role="alert">{error ? errorText(error) : t('failed.text')}</p>
        <button type="button" onClick={() => token && connect(token)}>
          {t('failed.tryAgain')}
        </button>
      </main>
    );
  } else if (!view) {
    body = (
      <main className="page narrow">
        <p role="status">{t('connecting')}</p>
      </main>
    );
  } else if (!ready) {
    body = (
      <PreJoin
        continueLabel={member && view.you.status !== 'admitted' ? t('continue') : t('joinSession')}
        onContinue={() => {
          // Already admitted: the room's media starts now, not once the room's screen has rendered.
          if (view.you.status === 'admitted') joinMedia();
          setReady(true);
        }}
      />
    );
  } else if (view.you.status === 'arriving') {
    body = <CheckIn />;
  } else if (view.you.status === 'waiting') {
    body = <Lobby />;
  } else if (view.you.status === 'admitted') {
    body = <Room />;
  } else {
    body = (
      <main className="page narrow">
        <p role="status">{t('closedForYou')}</p>
      </main>
    );
  }

  return (
    <>
      <header className="top" ref={header}>
        <div className="topbar">
          <span className="brand">{t('brand')}</span>
          {/* One polite live region, always present, so each change of its text is announced. */}
          <span className={connection === 'reconnecting' ? 'conn warn' : 'conn'} role="status" aria-live="polite">
            {connectionText(connection, !!view, t)}
          </span>
          {showCrisis && <CrisisSupport />}
        </div>
        {/* Pinned with the top bar, so alerts and notices never cover the room's timers or controls. */}
        {staff && (
          <Suspense fallback={null}>
            <StaffCrisisBanner />
          </Suspense>
        )}
        <Notices />
      </header>
      <Suspense fallback={<Loading />}>{body}</Suspense>
    </>
  );
}

/** The connection as the top bar says it; empty while connected. A restart is news, not an error. */
function connectionText(connection: ConnectionState, hasView: boolean, t: ReturnType<typeof useT<'app'>>['t']): string {
  switch (connection) {
    case 'reconnecting':
      return t('reconnecting');
    case 'restarting':
      return t('restarting');
    case 'connecting':
      return hasView ? t('connecting') : '';
    default:
      return '';
  }
}

/** A simple screen whose heading takes focus when it appears. */
function Screen({ title, screenKey, children }: { title: string; screenKey: string; children: React.ReactNode }) {
  // Focus moves to the heading when the screen changes, not when its language does.
  const heading = useScreenHeading(screenKey);
  return (
    <main className="page narrow" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </main>
  );
}
