/**
 * One seat, one socket: however many sockets open one invitation link, and in whatever order their
 * connects and disconnects are processed, the newest ends up live and the person stays in the room.
 */
import { describe, expect, it } from 'vitest';
import { Bot, BotConnectError } from '@circle/testkit/bot';
import { ManualClock } from './support/ManualClock.js';
import { useTestCircle, waitFor } from './support/harness.js';

const clock = new ManualClock();
const circle = useTestCircle({ overrides: { clock }, env: { RECONNECT_GRACE_SECONDS: '120' } });

describe('one seat, one socket', () => {
  it.each([2, 6])(
    '%i sockets on one member link: exactly one stays live, gets the room and chat, and is still in after the grace window',
    async (sockets) => {
      const t = circle();
      const session = await t.createSession();
      const therapist = await session.connectTherapist();
      const invite = await session.invite('member', 'Alex');
      const first = await t.connect(invite.token, { name: 'Alex 1' });
      await session.admit(first, therapist);

      // The others open at once, while the first is live.
      const attempts = await Promise.allSettled(
        Array.from({ length: sockets - 1 }, (_, i) => t.tryConnect(invite.token, { name: `Alex ${i + 2}` })),
      );
      for (const a of attempts) {
        if (a.status === 'rejected') {
          expect(a.reason).toBeInstanceOf(BotConnectError);
          expect((a.reason as BotConnectError).code).toBe('REPLACED');
        }
      }
      const bots: Bot[] = [first, ...attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []))];
      await waitFor(() => bots.filter((b) => b.connected).length === 1, 5_000, 'one live socket');
      const live = bots.find((b) => b.connected) as Bot;
      // Every socket that lost the seat was told why.
      for (const b of bots) {
        if (b !== live)
          expect(
            b.events.some((e) => e.name === 'session:ended' && (e.args[0] as { reason: string }).reason === 'replaced'),
          ).toBe(true);
      }
      await waitFor(() => live.view?.you.status === 'admitted', 5_000, 'the live socket has the room');

      // The therapist sees Alex present, not reconnecting.
      await therapist.call('clock:ping', { clientTime: 0 });
      const alexSeen = () => therapist.view?.participants.find((p) => p.id === invite.inviteId);
      expect(alexSeen()).toMatchObject({ status: 'admitted', connected: true, reconnecting: false });

      // Room updates and chat reach the live socket.
      await therapist.call('chat:send', { text: 'Welcome, everyone' });
      await live.nextEvent('chat:message', (m) => m.text === 'Welcome, everyone', { timeoutMs: 2_000 });
      await live.call('hand:raise', {});
      await waitFor(() => alexSeen()?.handRaisedAt !== null, 2_000, 'the therapist sees Alex’s hand');

      // Well past the reconnection grace: Alex is still in, and still reachable.
      clock.advance(10 * 60_000);
      await therapist.call('clock:ping', { clientTime: 0 });
      expect(alexSeen()).toMatchObject({ status: 'admitted', connected: true, reconnecting: false });
      await therapist.call('chat:send', { text: 'Still here?' });
      await live.nextEvent('chat:message', (m) => m.text === 'Still here?', { timeoutMs: 2_000 });
      expect(live.connected).toBe(true);
    },
  );

  it('a socket closed right after connecting leaves the member reconnecting, and their return is welcomed', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const invite = await session.invite('member', 'Sam');
    const first = await t.connect(invite.token, { name: 'Sam' });
    await session.admit(first, therapist);
    const second = await Bot.connect(t.url, invite.token, { name: 'Sam 2' });
    second.close();
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === invite.inviteId)?.reconnecting === true,
      5_000,
      'Sam shown reconnecting once the newest socket is gone',
    );
    const third = await t.connect(invite.token, { name: 'Sam 3' });
    await waitFor(() => third.view?.you.status === 'admitted', 5_000, 'Sam back in the room');
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === invite.inviteId)?.reconnecting === false,
      5_000,
      'Sam present again',
    );
  });
});
