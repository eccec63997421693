import { create } from 'zustand';
import type { Corner, ViewMode } from '../features/room/layout';

export type StaffTab = 'people' | 'agenda' | 'chat' | 'safety' | 'health';

interface LayoutStore {
  view: ViewMode;
  /** A participant pinned large from their tile's menu (this screen only). */
  pinned: string | null;
  /** The staff tools' open tab. */
  staffTab: StaffTab | null;
  selfViewCorner: Corner;
  /** One's own tile is hidden from oneself; the camera still sends. Remembered per person. */
  selfViewHidden: boolean;
}

export const useLayoutStore = create<LayoutStore>(() => ({
  view: 'gallery',
  pinned: null,
  staffTab: null,
  selfViewCorner: 'bottom-right',
  selfViewHidden: false,
}));

const key = (person: string) => `circle.selfView.${person}`;
/** Whose choice is remembered: set when the room opens (see `loadSelfView`). */
let currentPerson: string | null = null;

/**
 * The person, as this device knows them from one session to the next: their role and the name the
 * group knows them by (participant ids are new in every session).
 */
export function personKey(you: { role: string; displayName: string }): string {
  return `${you.role}:${you.displayName}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Read this person's self-view choice (hidden, and where) as they left it on this device. */
export function loadSelfView(person: string): void {
  currentPerson = person;
  const raw = storage()?.getItem(key(person));
  useLayoutStore.setState({ selfViewHidden: false, selfViewCorner: 'bottom-right' });
  if (!raw) return;
  try {
    const saved = JSON.parse(raw) as { hidden?: unknown; corner?: unknown };
    useLayoutStore.setState({
      selfViewHidden: saved.hidden === true,
      ...(typeof saved.corner === 'string' && /^(top|bottom)-(left|right)$/.test(saved.corner)
        ? { selfViewCorner: saved.corner as Corner }
        : {}),
    });
  } catch {
    // A damaged entry: the defaults stand.
  }
}

export function setSelfView(change: { hidden?: boolean; corner?: Corner }): void {
  useLayoutStore.setState((s) => ({
    selfViewHidden: change.hidden ?? s.selfViewHidden,
    selfViewCorner: change.corner ?? s.selfViewCorner,
  }));
  const { selfViewHidden, selfViewCorner } = useLayoutStore.getState();
  if (currentPerson)
    storage()?.setItem(key(currentPerson), JSON.stringify({ hidden: selfViewHidden, corner: selfViewCorner }));
}

export const setViewMode = (view: ViewMode) => useLayoutStore.setState({ view });
export const pin = (participantId: string | null) => useLayoutStore.setState({ pinned: participantId });
export const openStaffTab = (staffTab: StaffTab) => useLayoutStore.setState({ staffTab });
