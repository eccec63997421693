import { useRef, useState } from 'react';
import { useHealthStore } from '../../stores/useHealthStore';
import type { CrisisAlertView, ParticipantDetailView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import {
  acknowledgeAlert,
  admit,
  admitAll,
  askToUnmute,
  decline,
  endSessionForEveryone,
  giveFloor,
  giveFloorToNext,
  lockRoom,
  mute,
  muteAll,
  openSideRoom,
  removeParticipant,
  resolveAlert,
  returnToGroup,
  setSpeakingMode,
  setTurn,
  setFocusMode,
  startBreak,
  stopCameraOf,
  takeFloorBack,
} from '../../actions';
import { displayNameOf, participantDetails } from '../../stores/roster';
import { formatClock, useServerNow } from '../room/useServerNow';
import { Invites } from './Invites';
import { AgendaEditor } from '../agenda/AgendaEditor';
import { PairsControls } from '../pairs/PairsControls';
import { ReactionsSwitch } from '../reactions/ReactionsSwitch';
import { SessionHealth } from '../supervisor/SessionHealth';
import { SessionsOverview } from '../supervisor/SessionsOverview';
import { StaffLine } from './StaffLine';
import { ConnectionBadge } from './ConnectionBadge';
import { ChatPanel } from '../chat/ChatPanel';
import { useChatStore } from '../../stores/useChatStore';
import { openStaffTab, useLayoutStore } from '../../stores/useLayoutStore';
import { ServerCheckbox } from '../../ui/ServerCheckbox';

/** A duration in whole minutes: the room shows no seconds outside the turn and agenda timers. */
function minutes(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  return m === 0 ? 'under 1 min' : `${m} min`;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

type TabId = 'people' | 'agenda' | 'chat' | 'safety' | 'health';

/**
 * Therapists' and supervisors' tools beside the video, one task at a time: People (lobby, speaking,
 * roster), Agenda, Chat & messages, Safety (alerts, check-ins); a supervisor's first tab is the
 * session's health. Open alerts, people waiting and unread messages show on the tabs whichever is open.
 */
export function StaffPanel() {
  const view = useRoomStore((s) => s.view);
  const unread = useChatStore((s) => s.unread);
  const chosen = useLayoutStore((s) => s.staffTab);
  // The staff line's messages count as new until the Chat & messages tab has been open since they came.
  const staffMessages = useHealthStore((s) => s.staffMessages);
  const [staffSeen, setStaffSeen] = useState(0);
  if (chosen === 'chat' && staffSeen !== staffMessages.length) setStaffSeen(staffMessages.length);
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  if (!view) return null;
  const therapist = view.you.role === 'therapist';
  const waiting = participantDetails(view).filter((p) => p.status === 'waiting');
  const open = (view.crisisAlerts ?? []).filter((a) => a.state !== 'resolved');
  const raised = open.filter((a) => a.state === 'raised');
  const messages =
    Object.entries(unread)
      .filter(([k]) => k !== 'group')
      .reduce((a, [, n]) => a + n, 0) +
    (unread.group ?? 0) +
    staffMessages.slice(staffSeen).filter((m) => m.fromId !== view.you.id).length;

  const tabs: { id: TabId; label: string; badge: string | null; urgent?: boolean }[] = [
    ...(therapist ? [] : [{ id: 'health' as const, label: 'Health', badge: null }]),
    { id: 'people', label: 'People', badge: waiting.length > 0 ? `${waiting.length} waiting` : null },
    ...(therapist ? [{ id: 'agenda' as const, label: 'Agenda', badge: null }] : []),
    { id: 'chat', label: 'Chat & messages', badge: messages > 0 ? `${messages} new` : null },
    {
      id: 'safety',
      label: 'Safety',
      badge: open.length > 0 ? `${open.length} ${open.length === 1 ? 'alert' : 'alerts'}` : null,
      urgent: raised.length > 0,
    },
  ];
  const active: TabId = chosen && tabs.some((t) => t.id === chosen) ? chosen : tabs[0]!.id;
  const select = (id: TabId, focus = false) => {
    openStaffTab(id);
    if (focus) tabRefs.current[id]?.focus();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === active);
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    select(tabs[to]!.id, true);
  };
  const panel = (id: TabId, children: React.ReactNode) => (
    <div
      role="tabpanel"
      id={`tools-panel-${id}`}
      aria-labelledby={`tools-tab-${id}`}
      className="tab-panel"
      hidden={active !== id}
      tabIndex={0}
    >
      {children}
    </div>
  );

  return (
    <aside
      className={therapist ? 'panel' : 'panel supervisor-panel'}
      aria-label={therapist ? 'Therapist tools' : 'Supervisor view'}
    >
      <div
        className="tabs"
        role="tablist"
        aria-label={therapist ? 'Therapist tools' : 'Supervisor tools'}
        onKeyDown={onKey}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tools-tab-${t.id}`}
            aria-selected={active === t.id}
            aria-controls={`tools-panel-${t.id}`}
            tabIndex={active === t.id ? 0 : -1}
            className={t.urgent ? 'tab urgent' : 'tab'}
            onClick={() => select(t.id)}
          >
            {t.label}
            {t.badge && (
              <span className={t.urgent ? 'tab-badge urgent' : 'tab-badge'}>
                <span className="visually-hidden">, </span>
                {t.badge}
              </span>
            )}
          </button>
        ))}
      </div>
      {!therapist &&
        panel(
          'health',
          <>
            <SessionHealth />
            <SessionsOverview />
          </>,
        )}
      {panel(
        'people',
        <>
          {therapist && <WaitingRoom waiting={waiting} />}
          {therapist && <SpeakingControls />}
          {therapist && <ReactionsSwitch />}
          {therapist && <PairsControls />}
          <Roster />
          {therapist && <Invites />}
          {therapist && (
            <section aria-labelledby="end-title">
              <h2 id="end-title">End the session</h2>
              <p className="hint">Everyone leaves the room. You can still download the session record afterwards.</p>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (window.confirm('End the session for everyone?')) void endSessionForEveryone();
                }}
              >
                End the session for everyone
              </button>
            </section>
          )}
        </>,
      )}
      {therapist && panel('agenda', <AgendaEditor />)}
      {panel(
        'chat',
        <>
          <ChatPanel />
          <StaffLine />
        </>,
      )}
      {panel(
        'safety',
        <>
          <section className={open.length > 0 ? 'alerts' : undefined} aria-labelledby="alerts-title">
            <h2 id="alerts-title">Crisis alerts</h2>
            {open.length === 0 ? (
              <p className="hint">No open alerts.</p>
            ) : (
              <ul>
                {open.map((a) => (
                  <CrisisAlertItem key={a.id} alert={a} />
                ))}
              </ul>
            )}
          </section>
          <CheckIns />
        </>,
      )}
    </aside>
  );
}

function WaitingRoom({ waiting }: { waiting: ParticipantDetailView[] }) {
  return (
    <section aria-labelledby="lobby-admin-title">
      <h2 id="lobby-admin-title">Waiting room ({waiting.length})</h2>
      {waiting.length === 0 ? (
        <p className="hint">No one is waiting.</p>
      ) : (
        <>
          <button type="button" onClick={() => void admitAll()}>
            Admit all
          </button>
          <ul className="people">
            {waiting.map((p) => (
              <li key={p.id}>
                <strong>{p.displayName}</strong>
                <CheckInSummary p={p} />
                <div className="row">
                  <button type="button" aria-label={`Admit ${p.displayName}`} onClick={() => void admit(p.id)}>
                    Admit
                  </button>
                  <button
                    type="button"
                    aria-label={`Decline ${p.displayName}`}
                    onClick={() => void decline(p.id, 'Your therapist could not admit you to this session.')}
                  >
                    Decline
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Where each member in the room is, whether they are somewhere private and safe, and whom to call. */
function CheckIns() {
  const view = useRoomStore((s) => s.view);
  if (!view) return null;
  const members = participantDetails(view).filter((p) => p.role === 'member' && p.status === 'admitted');
  return (
    <section aria-labelledby="checkins-title">
      <h2 id="checkins-title">Check-ins ({members.length})</h2>
      {members.length === 0 ? (
        <p className="hint">No members in the room yet.</p>
      ) : (
        <ul className="people">
          {members.map((p) => (
            <li key={p.id}>
              <strong>{p.displayName}</strong>
              {p.reconnecting && p.disconnectedAt ? (
                <span className="badge warn"> dropped at {time(p.disconnectedAt)}</span>
              ) : null}
              <CheckInSummary p={p} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CheckInSummary({ p }: { p: ParticipantDetailView }) {
  if (!p.checkIn) return <p className="hint">Not checked in yet.</p>;
  return (
    <dl className="checkin">
      <dt>Location</dt>
      <dd>{p.checkIn.location}</dd>
      <dt>Private, safe place</dt>
      <dd>{p.checkIn.privateSafePlace ? 'Yes' : 'No'}</dd>
      <dt>Emergency contact</dt>
      <dd>{p.checkIn.emergencyContact ?? 'None given'}</dd>
    </dl>
  );
}

function CrisisAlertItem({ alert }: { alert: CrisisAlertView }) {
  const [note, setNote] = useState('');
  const canAct = useRoomStore((s) => s.view?.you.role !== 'member');
  const therapist = useRoomStore((s) => s.view?.you.role === 'therapist');
  // The pinned banner at the top acknowledges what this person must act on (see StaffCrisisBanner).
  const inBanner = alert.state === 'raised' && (therapist || alert.escalated);
  return (
    // Announced by the pinned banner; this is the record and the tools, reachable from it.
    <li className="alert-item" id={`alert-${alert.id}`} tabIndex={-1}>
      <p>
        <strong>{alert.displayName}</strong> asked for crisis support at {time(alert.raisedAt)}
        {alert.escalated && ' · escalated to the supervisor'}
      </p>
      <p>Location: {alert.location ?? 'unknown'}</p>
      <p>Emergency contact: {alert.emergencyContact ?? 'none given'}</p>
      {therapist && alert.sideRoom.length === 0 && (
        <button type="button" onClick={() => void openSideRoom(alert.id)}>
          Open a private room with {alert.displayName}
        </button>
      )}
      {therapist && alert.sideRoom.length > 0 && (
        <button type="button" onClick={() => void returnToGroup(alert.id)}>
          Return {alert.displayName} to the group
        </button>
      )}
      {inBanner && <p className="hint">Not yet acknowledged: see the alert pinned at the top of the screen.</p>}
      {canAct && alert.state === 'raised' && !inBanner && (
        <button type="button" className="primary" onClick={() => void acknowledgeAlert(alert.id)}>
          Acknowledge alert from {alert.displayName}
        </button>
      )}
      {canAct && alert.state === 'acknowledged' && (
        <div className="row">
          <label htmlFor={`note-${alert.id}`} className="visually-hidden">
            Private note
          </label>
          <input
            id={`note-${alert.id}`}
            placeholder="Private note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="button" onClick={() => void resolveAlert(alert.id, note)}>
            Resolve
          </button>
        </div>
      )}
    </li>
  );
}

function SpeakingControls() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow(15_000);
  if (!view) return null;
  const { speaking } = view;
  const name = (id: string) => displayNameOf(view, id) ?? 'Someone';
  return (
    <section aria-labelledby="speaking-title">
      <h2 id="speaking-title">Speaking</h2>
      <div className="row" role="group" aria-label="Speaking mode">
        <button type="button" aria-pressed={speaking.mode === 'open'} onClick={() => void setSpeakingMode('open')}>
          Open
        </button>
        <button
          type="button"
          aria-pressed={speaking.mode === 'facilitated'}
          onClick={() => void setSpeakingMode('facilitated')}
        >
          Facilitated
        </button>
      </div>
      <div className="row">
        <label htmlFor="turn-length">Turn length</label>
        <select
          id="turn-length"
          value={speaking.turnSeconds}
          onChange={(e) => void setTurn(Number(e.target.value), speaking.expiry)}
        >
          {[60, 120, 180, 300, 600].map((s) => (
            <option key={s} value={s}>
              {s / 60} min
            </option>
          ))}
          {![60, 120, 180, 300, 600].includes(speaking.turnSeconds) && (
            <option value={speaking.turnSeconds}>{formatClock(speaking.turnSeconds * 1000)}</option>
          )}
        </select>
        <label htmlFor="turn-expiry">At time</label>
        <select
          id="turn-expiry"
          value={speaking.expiry}
          onChange={(e) => void setTurn(speaking.turnSeconds, e.target.value === 'hard' ? 'hard' : 'soft')}
        >
          <option value="soft">gentle reminder</option>
          <option value="hard">pass to next hand</option>
        </select>
      </div>
      <div className="row">
        <button type="button" disabled={speaking.queue.length === 0} onClick={() => void giveFloorToNext()}>
          Give floor to next
        </button>
        <button type="button" disabled={!speaking.floor} onClick={() => void takeFloorBack()}>
          Take floor back
        </button>
        <button type="button" onClick={() => void muteAll()}>
          Mute all members
        </button>
        {view.onBreak ? (
          <span className="hint">On a break: end it from the top of the room.</span>
        ) : (
          <button type="button" onClick={() => void startBreak()}>
            Pause the group (short break)
          </button>
        )}
      </div>
      <ServerCheckbox checked={view.focusMode ?? false} request={setFocusMode}>
        Members see only the therapists (focus mode)
      </ServerCheckbox>
      {speaking.queue.length > 0 && (
        <ol aria-label="Hand queue with wait times">
          {speaking.queue.map((q) => (
            <li key={q.participantId}>
              {name(q.participantId)} · waiting {minutes(now - q.raisedAt)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Roster() {
  const view = useRoomStore((s) => s.view);
  if (!view) return null;
  const therapist = view.you.role === 'therapist';
  const people = participantDetails(view).filter((p) => p.status === 'admitted' || p.status === 'left');
  const members = people.filter((p) => p.role === 'member');
  const silent = members.filter((p) => p.status === 'admitted' && p.talkMs === 0 && p.turns === 0);
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">People</h2>
      {therapist && (
        <ServerCheckbox checked={view.locked} request={lockRoom}>
          Lock the session (no one new can enter the waiting room)
        </ServerCheckbox>
      )}
      {silent.length > 0 && <p className="hint">Not heard yet: {silent.map((p) => p.displayName).join(', ')}</p>}
      <ul className="people">
        {people.map((p) => (
          <li key={p.id}>
            <strong>{p.displayName}</strong> <span className="badge">{p.role}</span>{' '}
            {p.audioOnly && <span className="badge">audio only</span>}{' '}
            {p.listenOnly && <span className="badge">listening only</span>}{' '}
            {p.status === 'admitted' && <ConnectionBadge participantId={p.id} />}{' '}
            {p.status === 'left' ? (
              <span className="badge">left</span>
            ) : p.reconnecting && p.disconnectedAt ? (
              <span className="badge warn">dropped at {time(p.disconnectedAt)}</span>
            ) : null}
            {p.role === 'member' && (
              <>
                <p className="hint">
                  Talk time {minutes(p.talkMs)} · turns {p.turns}
                  {p.reconnects > 0 ? ` · reconnects ${p.reconnects}` : ''}
                </p>
                {therapist && p.status === 'admitted' && (
                  <div className="row">
                    <button
                      type="button"
                      aria-label={`Give floor to ${p.displayName}`}
                      onClick={() => void giveFloor(p.id)}
                    >
                      Give floor
                    </button>
                    <button type="button" aria-label={`Mute ${p.displayName}`} onClick={() => void mute(p.id)}>
                      Mute
                    </button>
                    <button
                      type="button"
                      aria-label={`Ask to unmute: ${p.displayName}`}
                      onClick={() => void askToUnmute(p.id)}
                    >
                      Ask to unmute
                    </button>
                    <button
                      type="button"
                      aria-label={`Stop camera of ${p.displayName}`}
                      onClick={() => void stopCameraOf(p.id)}
                    >
                      Stop camera
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${p.displayName} from the session`}
                      onClick={() => {
                        if (window.confirm(`Remove ${p.displayName} from this session?`)) void removeParticipant(p.id);
                      }}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
