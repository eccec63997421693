import { lazy, Suspense, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { ParticipantView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { openThread, useChatStore } from '../../stores/useChatStore';
import { loadSelfView, personKey, setSelfView, useLayoutStore } from '../../stores/useLayoutStore';
import { endBreak, enterRoom } from '../../actions';
import { displayNameOf, participantsOf } from '../../stores/roster';
import { Tile } from './Tile';
import { Controls } from './Controls';
import { SpeakingBar } from './SpeakingBar';
import { AgendaBar } from '../agenda/AgendaBar';
import { ChatPanel } from '../chat/ChatPanel';
import { PairsBanner } from '../pairs/PairsBanner';
// Staff tools (agenda editor, supervisor charts…) load only for therapists and supervisors.
const StaffPanel = lazy(() => import('../staff/StaffPanel').then((m) => ({ default: m.StaffPanel })));
import { AudioOnlyBanner, MediaProblemBanner } from '../network/AudioOnlyBanner';
import { E2eeClearBanner, E2eeStatus } from '../network/E2eeStatus';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { arrange, cornerAfterKey, featuredTile, nearestCorner, type Rect } from './layout';
import { nameList } from './nameList';
import { useT } from '../../i18n';

/** Below this width of the video area one's own tile floats small in a corner; above, it joins the grid. */
const FLOATING_SELF_BELOW_PX = 640;
const GAP_PX = 8;

export function Room() {
  const view = useRoomStore((s) => s.view);
  const problem = useMediaStore((s) => s.problem);
  const thread = useChatStore((s) => s.openThread);
  const heading = useScreenHeading();
  const person = view ? personKey(view.you) : null;
  const { t } = useT('room');

  useEffect(() => {
    enterRoom();
  }, []);
  useEffect(() => {
    if (person) loadSelfView(person);
  }, [person]);

  if (!view) return null;
  const staff = view.you.role !== 'member';
  const member = !staff;
  const admitted = participantsOf(view).filter((p) => p.status === 'admitted');
  const people = admitted.filter((p) => !p.away);
  const away = admitted.filter((p) => p.away);
  const onBreakScreen = view.onBreak && !view.you.inSideRoom && view.you.role === 'member';
  // Therapists first, then members; the supervisor is listed, never hidden.
  const order = { therapist: 0, member: 1, supervisor: 2 } as const;
  people.sort((a, b) => order[a.role] - order[b.role] || a.displayName.localeCompare(b.displayName));
  // Focus mode: a member is given no tile for the other members (the server sends none of their video).
  const byName = people.filter((p) => p.tile === false);
  const tiles = people.filter((p) => p.tile !== false);

  return (
    <div className={`room${staff ? ' with-panel' : ''}`}>
      <main className="stage" aria-labelledby="room-title">
        <h1 id="room-title" className="visually-hidden" tabIndex={-1} ref={heading}>
          {view.title}
        </h1>
        {/* Sound and video cannot work at all: said in full, above the strip. */}
        <MediaProblemBanner />
        <E2eeClearBanner />
        {/* One compact strip: on a phone it is one line that scrolls sideways, never pushing the video off screen. */}
        <div className="status">
          <AgendaBar />
          <PairsBanner />
          <SpeakingBar />
          <AudioOnlyBanner />
          <E2eeStatus />
          {problem !== 'none' && view.you.role !== 'supervisor' && (
            <p className="warning" role="status">
              {problem === 'no-devices'
                ? t('problem.noDevices')
                : problem === 'no-camera'
                  ? t('problem.noCamera')
                  : t('problem.noMic')}
            </p>
          )}
          <SpaceBanner />
          {staff && <BreakBanner />}
          {away.length > 0 && !view.you.inSideRoom && (
            <p className="hint away">{t('away', { names: away.map((p) => p.displayName).join(', ') })}</p>
          )}
          {byName.length > 0 && (
            <p className="hint focus-note">{t('focusNote', { names: byName.map((p) => p.displayName).join(', ') })}</p>
          )}
        </div>
        <div className="video-area">
          {onBreakScreen ? <BreakScreen cause={view.breakCause} /> : <VideoGrid tiles={tiles} youId={view.you.id} />}
          {member && thread !== null && (
            <div className="chat-sheet">
              <button type="button" className="chat-close" onClick={() => openThread(null)}>
                {t('closeMessages')}
              </button>
              <ChatPanel />
            </div>
          )}
        </div>
        <Controls />
      </main>
      {staff && (
        <Suspense fallback={<aside className="panel" aria-busy="true" aria-label={t('loadingTools')} />}>
          <StaffPanel />
        </Suspense>
      )}
    </div>
  );
}

function shift(rects: Record<string, Rect>, dy: number): Record<string, Rect> {
  if (dy === 0) return rects;
  return Object.fromEntries(Object.entries(rects).map(([id, r]) => [id, { ...r, top: r.top + dy }]));
}

/** The size of an element, kept up to date. */
function useSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** Who spoke last (not oneself): speaker view shows them large. */
function useLastSpeaker(youId: string): string | null {
  const speaking = useRoomStore((s) => s.speaking);
  const [last, setLast] = useState<string | null>(null);
  const now = speaking.find((id) => id !== youId) ?? null;
  if (now !== null && now !== last) setLast(now);
  return now ?? last;
}

/**
 * The participants' tiles, laid out so every face is whole on this screen: a fitted gallery, or one
 * tile large (pinned, the floor holder, or in speaker view the one speaking). On a phone one's own
 * tile floats small in a corner (drag it, or move it with the arrow keys) and can be hidden.
 */
function VideoGrid({ tiles, youId }: { tiles: ParticipantView[]; youId: string }) {
  const ref = useRef<HTMLUListElement>(null);
  const { width, height } = useSize(ref);
  const mode = useLayoutStore((s) => s.view);
  const pinned = useLayoutStore((s) => s.pinned);
  const selfHidden = useLayoutStore((s) => s.selfViewHidden);
  const corner = useLayoutStore((s) => s.selfViewCorner);
  const floor = useRoomStore((s) => s.view?.speaking.floor?.participantId ?? null);
  const lastSpeaker = useLastSpeaker(youId);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const { t } = useT('room');

  const floating = width > 0 && width < FLOATING_SELF_BELOW_PX;
  const self = tiles.find((p) => p.id === youId);
  const inGrid = tiles.filter((p) => p.id !== youId || (!floating && !selfHidden));
  const ids = inGrid.map((p) => p.id);
  const featured = featuredTile({ mode, pinned, floor, lastSpeaker, tiles: ids });
  const selfW = Math.round(Math.min(Math.max(width * 0.3, 96), 168));
  // The floating self-view gets a band of its own (top or bottom), so it never covers a face.
  const reserve = floating && self && !selfHidden ? Math.round((selfW * 3) / 4) + GAP_PX : 0;
  const rects =
    width > 0
      ? shift(
          arrange(ids, ids.length > 2 || pinned ? featured : null, width, height - reserve, GAP_PX),
          corner.startsWith('top') ? reserve : 0,
        )
      : {};
  const place = (r: Rect | undefined) =>
    // The height follows from the width (the tile's 4:3 frame), as the fitted rects have it.
    r ? { left: r.left, top: r.top, width: r.width } : { visibility: 'hidden' as const };

  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    if ((e.target as HTMLElement).closest('button, [role="menu"]')) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const box = ref.current!.getBoundingClientRect();
    setDrag({ x: e.clientX - box.left, y: e.clientY - box.top });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    if (!drag) return;
    const box = ref.current!.getBoundingClientRect();
    setDrag({ x: e.clientX - box.left, y: e.clientY - box.top });
  };
  const onPointerUp = () => {
    if (!drag) return;
    setSelfView({ corner: nearestCorner(drag.x, drag.y, width, height) });
    setDrag(null);
  };

  return (
    <ul ref={ref} className="grid" aria-label={t('participants')} data-count={tiles.length} data-view={mode}>
      {inGrid.map((p) => (
        <Tile
          key={p.id}
          participant={p}
          self={p.id === youId}
          featured={p.id === featured && ids.length > 1}
          style={place(rects[p.id])}
          // Slot: a quiet reaction shown briefly on this participant's tile goes in `overlay`.
          overlay={null}
        />
      ))}
      {self && floating && !selfHidden && (
        <Tile
          participant={self}
          self
          className={`self-view corner-${corner}${drag ? ' dragging' : ''}`}
          style={drag ? { width: selfW, left: drag.x - selfW / 2, top: drag.y - selfW / 3 } : { width: selfW }}
        >
          <span
            className="self-drag"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDrag(null)}
            aria-hidden="true"
          />
          <button
            type="button"
            className="self-move"
            aria-label={t('moveSelf')}
            title={t('moveSelfTitle')}
            onKeyDown={(e) => {
              const next = cornerAfterKey(corner, e.key);
              if (next !== corner) {
                e.preventDefault();
                setSelfView({ corner: next });
              }
            }}
          >
            <span aria-hidden="true">✥</span>
          </button>
        </Tile>
      )}
      {self && selfHidden && (
        // Hidden from oneself, still sending: a small note keeps it findable and brings it back.
        <li
          className="tile self-hidden"
          aria-label={t('selfHidden', { name: self.displayName })}
          data-participant={self.id}
        >
          <button type="button" className="show-self" onClick={() => setSelfView({ hidden: false })}>
            {t('showSelf')}
          </button>
        </li>
      )}
    </ul>
  );
}

