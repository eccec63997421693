import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileClock } from './fileClock.js';

const WEEK = 7 * 86_400_000;

describe('TEST_CLOCK_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-clock-'));
  const file = path.join(dir, 'offset');
  afterEach(() => fs.rmSync(file, { force: true }));

  it('runs on the system clock while the file is missing, then a week ahead once it says so', async () => {
    const clock = fileClock(file);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
    fs.writeFileSync(file, String(WEEK));
    await vi.waitFor(() => expect(clock.now() - Date.now()).toBeGreaterThan(WEEK - 1_000), { timeout: 2_000 });
  });

  it('treats a file that is not a whole number as no offset', async () => {
    fs.writeFileSync(file, 'next tuesday');
    const clock = fileClock(file);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
  });
});
