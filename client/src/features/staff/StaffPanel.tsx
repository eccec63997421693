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
import i18next from 'i18next';
import { intlLocale, Trans, useT } from '../../i18n';

/** A duration in whole minutes: the room shows no seconds outside the turn and agenda timers. */
function minutes(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  return m === 0 ? i18next.t('staff:underOneMinute') : i18next.t('staff:minutes', { count: m });
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });
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
  const { t: tr } = useT('staff');
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
    ...(therapist ? [] : [{ id: 'health' as const, label: tr('tabs.health'), badge: null }]),
    {
      id: 'people',
      label: tr('tabs.people'),
      badge: waiting.length > 0 ? tr('tabs.waiting', { count: waiting.length }) : null,
    },
    ...(therapist ? [{ id: 'agenda' as const, label: tr('tabs.agenda'), badge: null }] : []),
    { id: 'chat', label: tr('tabs.chat'), badge: messages > 0 ? tr('tabs.new', { count: messages }) : null },
    {
      id: 'safety',
      label: tr('tabs.safety'),
      badge: open.length > 0 ? tr('tabs.alerts', { count: open.length }) : null,
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
      aria-label={therapist ? tr('therapistTools') : tr('supervisorView')}
    >
      <div
        className="tabs"
        role="tablist"
        aria-label={therapist ? tr('therapistTools') : tr('supervisorTools')}
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
              <h2 id="end-title">{tr('end.title')}</h2>
              <p className="hint">{tr('end.hint')}</p>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (window.confirm(tr('end.confirm'))) void endSessionForEveryone();
                }}
              >
                {tr('end.button')}
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
            <h2 id="alerts-title">{tr('alerts.title')}</h2>
            {open.length === 0 ? (
              <p className="hint">{tr('alerts.none')}</p>
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
  const { t } = useT('staff');
  return (
    <section aria-labelledby="lobby-admin-title">
      <h2 id="lobby-admin-title">{t('waiting.title', { count: waiting.length })}</h2>
      {waiting.length === 0 ? (
        <p className="hint">{t('waiting.none')}</p>
      ) : (
        <>
          <button type="button" onClick={() => void admitAll()}>
            {t('waiting.admitAll')}
          </button>
          <ul className="people">
            {waiting.map((p) => (
              <li key={p.id}>
                <strong>{p.displayName}</strong>
                <CheckInSummary p={p} />
                {p.cannotEncrypt && <p className="warning">{t('waiting.cannotEncrypt')}</p>}
                <div className="row">
                  <button
                    type="button"
                    aria-label={p.cannotEncrypt ? undefined : t('waiting.admitName', { name: p.displayName })}
                    onClick={() => void admit(p.id, p.cannotEncrypt)}
                  >
                    {/* The exception names the person on the button itself: it is read before it is pressed. */}
                    {p.cannotEncrypt ? t('waiting.admitPlainName', { name: p.displayName }) : t('waiting.admit')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('waiting.declineName', { name: p.displayName })}
                    onClick={() => void decline(p.id)}
                  >
                    {t('waiting.decline')}
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
  const { t } = useT('staff');
  if (!view) return null;
  const members = participantDetails(view).filter((p) => p.role === 'member' && p.status === 'admitted');
  return (
    <section aria-labelledby="checkins-title">
      <h2 id="checkins-title">{t('checkIns.title', { count: members.length })}</h2>
      {members.length === 0 ? (
        <p className="hint">{t('checkIns.none')}</p>
      ) : (
        <ul className="people">
          {members.map((p) => (
            <li key={p.id}>
              <strong>{p.displayName}</strong>
              {p.reconnecting && p.disconnectedAt ? (
                <span className="badge warn"> {t('checkIns.droppedAt', { time: time(p.disconnectedAt) })}</span>
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
  const { t } = useT('staff');
  if (!p.checkIn) return <p className="hint">{t('checkIns.notYet')}</p>;
  return (
    <dl className="checkin">
      <dt>{t('checkIns.location')}</dt>
      <dd>{p.checkIn.location}</dd>
      <dt>{t('checkIns.safePlace')}</dt>
      <dd>{p.checkIn.privateSafePlace ? t('checkIns.yes') : t('checkIns.no')}</dd>
      <dt>{t('checkIns.contact')}</dt>
      <dd>{p.checkIn.emergencyContact ?? t('checkIns.noneGiven')}</dd>
    </dl>
  );
}

function CrisisAlertItem({ alert }: { alert: CrisisAlertView }) {
  const [note, setNote] = useState('');
  const canAct = useRoomStore((s) => s.view?.you.role !== 'member');
  const therapist = useRoomStore((s) => s.view?.you.role === 'therapist');
  const { t } = useT('staff');
  // The pinned banner at the top acknowledges what this person must act on (see StaffCrisisBanner).
  const inBanner = alert.state === 'raised' && (therapist || alert.escalated);
  return (
    // Announced by the pinned banner; this is the record and the tools, reachable from it.
    <li className="alert-item" id={`alert-${alert.id}`} tabIndex={-1}>
      <p>
        <Trans
          t={t}
          i18nKey="alerts.askedAt"
          values={{ name: alert.displayName, time: time(alert.raisedAt) }}
          components={{ b: <strong /> }}
        />
        {alert.escalated && ` ${t('alerts.escalated')}`}
      </p>
      <p>{t('alerts.location', { location: alert.location ?? t('alerts.unknown') })}</p>
      <p>{t('alerts.contact', { contact: alert.emergencyContact ?? t('alerts.noneGiven') })}</p>
      {therapist && alert.sideRoom.length === 0 && (
        <button type="button" onClick={() => void openSideRoom(alert.id)}>
          {t('alerts.openSideRoom', { name: alert.displayName })}
        </button>
      )}
      {therapist && alert.sideRoom.length > 0 && (
        <button type="button" onClick={() => void returnToGroup(alert.id)}>
          {t('alerts.returnToGroup', { name: alert.displayName })}
        </button>
      )}
      {inBanner && <p className="hint">{t('alerts.inBanner')}</p>}
      {canAct && alert.state === 'raised' && !inBanner && (
        <button type="button" className="primary" onClick={() => void acknowledgeAlert(alert.id)}>
          {t('alerts.acknowledge', { name: alert.displayName })}
        </button>
      )}
      {canAct && alert.state === 'acknowledged' && (
        <div className="row">
          <label htmlFor={`note-${alert.id}`} className="visually-hidden">
            {t('alerts.note')}
          </label>
          <input
            id={`note-${alert.id}`}
            placeholder={t('alerts.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="button" onClick={() => void resolveAlert(alert.id, note)}>
            {t('alerts.resolve')}
          </button>
        </div>
      )}
    </li>
  );
}

function SpeakingControls() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow(15_000);
  const { t } = useT('staff');
  if (!view) return null;
  const { speaking } = view;
  const name = (id: string) => displayNameOf(view, id) ?? t('someone');
  return (
    <section aria-labelledby="speaking-title">
      <h2 id="speaking-title">{t('speaking.title')}</h2>
      <div className="row" role="group" aria-label={t('speaking.mode')}>
        <button type="button" aria-pressed={speaking.mode === 'open'} onClick={() => void setSpeakingMode('open')}>
          {t('speaking.open')}
        </button>
        <button
          type="button"
          aria-pressed={speaking.mode === 'facilitated'}
          onClick={() => void setSpeakingMode('facilitated')}
        >
          {t('speaking.facilitated')}
        </button>
      </div>
      <div className="row">
        <label htmlFor="turn-length">{t('speaking.turnLength')}</label>
        <select
          id="turn-length"
          value={speaking.turnSeconds}
          onChange={(e) => void setTurn(Number(e.target.value), speaking.expiry)}
        >
          {[60, 120, 180, 300, 600].map((s) => (
            <option key={s} value={s}>
              {t('minutes', { count: s / 60 })}
            </option>
          ))}
          {![60, 120, 180, 300, 600].includes(speaking.turnSeconds) && (
            <option value={speaking.turnSeconds}>{formatClock(speaking.turnSeconds * 1000)}</option>
          )}
        </select>
        <label htmlFor="turn-expiry">{t('speaking.atTime')}</label>
        <select
          id="turn-expiry"
          value={speaking.expiry}
          onChange={(e) => void setTurn(speaking.turnSeconds, e.target.value === 'hard' ? 'hard' : 'soft')}
        >
          <option value="soft">{t('speaking.soft')}</option>
          <option value="hard">{t('speaking.hard')}</option>
        </select>
      </div>
      <div className="row">
        <button type="button" disabled={speaking.queue.length === 0} onClick={() => void giveFloorToNext()}>
          {t('speaking.next')}
        </button>
        <button type="button" disabled={!speaking.floor} onClick={() => void takeFloorBack()}>
          {t('speaking.takeBack')}
        </button>
        <button type="button" onClick={() => void muteAll()}>
          {t('speaking.muteAll')}
        </button>
        {view.onBreak ? (
          <span className="hint">{t('speaking.onBreak')}</span>
        ) : (
          <button type="button" onClick={() => void startBreak()}>
            {t('speaking.pause')}
          </button>
        )}
      </div>
      <ServerCheckbox checked={view.focusMode ?? false} request={setFocusMode}>
        {t('speaking.focusMode')}
      </ServerCheckbox>
      {speaking.queue.length > 0 && (
        <ol aria-label={t('speaking.queue')}>
          {speaking.queue.map((q) => (
            <li key={q.participantId}>
              {t('speaking.waitingFor', { name: name(q.participantId), time: minutes(now - q.raisedAt) })}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Roster() {
  const view = useRoomStore((s) => s.view);
  const { t } = useT('staff');
  if (!view) return null;
  const therapist = view.you.role === 'therapist';
  const people = participantDetails(view).filter((p) => p.status === 'admitted' || p.status === 'left');
  const members = people.filter((p) => p.role === 'member');
  const silent = members.filter((p) => p.status === 'admitted' && p.talkMs === 0 && p.turns === 0);
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">{t('roster.title')}</h2>
      {therapist && (
        <ServerCheckbox checked={view.locked} request={lockRoom}>
          {t('roster.lock')}
        </ServerCheckbox>
      )}
      {silent.length > 0 && (
        <p className="hint">{t('roster.notHeard', { names: silent.map((p) => p.displayName).join(', ') })}</p>
      )}
      <ul className="people">
        {people.map((p) => (
          <li key={p.id}>
            <strong>{p.displayName}</strong> <span className="badge">{t(`roster.role.${p.role}`)}</span>{' '}
            {p.audioOnly && <span className="badge">{t('roster.audioOnly')}</span>}{' '}
            {p.listenOnly && <span className="badge">{t('roster.listeningOnly')}</span>}{' '}
            {p.status === 'admitted' && <ConnectionBadge participantId={p.id} />}{' '}
            {p.status === 'left' ? (
              <span className="badge">{t('roster.left')}</span>
            ) : p.reconnecting && p.disconnectedAt ? (
              <span className="badge warn">{t('checkIns.droppedAt', { time: time(p.disconnectedAt) })}</span>
            ) : null}
            {p.role === 'member' && (
              <>
                {/* Back on a browser that cannot encrypt: the room stays sealed until the therapist decides. */}
                {p.status === 'admitted' && p.cannotEncrypt && !view.unencrypted.includes(p.id) && (
                  <>
                    <p className="warning">{t('roster.cannotEncrypt')}</p>
                    {therapist && (
                      <button type="button" onClick={() => void admit(p.id, true)}>
                        {t('roster.letInPlain', { name: p.displayName })}
                      </button>
                    )}
                  </>
                )}
                <p className="hint">
                  {p.reconnects > 0
                    ? t('roster.talkReconnects', { time: minutes(p.talkMs), turns: p.turns, reconnects: p.reconnects })
                    : t('roster.talk', { time: minutes(p.talkMs), turns: p.turns })}
                </p>
                {therapist && p.status === 'admitted' && (
                  <div className="row">
                    <button
                      type="button"
                      aria-label={t('roster.giveFloorTo', { name: p.displayName })}
                      onClick={() => void giveFloor(p.id)}
                    >
                      {t('roster.giveFloor')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('roster.muteName', { name: p.displayName })}
                      onClick={() => void mute(p.id)}
                    >
                      {t('roster.mute')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('roster.askUnmuteName', { name: p.displayName })}
                      onClick={() => void askToUnmute(p.id)}
                    >
                      {t('roster.askUnmute')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('roster.stopCameraOf', { name: p.displayName })}
                      onClick={() => void stopCameraOf(p.id)}
                    >
                      {t('roster.stopCamera')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('roster.removeName', { name: p.displayName })}
                      onClick={() => {
                        if (window.confirm(t('roster.removeConfirm', { name: p.displayName })))
                          void removeParticipant(p.id);
                      }}
                    >
                      {t('roster.remove')}
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
