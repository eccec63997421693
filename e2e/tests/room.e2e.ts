import { describe, expect, test } from 'vitest';
import {
  checkInAsMember,
  createSession,
  participantIdOf,
  waitForAudioFrom,
  waitForRemoteVideos,
  useRoomHarness,
} from '../support/index.js';

describe('a therapist and two members in one room', () => {
  // A server with E2EE=false: the plain path stays covered (every other browser test has it on).
  const h = useRoomHarness({ E2EE: 'false' });

  test('each sees both others’ video playing and receives their audio', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Alex', role: 'member' },
      { name: 'Sam', role: 'member' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    const alex = await h.open('Alex', urls.Alex!);
    const sam = await h.open('Sam', urls.Sam!);
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
