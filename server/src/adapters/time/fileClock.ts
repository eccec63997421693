/**
 * TEST_CLOCK_FILE: the server's clock runs this many milliseconds ahead of the system's, read from a
 * file (a whole number; missing or unreadable: 0). An end-to-end test moves a whole server process
 * forward in time (next week's session) by writing the file; the server looks at it at most every
 * 50 ms. Timers keep running on real time; only "now" moves.
 */
import fs from 'node:fs';
import { type Clock, offsetClock } from '../../app/clock.js';

const RECHECK_MS = 50;

export function fileClock(file: string): Clock {
  let offset = 0;
  let checkedAt = -Infinity;
  let mtimeMs = -1;
  const read = () => {
    const real = Date.now();
    if (real - checkedAt < RECHECK_MS) return offset;
    checkedAt = real;
    try {
      const stat = fs.statSync(file);
      if (stat.mtimeMs !== mtimeMs) {
        mtimeMs = stat.mtimeMs;
        const n = Number(fs.readFileSync(file, 'utf8').trim());
        offset = Number.isSafeInteger(n) ? n : 0;
      }
    } catch {
      offset = 0;
      mtimeMs = -1;
    }
    return offset;
  };
  return offsetClock(read);
}
