/**
 * The server restarts under a therapist in the room, on a 320 px wide phone: the page says, calmly
 * and politely, that Circle is restarting, and when the server is back (same port, same data folder)
 * it reconnects by itself, without a reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import { startCircle } from '../../server/src/compose.js';
import { loadConfig } from '../../server/src/config.js';
import { createSession, launchChromium, openAs } from '../support/index.js';

const RESTARTING = 'Circle is restarting — reconnecting you…';
const CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

describe('the server restarts', () => {
  let browser: Browser | undefined;
  const circles: Circle[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'circle-e2e-restart-'));
  afterAll(async () => {
    await browser?.close();
    for (const c of circles) await c.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Circle on `port` (0: any) over one data folder: its rooms and link secret outlive the process. */
  const serve = async (port: number): Promise<Circle> => {
    const circle = await startCircle(
      loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_TOKEN: 'e2e-admin-token',
        MEDIASOUP_WORKERS: '1',
        E2EE: process.env.E2E_E2EE ?? 'true',
        LOG_LEVEL: 'warn',
        CLIENT_DIR: CLIENT_DIR,
        DATA_DIR: dataDir,
      }),
    );
    circles.push(circle);
    return circle;
  };

  test('people are told it is restarting, then reconnect on their own', async () => {
    const before = await serve(0);
    const { therapistUrl } = await createSession(before, []);
    browser = await launchChromium();
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    await therapist.page.setViewportSize({ width: 320, height: 640 });
    await therapist.page.waitForFunction(() =>
      Array.from(document.querySelectorAll('video')).some((v) => v.videoWidth > 0),
    );
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await therapist.page
      .getByRole('button', { name: /microphone/i })
      .first()
      .waitFor();

    await before.close();
    const status = therapist.page.getByRole('status').filter({ hasText: RESTARTING });
    await status.waitFor({ timeout: 15_000 });
    expect(await status.getAttribute('aria-live')).toBe('polite');
    // Not an error: no alert, and the whole text fits the narrow screen without scrolling sideways.
    expect(await therapist.page.getByRole('alert').count()).toBe(0);
    const box = await status.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
    expect(await therapist.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    await serve(before.port);
    await status.waitFor({ state: 'detached', timeout: 30_000 });
    await therapist.page
      .getByRole('button', { name: /microphone/i })
      .first()
      .waitFor();
    expect(await therapist.page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await therapist.context.close();
  });
});