/**
 * Where the viewer is, said truthfully: in a practice pair (with whom, and who is visiting), or in a
 * private room (with whom). With the group, nothing needs saying.
 */
function SpaceBanner() {
  const view = useRoomStore((s) => s.view);
  const { t } = useT('room');
  if (!view) return null;
  const space = view.you.space;
  if (space.kind === 'main') return null;
  const nameOf = (id: string) => displayNameOf(view, id) ?? t('someone');
  const roleOf = (id: string) => participantsOf(view).find((p) => p.id === id)?.role;
  if (space.kind === 'pair') {
    const pair = view.pairs?.groups.find((g) => g.id === space.pairId)?.memberIds ?? [];
    const partners = space.withIds.filter((id) => pair.includes(id)).map(nameOf);
    const visitors = space.withIds.filter((id) => !pair.includes(id) && roleOf(id) !== 'member');
    if (view.you.role !== 'member') {
      return (
        <p className="banner space-banner" role="status">
          {t('space.visiting', { names: nameList(pair.map(nameOf)) })}
        </p>
      );
    }
    // The pairs banner already names the partner and the time left; say who else is here, if anyone.
    if (visitors.length === 0) return null;
    const supervisor = roleOf(visitors[0]!) === 'supervisor';
    const names = nameList(visitors.map(nameOf));
    return (
      <p className="banner space-banner" role="status">
        {partners.length
          ? t(supervisor ? 'space.listeningSupervisorWith' : 'space.listeningTherapistWith', {
              names,
              partners: nameList(partners),
            })
          : t(supervisor ? 'space.listeningSupervisor' : 'space.listeningTherapist', { names })}
      </p>
    );
  }
  const others = space.withIds.map(nameOf);
  return (
    <p className="banner space-banner" role="status">
      {view.you.role === 'member'
        ? t('space.privateMember', { names: nameList(others) || t('space.yourTherapist') })
        : t('space.privateStaff', { names: nameList(others) || t('space.noOneYet') })}
      {view.you.role !== 'member' && view.onBreak && view.breakCause === 'side-room' && ` ${t('space.groupOnBreak')}`}
    </p>
  );
}

