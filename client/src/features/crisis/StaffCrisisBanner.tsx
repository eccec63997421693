import { useEffect, useRef } from 'react';
import type { CrisisAlertView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { acknowledgeAlert } from '../../actions';
import { CrisisAlarm } from './alarm';
import { openStaffTab } from '../../stores/useLayoutStore';
import { intlLocale, Trans, useT } from '../../i18n';

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });
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
  const { t } = useT('crisis');
  const alarm = useRef<CrisisAlarm | null>(null);
  const notified = useRef(new Set<string>());
  const urgent = alerts.length > 0;
  const ids = alerts.map((a) => a.id).join(',');

  useEffect(() => {
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    document.title = urgent ? t('banner.alertPageTitle') : t('banner.pageTitle');
    if (icon) icon.href = urgent ? '/favicon-alert.svg' : '/favicon.svg';
    alarm.current ??= new CrisisAlarm();
    if (urgent) alarm.current.start();
    else alarm.current.stop();
  }, [urgent, t]);

  useEffect(() => () => alarm.current?.stop(), []);

  useEffect(() => {
    const notify = () => {
      if (document.visibilityState !== 'hidden' || !notificationsAllowed()) return;
      for (const id of ids ? ids.split(',') : []) {
        if (notified.current.has(id)) continue;
        notified.current.add(id);
        try {
          const n = new Notification(t('banner.notificationTitle'), {
            body: t('banner.notificationBody'),
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
  }, [ids, t]);
}

/**
 * Pinned under the top bar, above everything, for as long as an alert waits for acknowledgement:
 * announced at once (`role="alert"`), with the member's location and emergency contact and the button
 * that acknowledges. Details, the private room and the note stay in the staff panel.
 */
export function StaffCrisisBanner() {
  const { t } = useT('crisis');
  const alerts = useUrgentAlerts();
  useCrisisAttention(alerts);
  if (alerts.length === 0) return null;
  return (
    <div className="crisis-banner" role="alert" aria-labelledby="crisis-banner-title">
      <h2 id="crisis-banner-title">{t('banner.title', { count: alerts.length })}</h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.id}>
            <p>
              <Trans
                t={t}
                i18nKey="banner.asked"
                values={{ name: a.displayName, time: time(a.raisedAt) }}
                components={{ strong: <strong /> }}
                // A name is text, never markup: escaped into the sentence, unescaped once it is parsed.
                tOptions={{ interpolation: { escapeValue: true } }}
                shouldUnescape
              />
              {a.escalated ? t('banner.escalated') : ''}
            </p>
            <p className="crisis-banner-facts">
              {t('banner.facts', {
                location: a.location ?? t('banner.unknownLocation'),
                contact: a.emergencyContact ?? t('banner.noContact'),
              })}
            </p>
            <div className="row">
              <button type="button" className="primary" onClick={() => void acknowledgeAlert(a.id)}>
                {t('banner.acknowledge', { name: a.displayName })}
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
                {t('banner.details', { name: a.displayName })}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
