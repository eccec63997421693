import { useState } from 'react';
import type { StaffResult } from '../../actions';

/**
 * Entering a room from the home (Start, Observe): one attempt at a time; on success this tab is on its
 * way to the room, on a refusal the message stays on the page and the button can be pressed again.
 */
export function useRoomEntry(enter: () => Promise<StaffResult<null>>) {
  const [error, setError] = useState<string | null>(null);
  const [entering, setEntering] = useState(false);
  const go = async () => {
    if (entering) return;
    setEntering(true);
    setError(null);
    const res = await enter();
    if (!res.ok) {
      setEntering(false);
      setError(res.message);
    }
  };
  return { go, entering, error };
}
