/** How the staff pages show times and roles. Times in this browser's locale, never with seconds. */
import type { StaffRole } from '@circle/shared';

const PARTS = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' } as const;
const THIS_YEAR = new Intl.DateTimeFormat(undefined, PARTS);
const OTHER_YEAR = new Intl.DateTimeFormat(undefined, { ...PARTS, year: 'numeric' });

/** "Tue, 1 Dec, 14:00" in the browser's locale (the year only when not this year); unreadable: as it came. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return (at.getFullYear() === now.getFullYear() ? THIS_YEAR : OTHER_YEAR).format(at);
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
