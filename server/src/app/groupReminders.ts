/**
 * The reminder sender's view of the groups (its ReminderSource port): the occurrences about to take
 * place with who should hear about them (active members with an address who have not switched
 * reminders off, and the group's therapists), the claims that keep each reminder to one send across
 * restarts and nodes, and each occurrence's calendar file.
 */
import { calendar } from '../domain/groups/ics.js';
import { type Groups, calendarEvent } from './Groups.js';
import type { GroupRow, GroupsStore, StoredOccurrence } from './GroupsStore.js';
import type { ReminderKind, ReminderRecipient, UpcomingOccurrence } from './reminders.js';
import type { ReminderSource } from './ReminderSender.js';
import type { StaffStore } from './staffStore.js';
import type { Clock } from './clock.js';
import type { Language } from '@circle/shared/i18n';

/** The group's language (the field arrives with per-group languages; English until then). */
const languageOf = (group: GroupRow): Language => group.language;

const endsAt = (o: StoredOccurrence) => o.startsAt + o.durationMinutes * 60_000;

export function groupReminderSource(deps: {
  store: GroupsStore;
  staff: StaffStore;
  groups: Groups;
  clock: Clock;
}): ReminderSource {
  const { store, staff, groups } = deps;
  // What the last pass listed: the calendar files of its reminders are made from it.
  let listed = new Map<string, { o: StoredOccurrence; group: GroupRow }>();
  return {
    async upcoming(now, horizonMs) {
      const list = (await store.occurrencesStarting(now, now + horizonMs)).filter((o) => o.cancelledAt === null);
      const out: UpcomingOccurrence[] = [];
      const seen = new Map<string, { o: StoredOccurrence; group: GroupRow }>();
      // Read once per pass: a group's record, members and therapists serve all its sessions in the window.
      const groupsById = new Map<string, Promise<GroupRow | undefined>>();
      const membersOf = new Map<string, ReturnType<GroupsStore['members']>>();
      const accounts = new Map<string, ReturnType<StaffStore['account']>>();
      const once = <T>(cache: Map<string, T>, key: string, read: () => T): T => {
        const hit = cache.get(key);
        if (hit !== undefined) return hit;
        const value = read();
        cache.set(key, value);
        return value;
      };
      for (const o of list) {
        const group = await once(groupsById, o.groupId, () => store.group(o.groupId));
        if (!group) continue;
        seen.set(o.id, { o, group });
        const recipients: ReminderRecipient[] = [];
        for (const m of await once(membersOf, group.id, () => store.members(group.id))) {
          if (m.status !== 'active' || !m.email || !m.reminders) continue;
          recipients.push({
            key: `member:${m.id}`,
            email: m.email,
            name: m.displayName,
            role: 'member',
            ...(m.linkRevoked ? {} : { link: groups.linkUrl(m) }),
          });
        }
        for (const id of [group.leadTherapistId, ...group.coTherapistIds]) {
          const account = id ? await once(accounts, id, () => staff.account(id)) : undefined;
          if (!account || account.status !== 'active' || !account.email) continue;
          recipients.push({ key: `staff:${account.id}`, email: account.email, name: account.name, role: 'therapist' });
        }
        out.push({
          occurrenceId: o.id,
          groupTitle: group.title,
          startsAt: o.startsAt,
          endsAt: endsAt(o),
          timeZone: group.schedule.timeZone,
          language: languageOf(group),
          recipients,
        });
      }
      listed = seen;
      return out;
    },
    claim: (occurrenceId, recipientKey, kind: ReminderKind) =>
      store.claimReminder(occurrenceId, recipientKey, kind, deps.clock.now()),
    release: (occurrenceId, recipientKey, kind: ReminderKind) =>
      store.unclaimReminder(occurrenceId, recipientKey, kind),
    async calendarFor(occurrenceId) {
      const found = listed.get(occurrenceId);
      if (!found) throw new Error('calendarFor: an occurrence the last pass did not list');
      const { o, group } = found;
      return calendar({
        calendarName: group.title,
        events: [calendarEvent(o, group.title, undefined, languageOf(group))],
        now: deps.clock.now(),
      });
    },
  };
}
