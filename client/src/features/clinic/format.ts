/** How the staff pages show times and roles. Times in this person's language, never with seconds. */
import type { StaffRole } from '@circle/shared';
import i18next from 'i18next';
import { intlLocale } from '../../i18n';

const PARTS = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' } as const;

/** "Tue, 1 Dec, 14:00" in this person's language (the year only when not this year); unreadable: as it came. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = at.getFullYear() === now.getFullYear() ? PARTS : { ...PARTS, year: 'numeric' as const };
  return new Intl.DateTimeFormat(intlLocale(), parts).format(at);
}

/** A staff role in this person's language. */
export function roleName(role: StaffRole): string {
  return i18next.getFixedT(null, 'clinic')(`role.${role}`);
}

/** A `datetime-local` value for the next full hour, in local time. */
export function nextHourLocal(now = new Date()): string {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
