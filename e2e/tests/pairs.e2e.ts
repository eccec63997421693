import { describe, expect, test } from 'vitest';
import {
  checkInAsMember,
  createSession,
  participantIdOf,
  waitForAudioFrom,
  waitForRemoteVideos,
  type Actor,
  useRoomHarness,
} from '../support/index.js';

describe('breakout pairs', () => {
  const h = useRoomHarness();

  test('two pairs: each member sees and hears only their partner, then everyone is back', async () => {
    const names = ['Ari', 'Bo', 'Cy', 'Di'];
    const { therapistUrl, urls } = await createSession(
      h.circle,
      names.map((name) => ({ name, role: 'member' as const })),
    );
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const members: Actor[] = [];
    for (const name of names) {
      const m = await h.open(name, urls[name]!);
      members.push(m);
      await checkInAsMember(m.page);
    }
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await Promise.all(members.map((m) => waitForRemoteVideos(m.page, 4)));
    const ids = await Promise.all(members.map((m) => participantIdOf(m.page)));
    const idOf = Object.fromEntries(names.map((n, i) => [n, ids[i]!]));
    for (const m of members) {
      await m.page.getByRole('button', { name: 'Unmute microphone' }).click();
      await m.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    }

    await therapist.page.getByRole('button', { name: 'Start pairs at random' }).click();
    const partnerOf: Record<string, string> = {};
    for (const [i, m] of members.entries()) {
      const banner = m.page.getByRole('status').filter({ hasText: 'Practising in pairs with' });
      await banner.waitFor();
      const text = await banner.innerText();
      const partner = names.find((n) => n !== names[i] && text.includes(`with ${n}`));
      expect(partner).toBeDefined();
      partnerOf[names[i]!] = partner!;
    }
    for (const [i, m] of members.entries()) {
      const me = names[i]!;
      // Only the partner's tile (and one's own) remain, and the partner's audio keeps arriving.
      await m.page.waitForFunction(() => document.querySelectorAll('li.tile').length === 2);
      await m.page.getByRole('listitem', { name: new RegExp(`^${partnerOf[me]}`) }).waitFor();
      await waitForAudioFrom(m.page, [idOf[partnerOf[me]!]!]);
      const audioFrom = await m.page.evaluate(async () => {
        const c = (window as unknown as { circle: { inboundStats(): Promise<{ participantId: string }[]> } }).circle;
        return [...new Set((await c.inboundStats()).map((s) => s.participantId))];
      });
      expect(audioFrom.sort()).toEqual([idOf[partnerOf[me]!]!]);
    }

    await therapist.page.getByRole('button', { name: 'Bring everyone back' }).click();
    for (const m of members) {
      await m.page.waitForFunction(() => document.querySelectorAll('li.tile').length === 5);
      await m.page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    }
    await Promise.all(members.map((m) => waitForRemoteVideos(m.page, 4)));
  });
});
