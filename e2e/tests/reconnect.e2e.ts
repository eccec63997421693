/**
 * One member's network drops for ten seconds and comes back: the page is not reloaded, the others
 * see them "reconnecting…", their media flows again, and their place in the speaking queue is kept.
 */
import { describe, expect, test } from 'vitest';
import { handQueue } from '../../server/src/domain/room.js';
import {
  checkInAsMember,
  createSession,
  participantIdOf,
  waitForRemoteVideos,
  useRoomHarness,
} from '../support/index.js';
import { markCurrentVideos, waitForNewRemoteVideos } from '../support/videos.js';

describe('a member’s network drops and comes back', () => {
  const h = useRoomHarness();

  test('offline for 10 s: media resumes without a reload, the queue position is kept', async () => {
    const { sessionId, therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Alex', role: 'member' },
      { name: 'Sam', role: 'member' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    // Join once the camera preview plays: joining earlier publishes no camera (a client race outside this test).
    await therapist.page.waitForFunction(() =>
      Array.from(document.querySelectorAll('video')).some((v) => v.videoWidth > 0),
    );
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const alex = await h.open('Alex', urls.Alex!);
    const sam = await h.open('Sam', urls.Sam!);
    await checkInAsMember(alex.page);
    await checkInAsMember(sam.page);
    await therapist.page.getByText('Portland, OR').first().waitFor();
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();
    await therapist.page.getByRole('button', { name: 'Admit Sam' }).click();
    await Promise.all([alex, therapist].map((a) => waitForRemoteVideos(a.page, 2)));

    await alex.page.getByRole('button', { name: 'Raise hand' }).click();
    await sam.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Alex').waitFor();
    await sam.page.getByRole('button', { name: 'Raise hand' }).click();
    await alex.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Sam').waitFor();
    const alexId = await participantIdOf(alex.page);
    const room = (await h.circle.sessions.get(sessionId))!;
    const order = () => handQueue(room.snapshot).map((p) => p.displayName);
    expect(order()).toEqual(['Alex', 'Sam']);
    await markCurrentVideos(alex.page);
    await markCurrentVideos(therapist.page);

    await alex.context.setOffline(true);
    const offlineAt = Date.now();
    // The server notices (ping timeout) and the others see Alex reconnecting.
    await therapist.page
      .locator(`li.tile[data-participant="${alexId}"]`)
      .getByText('Reconnecting…')
      .waitFor({ timeout: 30_000 });
    await alex.page.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: 30_000 });
    const offlineFor = Date.now() - offlineAt;
    if (offlineFor < 10_000) await alex.page.waitForTimeout(10_000 - offlineFor);
    await alex.context.setOffline(false);
    const onlineAt = Date.now();

    // Back without a reload: video flows both ways on new transports, Alex is muted and still first in line.
    await Promise.all([
      waitForNewRemoteVideos(alex.page, 2, 60_000),
      waitForNewRemoteVideos(therapist.page, 1, 60_000),
    ]);
    console.log(`reconnect: media flowing again ${Date.now() - onlineAt} ms after the network came back`);
    expect(await alex.page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await alex.page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    expect(order()).toEqual(['Alex', 'Sam']);
    expect(room.snapshot.participants[alexId]?.role).toBe('member');
    expect(room.snapshot.participants[alexId]?.status).toBe('admitted');
  });
});
