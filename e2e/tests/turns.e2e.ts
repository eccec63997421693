import { describe, expect, test } from 'vitest';
import {
  checkInAsMember,
  createSession,
  inboundAudioBytes,
  participantIdOf,
  pollUntil,
  waitForAudioFrom,
  type Actor,
  useRoomHarness,
} from '../support/index.js';

describe('facilitated speaking', () => {
  const h = useRoomHarness();

  test('the member given the floor is heard; a member without it cannot unmute', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Avery', role: 'member' },
      { name: 'Blake', role: 'member' },
      { name: 'Charlie', role: 'member' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const members: Actor[] = [];
    for (const name of ['Avery', 'Blake', 'Charlie']) {
      const m = await h.open(name, urls[name]!);
      members.push(m);
      await checkInAsMember(m.page);
    }
    const [avery, blake, charlie] = members as [Actor, Actor, Actor];
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await therapist.page.getByRole('button', { name: 'Facilitated' }).click();
    await therapist.page.getByRole('button', { name: 'Facilitated', pressed: true }).waitFor();

    // Avery raises a hand; everyone sees the queue; the therapist gives Avery the floor.
    await avery.page.getByRole('button', { name: 'Raise hand' }).click();
    await blake.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Avery').waitFor();
    await therapist.page.getByRole('button', { name: 'Give floor to next' }).click();
    await avery.page.getByText('You have the floor').first().waitFor();
    await blake.page.getByText('Avery has the floor').waitFor();
    await blake.page.getByRole('timer', { name: 'Turn time left' }).waitFor();

    // Avery unmutes and Blake hears Avery.
    await avery.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await avery.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    const averyId = await participantIdOf(avery.page);
    await waitForAudioFrom(blake.page, [averyId]);

    // Charlie, without the floor, is refused by the server and stays muted.
    await charlie.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await charlie.page.getByText('It is not your turn to speak yet.').waitFor();
    expect(await charlie.page.getByRole('button', { name: 'Unmute microphone' }).count()).toBe(1);
    const charlieId = await participantIdOf(charlie.page);
    const before = (await inboundAudioBytes(blake.page))[charlieId] ?? 0;
    // Blake keeps receiving Avery while nothing arrives from Charlie.
    const averyBefore = (await inboundAudioBytes(blake.page))[averyId] ?? 0;
    await pollUntil(async () => {
      const b = await inboundAudioBytes(blake.page);
      return (b[averyId] ?? 0) > averyBefore + 20_000 ? b : null;
    }, 30_000);
    expect((await inboundAudioBytes(blake.page))[charlieId] ?? 0).toBe(before);
  });
});
