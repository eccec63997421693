import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { MediaRoom } from '../../server/src/adapters/media/MediaRoom.js';
import {
  checkInAsMember,
  createSession,
  expectAccessible,
  participantIdOf,
  pollUntil,
  useRoomHarness,
} from '../support/index.js';

/** Where the button is on screen, and whether the page scrolls sideways, measured in the browser. */
async function placeOf(page: Page, name: string) {
  return page.getByRole('button', { name }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      top: r.top,
      bottom: r.bottom,
      viewportHeight: window.innerHeight,
      sideways: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

describe('the pre-join screen', () => {
  const h = useRoomHarness();

  test('the primary action is on screen without scrolling on a laptop and a phone; the check says good plainly; axe is clean', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Alex', role: 'member' }]);
    const alex = await h.open('Alex', urls.Alex!);
    const page = alex.page;
    await page.getByRole('heading', { name: /^Get ready/ }).waitFor();
    await page.getByLabel('Your camera preview').waitFor();
    // The level meter is a real bar with a value (the fake microphone beeps).
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    await meter.waitFor();
    expect(await meter.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(16);

    for (const [width, height] of [
      [1366, 768],
      [1024, 700],
      [375, 812],
      [320, 640],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      const place = await placeOf(page, 'Continue');
      expect(place.top, `Continue at ${width}×${height}`).toBeGreaterThanOrEqual(0);
      expect(place.bottom, `Continue at ${width}×${height}`).toBeLessThanOrEqual(place.viewportHeight);
      expect(place.sideways, `sideways scroll at ${width}×${height}`).toBe(false);
    }
    // Session times on this screen carry no seconds.
    expect(await page.locator('main').innerText()).not.toMatch(/\d:\d\d:\d\d/);

    // A clean loopback through the SFU on this machine is plainly good.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('button', { name: 'Check my connection' }).click();
    await page.getByText('Your connection is good.').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'member pre-join after the connection check');

    // The therapist's pre-join (with the crisis notification card) also fits a laptop.
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('heading', { name: /^Get ready/ }).waitFor();
    for (const [width, height] of [
      [1366, 768],
      [375, 812],
    ] as const) {
      await therapist.page.setViewportSize({ width, height });
      const place = await placeOf(therapist.page, 'Join the session');
      expect(place.bottom, `Join the session at ${width}×${height}`).toBeLessThanOrEqual(place.viewportHeight);
    }
    await expectAccessible(therapist.page, 'therapist pre-join');
  });

  test('camera off before joining: the room starts with it off; microphone on: it starts on', async () => {
    const { sessionId, therapistUrl, urls } = await createSession(h.circle, [{ name: 'Sam', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByLabel('Your camera preview').waitFor();
    await therapist.page.getByRole('switch', { name: 'Microphone when you join' }).check();
    await therapist.page.getByText('You join with camera on, microphone on.').waitFor();
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    const sam = await h.open('Sam', urls.Sam!);
    await sam.page.getByLabel('Your camera preview').waitFor();
    await sam.page.getByRole('switch', { name: 'Camera when you join' }).uncheck();
    await sam.page.getByRole('img', { name: 'Camera off' }).waitFor();
    await sam.page.getByText('You join with camera off, microphone muted.').waitFor();
    await expectAccessible(sam.page, 'member pre-join with the camera off');
    await checkInAsMember(sam.page, 'Denver, CO');
    await therapist.page.getByRole('button', { name: 'Admit Sam' }).click();

    const [therapistId, samId] = await Promise.all([participantIdOf(therapist.page), participantIdOf(sam.page)]);
    const media: MediaRoom | null | undefined = (await h.circle.sessions.get(sessionId))?.mediaRoom;
    if (!media) throw new Error('no media room');
    // Sam's media is in the room (the microphone, muted) and no camera was sent.
    const samMic = await pollUntil(
      async () => media.producersOf(samId).find((p) => p.kind === 'audio') ?? null,
      30_000,
    );
    expect(samMic.paused).toBe(true);
    expect(media.producersOf(samId).some((p) => p.kind === 'video')).toBe(false);
    // The camera stays off in Sam's own browser too: its preview track is not sending frames.
    expect(
      await sam.page.evaluate(() =>
        Array.from(document.querySelectorAll('video')).some(
          (v) =>
            (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.enabled === true &&
            v.closest('[aria-label*="(you)"]'),
        ),
      ),
    ).toBe(false);
    // The therapist chose the microphone on: open at the SFU, camera sent.
    const therapistMic = await pollUntil(
      async () => media.producersOf(therapistId).find((p) => p.kind === 'audio') ?? null,
      30_000,
    );
    await pollUntil(async () => (therapistMic.paused ? null : true), 10_000);
    expect(media.producersOf(therapistId).some((p) => p.kind === 'video')).toBe(true);
  });

  test('background blur chosen before joining: the preview shows it, and the room gets only the blurred camera', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Rae', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    const rae = await h.open('Rae', urls.Rae!);
    const p = rae.page;
    await p.getByLabel('Your camera preview').waitFor();
    await p.getByText('Background and noise').click();
    await p.getByRole('switch', { name: 'Blur my background' }).click();
    await p.getByRole('switch', { name: 'Blur my background', checked: true }).waitFor();
    await expectAccessible(p, 'member pre-join with background and noise open');
    // The preview is the processed camera (what the group will see), not the raw one.
    const outgoing = await pollUntil(async () => {
      const d = await p.evaluate(() => (window as unknown as EffectsWindow).circle.effectsDiagnostics());
      return d.background === 'blur' && d.outgoingVideoId && d.outgoingVideoId !== d.rawVideoId ? d : null;
    }, 15_000);
    await pollUntil(
      async () =>
        (await p
          .getByLabel('Your camera preview')
          .evaluate(
            (v) =>
              (v as HTMLVideoElement).srcObject instanceof MediaStream &&
              ((v as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]?.id,
          )) === outgoing.outgoingVideoId
          ? true
          : null,
      10_000,
    );

    await checkInAsMember(p, 'Austin, TX');
    await therapist.page.getByRole('button', { name: 'Admit Rae' }).click();
    // The first camera track the room receives from Rae is the blurred one.
    const sent = await pollUntil(async () => {
      const ids = await p.evaluate(() => (window as unknown as EffectsWindow).circle.publishedTrackIds());
      return ids.camera;
    }, 30_000);
    expect(sent).toBe(outgoing.outgoingVideoId);
    expect(sent).not.toBe(outgoing.rawVideoId);
  });
});

interface EffectsWindow {
  circle: {
    effectsDiagnostics(): { background: string; rawVideoId: string | null; outgoingVideoId: string | null };
    publishedTrackIds(): { mic: string | null; camera: string | null };
  };
}
