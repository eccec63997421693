import { useEffect, useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';

/** The server's clock as this browser best knows it, ticking every `intervalMs`. */
export function useServerNow(intervalMs = 250): number {
  const offset = useRoomStore((s) => s.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + offset), intervalMs);
    return () => clearInterval(t);
  }, [offset, intervalMs]);
  return now;
}

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
