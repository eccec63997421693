/** How the staff pages show times and roles. Times in this browser's locale, never with seconds. */
import type { StaffRole } from '@circle/shared';

const WHEN = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** "Tue, 1 Dec 2026, 14:00" (the browser's locale); an unreadable time is shown as it came. */
export function formatWhen(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : WHEN.format(at);
}

export const ROLE_NAME: Record<StaffRole, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  therapist: 'Therapist',
  supervisor: 'Supervisor',
};

/** A `datetime-local` value for the next full hour, in local time. */
export function nextHourLocal(now = new Date()): string {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
