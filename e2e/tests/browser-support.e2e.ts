import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkInAsMember, createSession, expectAccessible, useRoomHarness } from '../support/index.js';

/** Shots of a screen at a laptop's and a phone's size, for a person to look at (not compared). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [375, 812],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `/tmp/circle-${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('a browser that cannot do video calls', () => {
  const h = useRoomHarness();

  test('no RTCPeerConnection: told plainly which browsers work; crisis support and the therapist still reachable', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Kit', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    // As in WebKitGTK here (built without WebRTC): no RTCPeerConnection at all.
    const kit = await h.open('Kit', urls.Kit!, {
      init: () => {
        const w = window as unknown as Record<string, unknown>;
        delete w.RTCPeerConnection;
        delete w.webkitRTCPeerConnection;
      },
    });
    const page = kit.page;
    const message = page.getByRole('alert').filter({ hasText: 'This browser cannot do video calls.' });
    await message.waitFor();
    await message.getByText(/current Chrome, Edge or Firefox/).waitFor();
    await message.getByText(/Safari 16\.4 or newer/).waitFor();
    // No network advice and no connection check that could only fail.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/network|could not reach|address bar/);
    expect(await page.getByRole('button', { name: 'Check my connection' }).count()).toBe(0);
    await expectAccessible(page, 'pre-join in a browser without WebRTC');
    await shoot(page, 'no-webrtc-prejoin');

    // Crisis support opens from here, before joining.
    await page.getByRole('button', { name: 'Crisis support' }).click();
    const panel = page.getByRole('dialog', { name: 'You can get help right now' });
    await panel.getByRole('link', { name: 'Call 988' }).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();

    // Kit can still join: the room says why sound and video are off, and the controls say so too.
    await checkInAsMember(page, 'Omaha, NE');
    await therapist.page.getByRole('button', { name: 'Admit Kit' }).click();
    await page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'This browser cannot do video calls.' }).waitFor();
    const unmute = page.getByRole('button', { name: 'Unmute microphone' });
    expect(await unmute.isDisabled()).toBe(true);
    expect(await unmute.getAttribute('title')).toBe('Not available: this browser cannot do video calls.');
    expect(await unmute.evaluate((el) => el.getAttribute('aria-describedby'))).toBe('media-why');
    expect(await page.getByText(/on audio only/).count()).toBe(0);
    await expectAccessible(page, 'room in a browser without WebRTC');
    await shoot(page, 'no-webrtc-room');

    // A private message to the therapist, and the crisis alert, need no media.
    await page.getByRole('button', { name: 'Messages', exact: true }).click();
    await page.getByLabel('Private message to your therapists').fill('My browser shows no video');
    await page.getByRole('button', { name: 'Send' }).click();
    await therapist.page.getByText('New private message from Kit.').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Shift+H');
    await panel.getByRole('button', { name: 'Let my therapist know privately' }).click();
    await therapist.page.getByRole('alert').filter({ hasText: 'Kit asked for crisis support' }).waitFor();
  });

  test('a camera slow to start: a check pressed at once waits for it, and says good', async () => {
    const { urls } = await createSession(h.circle, [{ name: 'Lee', role: 'member' }]);
    const lee = await h.open('Lee', urls.Lee!, {
      init: () => {
        // A camera that takes two seconds to open (as a laptop's can), the rest as usual.
        const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) =>
          new Promise((resolve, reject) => setTimeout(() => real(c).then(resolve, reject), 2_000));
      },
    });
    await lee.page.getByRole('heading', { name: /^Get ready/ }).waitFor();
    await lee.page.getByRole('button', { name: 'Check my connection' }).click();
    await lee.page.getByRole('button', { name: 'Check again' }).waitFor({ timeout: 60_000 });
    const verdict = await lee.page.getByRole('status').filter({ hasText: 'Your connection' }).innerText();
    console.log(`[e2e] Chromium connection check, clean link: ${verdict.replace(/\s+/g, ' ')}`);
    expect(verdict).toMatch(/Your connection is good\./);
    expect(verdict).toMatch(/video [1-9]\d* kbps/);
  });
});
