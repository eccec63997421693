import { describe, expect, it } from 'vitest';
import { noticeMessageSchema } from '@circle/shared';
import type { OutStream } from '@circle/testkit/rtp';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

function sendMore(stream: OutStream, packets: number): Promise<void> {
  const target = stream.packets + packets;
  return waitFor(() => stream.packets >= target, 5_000, `${packets} more packets sent`);
}

describe('round robin: a pass', () => {
  it('a member who passes during their turn is paused at the SFU, the next one gets the floor, staff are told', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    const sam = await session.joinAsMember('Sam', therapist);
    await therapist.call('agenda:set', {
      items: [{ title: 'Check-in', plannedMinutes: 10, policy: 'round-robin' }],
    });
    await therapist.call('agenda:start', {});
    await alex.nextEvent('notice', (n) => n.kind === 'floor-given');

    await alex.joinMedia();
    const mic = await alex.produce('mic');
    mic.stream.start({ maxDurationMs: 20_000 });
    await alex.call('producer:setPaused', { producerId: mic.stream.producerId, paused: false });
    await sam.joinMedia();
    await sam.consume(mic.stream.producerId);
    await waitFor(() => sam.receivedFrom(mic.stream.producerId).packets >= 10, 5_000, 'Alex heard');

    // A therapist cannot pass for a member: refused, nothing changes, nothing is broadcast.
    const before = sam.events.length;
    expect(await therapist.request('turn:pass', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await sam.requestRaw('turn:pass', [{ extra: 1 }])).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    await sam.call('clock:ping', { clientTime: Date.now() });
    expect(sam.events.slice(before).filter((e) => e.name === 'room:state' || e.name === 'room:patch')).toEqual([]);

    expect(await alex.request('turn:pass', {})).toEqual({ ok: true, data: null });
    await sam.nextEvent('notice', (n) => n.kind === 'floor-given');
    const told = await therapist.nextEvent('notice', (n) => n.kind === 'turn-passed');
    expect(told.text).toBe('Alex passed (Not now).');
    // The line as data: each client writes it in its person's language.
    expect(noticeMessageSchema.parse(told.message)).toEqual({
      key: 'turnPassedStaff',
      params: { name: 'Alex', how: 'notNow' },
    });
    // Only staff hear who passed; Alex hears that it is fine.
    expect(sam.received('notice').filter((n) => n.kind === 'turn-passed')).toEqual([]);
    await alex.nextEvent('notice', (n) => n.kind === 'turn-passed');

    await sendMore(mic.stream, 10);
    const heard = sam.receivedFrom(mic.stream.producerId).packets;
    await sendMore(mic.stream, 40);
    expect(sam.receivedFrom(mic.stream.producerId).packets).toBe(heard);
    const order = therapist.view?.speaking.roundRobin?.order;
    expect(order).toEqual([
      { participantId: requireId(alex), state: 'passed' },
      { participantId: requireId(sam), state: 'speaking' },
    ]);
  });
});
