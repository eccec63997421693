import { useCallback, useEffect, useState } from 'react';
import type { StaffResult } from '../../actions';

/**
 * Data a page loads through a staff action: loaded when `load` changes, and again on `reload()`
 * (after a change). Keeps the last data while reloading; an answer for an older `load` is dropped.
 */
export function useLoaded<T>(load: () => Promise<StaffResult<T>>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    load().then((res) => {
      if (!live) return;
      if (res.ok) {
        setData(res.data);
        setError(null);
      } else setError(res.message);
    });
    return () => {
      live = false;
    };
  }, [load, round]);

  const reload = useCallback(async () => setRound((r) => r + 1), []);
  return { data, error, reload };
}
