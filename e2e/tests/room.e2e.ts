import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import {
  checkInAsMember,
  createSession,
  launchChromium,
  openAs,
  participantIdOf,
  startServer,
  waitForAudioFrom,
  waitForRemoteVideos,
  type Actor,
} from '../support/index.js';

describe('a therapist and two members in one room', () => {
  let circle: Circle;
  let browser: Browser;
  const actors: Actor[] = [];

  beforeAll(async () => {
    circle = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const a of actors) await a.context.close().catch(() => undefined);
    await browser?.close();
    await circle?.close();
  });

  test('each sees both others’ video playing and receives their audio', async () => {
    const { therapistUrl, urls } = await createSession(circle, [
      { name: 'Alex', role: 'member' },
      { name: 'Sam', role: 'member' },
    ]);
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    actors.push(therapist);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    const alex = await openAs(browser, 'Alex', urls.Alex!);
    const sam = await openAs(browser, 'Sam', urls.Sam!);
    actors.push(alex, sam);
    await checkInAsMember(alex.page, 'Portland, OR');
    await checkInAsMember(sam.page, 'Austin, TX');

    // The therapist sees both in the waiting room, with their check-in, and admits them.
    await therapist.page.getByText('Portland, OR').first().waitFor();
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();
    await therapist.page.getByRole('button', { name: 'Admit Sam' }).click();

    const firstFrame = await Promise.all([therapist, alex, sam].map((a) => waitForRemoteVideos(a.page, 2)));
    console.log(`[e2e] page load → both remote videos playing (ms): ${firstFrame.map((t) => t.toFixed(0)).join(', ')}`);

    const ids = await Promise.all([therapist, alex, sam].map((a) => participantIdOf(a.page)));
    // Everyone unmutes so audio flows (members join muted by default).
    for (const a of [therapist, alex, sam]) {
      await a.page.getByRole('button', { name: 'Unmute microphone' }).click();
      await a.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    }
    await waitForAudioFrom(therapist.page, [ids[1]!, ids[2]!]);
    await waitForAudioFrom(alex.page, [ids[0]!, ids[2]!]);
    await waitForAudioFrom(sam.page, [ids[0]!, ids[1]!]);

    // Names on tiles.
    expect(await alex.page.getByRole('listitem', { name: /^Sam/ }).count()).toBe(1);
    expect(await alex.page.getByRole('listitem', { name: /Therapist/ }).count()).toBe(1);
  });
});
