import { useEffect, useRef } from 'react';
import type { CrisisAlertView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { acknowledgeAlert } from '../../actions';
import { CrisisAlarm } from './alarm';
import { openStaffTab } from '../../stores/useLayoutStore';

const TITLE = 'Circle';
const ALERT_TITLE = '⚠ Crisis alert · Circle';

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * The alerts this staff member must act on now: for a therapist every unacknowledged alert; for a
 * supervisor those escalated to them (unacknowledged after the escalation time).
 */
export function useUrgentAlerts(): CrisisAlertView[] {
  const view = useRoomStore((s) => s.view);
  if (!view || view.you.role === 'member') return [];
  const supervisor = view.you.role === 'supervisor';
  return (view.crisisAlerts ?? []).filter((a) => a.state === 'raised' && (!supervisor || a.escalated));
}

/** Whether the browser may show a system notification (asked on the staff pre-join screen). */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/**
 * While an alert waits: the tab's title and icon change, an alarm sounds (whatever the chime setting),
 * and a system notification appears if the tab is in the background. The notification says only that
 * a member asked for help: it can show on a lock screen, so it carries no name or location.
 */
function useCrisisAttention(alerts: CrisisAlertView[]) {
  const alarm = useRef<CrisisAlarm | null>(null);
  const notified = useRef(new Set<string>());
  const urgent = alerts.length > 0;
  const ids = alerts.map((a) => a.id).join(',');

  useEffect(() => {
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    document.title = urgent ? ALERT_TITLE : TITLE;
    if (icon) icon.href = urgent ? '/favicon-alert.svg' : '/favicon.svg';
    alarm.current ??= new CrisisAlarm();
    if (urgent) alarm.current.start();
    else alarm.current.stop();
  }, [urgent]);

  useEffect(() => () => alarm.current?.stop(), []);

  useEffect(() => {
    const notify = () => {
      if (document.visibilityState !== 'hidden' || !notificationsAllowed()) return;
      for (const id of ids ? ids.split(',') : []) {
        if (notified.current.has(id)) continue;
        notified.current.add(id);
        try {
          const n = new Notification('Crisis alert in Circle', {
            body: 'A member asked for crisis support. Open Circle now.',
            tag: `crisis-${id}`,
            requireInteraction: true,
          });
          n.onclick = () => {
            window.focus();
            n.close();
          };
        } catch {
          // Notifications unavailable: the title, icon and alarm remain.
        }
      }
    };
    notify();
    document.addEventListener('visibilitychange', notify);
    return () => document.removeEventListener('visibilitychange', notify);
  }, [ids]);
}

/**
 * Pinned under the top bar, above everything, for as long as an alert waits for acknowledgement:
 * announced at once (`role="alert"`), with the member's location and emergency contact and the button
 * that acknowledges. Details, the private room and the note stay in the staff panel.
 */
export function StaffCrisisBanner() {
  const alerts = useUrgentAlerts();
  useCrisisAttention(alerts);
  if (alerts.length === 0) return null;
  return (
    <div className="crisis-banner" role="alert" aria-labelledby="crisis-banner-title">
      <h2 id="crisis-banner-title">{alerts.length === 1 ? 'Crisis alert' : `${alerts.length} crisis alerts`}</h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.id}>
            <p>
              <strong>{a.displayName}</strong> asked for crisis support at {time(a.raisedAt)}
              {a.escalated ? ' · not yet acknowledged, escalated to the supervisor' : ''}
            </p>
            <p className="crisis-banner-facts">
              Location: {a.location ?? 'unknown'} · Emergency contact: {a.emergencyContact ?? 'none given'}
            </p>
            <div className="row">
              <button type="button" className="primary" onClick={() => void acknowledgeAlert(a.id)}>
                Acknowledge alert from {a.displayName}
              </button>
              <button
                type="button"
                onClick={() => {
                  // The details live on the tools' Safety tab: open it, then go to this alert.
                  openStaffTab('safety');
                  requestAnimationFrame(() => {
                    const item = document.getElementById(`alert-${a.id}`);
                    item?.scrollIntoView({ block: 'center' });
                    item?.focus({ preventScroll: true });
                  });
                }}
              >
                Show details of {a.displayName}&apos;s alert
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
