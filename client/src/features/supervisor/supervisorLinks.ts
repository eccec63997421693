/**
 * Supervisor links this browser has opened, so the list of live sessions can open them again.
 * The server never hands out access to another session: a supervisor opens only sessions whose
 * own supervisor link they were given. Kept in localStorage (this browser only).
 */
const KEY = 'circle.supervisorLinks';
const MAX_LINKS = 50;

export interface SupervisorLink {
  token: string;
  title: string;
  savedAt: number;
}

export function supervisorLinks(): Record<string, SupervisorLink> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, SupervisorLink>) : {};
  } catch {
    return {};
  }
}

export function rememberSupervisorLink(sessionId: string, token: string, title: string): void {
  const links = { ...supervisorLinks(), [sessionId]: { token, title, savedAt: Date.now() } };
  const newest = Object.entries(links)
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, MAX_LINKS);
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // Storage full or disabled: the list simply cannot offer to open this session later.
  }
}
