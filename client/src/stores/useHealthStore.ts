import { create } from 'zustand';
import type { HealthPoint, RoomHealthView, SessionHealthSummary, StaffMessageView } from '@circle/shared';
import { HEALTH_HISTORY_MS } from '@circle/shared/constants';

/** Staff only: the room's sampled health with ten minutes of history, and the private staff line. */
interface HealthStore {
  current: RoomHealthView | null;
  history: HealthPoint[];
  staffMessages: StaffMessageView[];
  sessions: SessionHealthSummary[] | null;
}

export const useHealthStore = create<HealthStore>(() => ({
  current: null,
  history: [],
  staffMessages: [],
  sessions: null,
}));

const MAX_STAFF_MESSAGES = 200;

function pointOf(view: RoomHealthView): HealthPoint {
  const participants: HealthPoint['participants'] = {};
  for (const p of view.participants) {
    if (p.connected) participants[p.participantId] = [p.sendKbps, p.recvKbps, p.lossPct, p.rttMs];
  }
  return { at: view.at, cpuPct: view.worker?.cpuPct ?? null, participants };
}

const recent = (points: HealthPoint[], now: number) => points.filter((p) => p.at > now - HEALTH_HISTORY_MS);

export function applyHealthSample(view: RoomHealthView): void {
  useHealthStore.setState((s) => {
    const last = s.history[s.history.length - 1];
    const history = last && last.at >= view.at ? s.history : recent([...s.history, pointOf(view)], view.at);
    return { current: view, history };
  });
}

/** The server's history (on opening the view), merged with samples that arrived meanwhile. */
export function seedHealthHistory(history: HealthPoint[], current: RoomHealthView | null): void {
  useHealthStore.setState((s) => {
    const newest = history[history.length - 1]?.at ?? 0;
    const merged = [...history, ...s.history.filter((p) => p.at > newest)];
    const latest = s.current && (!current || s.current.at >= current.at) ? s.current : current;
    return { history: recent(merged, latest?.at ?? newest), current: latest };
  });
}

export function addStaffMessage(m: StaffMessageView): void {
  useHealthStore.setState((s) =>
    s.staffMessages.some((x) => x.id === m.id)
      ? s
      : { staffMessages: [...s.staffMessages, m].slice(-MAX_STAFF_MESSAGES) },
  );
}

export function resetHealth(): void {
  useHealthStore.setState({ current: null, history: [], sessions: null });
}