/** Staff with the group during a break: what members see, and the way to end it. */
function BreakBanner() {
  const view = useRoomStore((s) => s.view);
  const { t } = useT('room');
  if (!view?.onBreak || view.you.space.kind !== 'main') return null;
  const therapist = view.you.role === 'therapist';
  return (
    <section className="banner break-banner" aria-labelledby="break-banner-title">
      <h2 id="break-banner-title" className="small">
        {t('break.bannerTitle')}
      </h2>
      <p>
        {t('break.bannerText')}
        {view.breakCause === 'side-room' && ` ${t('break.bannerSideRoom')}`}
      </p>
      {therapist && (
        <button type="button" className="primary" onClick={() => void endBreak()}>
          {t('break.end')}
        </button>
      )}
    </section>
  );
}

function BreakScreen({ cause }: { cause: 'therapist' | 'side-room' | null }) {
  const heading = useScreenHeading();
  const { t } = useT('room');
  return (
    <section className="break-screen" aria-labelledby="break-title">
      <h2 id="break-title" tabIndex={-1} ref={heading}>
        {t('break.title')}
      </h2>
      <p>
        {cause === 'side-room' ? t('break.sideRoom') : t('break.therapist')} {t('break.muted')}
      </p>
      <p className="hint">{t('break.help')}</p>
    </section>
  );
}
