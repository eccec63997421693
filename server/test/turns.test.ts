import { describe, expect, it } from 'vitest';
import type { OutStream } from '@circle/testkit/rtp';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

/** Wait until `stream` has sent `packets` more packets than it had when called. */
function sendMore(stream: OutStream, packets: number): Promise<void> {
  const target = stream.packets + packets;
  return waitFor(() => stream.packets >= target, 5_000, `${packets} more packets sent`);
}

describe('speaking turns are enforced at the SFU', () => {
  it('in facilitated mode a member without the floor is silent for everyone until the therapist gives it', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const speaker = await session.joinAsMember('Alex', therapist);
    const listener = await session.joinAsMember('Sam', therapist);
    await therapist.call('speaking:setMode', { mode: 'facilitated' });

    await speaker.joinMedia();
    const mic = await speaker.produce('mic');
    expect(mic.paused).toBe(true);
    mic.stream.start({ maxDurationMs: 20_000 });

    await listener.joinMedia();
    const consumer = await listener.consume(mic.stream.producerId);
    expect(consumer.producerPaused).toBe(true);

    // About a second of audio goes out of the member's client; none of it reaches the group.
    await sendMore(mic.stream, 50);
    expect(listener.receivedFrom(mic.stream.producerId).packets).toBe(0);

    const refused = await speaker.request('producer:setPaused', { producerId: mic.stream.producerId, paused: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_TURN' } });
    await sendMore(mic.stream, 25);
    expect(listener.receivedFrom(mic.stream.producerId).packets).toBe(0);
    expect(therapist.view?.participants.find((p) => p.id === requireId(speaker))?.micOn).toBe(false);

    await therapist.call('floor:give', { participantId: requireId(speaker) });
    await speaker.nextEvent('notice', (n) => n.kind === 'floor-given');
    expect(await speaker.request('producer:setPaused', { producerId: mic.stream.producerId, paused: false })).toEqual({
      ok: true,
      data: null,
    });
    await waitFor(() => listener.receivedFrom(mic.stream.producerId).packets >= 20, 5_000, 'audio at the listener');
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === requireId(speaker))?.micOn === true,
      5_000,
      'the room shows the mic on',
    );
  });

  it('mute-all pauses every member microphone at the SFU', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    const sam = await session.joinAsMember('Sam', therapist);

    const streams: OutStream[] = [];
    for (const member of [alex, sam]) {
      await member.joinMedia();
      const mic = await member.produce('mic');
      expect(mic.paused).toBe(false);
      mic.stream.start({ maxDurationMs: 20_000 });
      streams.push(mic.stream);
    }
    await therapist.joinMedia();
    for (const s of streams) await therapist.consume(s.producerId);
    await waitFor(
      () => streams.every((s) => therapist.receivedFrom(s.producerId).packets >= 10),
      5_000,
      'both members heard',
    );

    expect(await therapist.call('participant:muteAll', {})).toEqual({ muted: 2 });
    await alex.nextEvent('notice', (n) => n.kind === 'muted-by-therapist');
    await sam.nextEvent('notice', (n) => n.kind === 'muted-by-therapist');

    // Let packets already in flight land, then nothing more may arrive while both keep sending.
    for (const s of streams) await sendMore(s, 10);
    const after = streams.map((s) => therapist.receivedFrom(s.producerId).packets);
    for (const s of streams) await sendMore(s, 40);
    expect(streams.map((s) => therapist.receivedFrom(s.producerId).packets)).toEqual(after);

    const shown = therapist.view?.participants.filter((p) => p.id === requireId(alex) || p.id === requireId(sam));
    expect(shown?.map((p) => p.micOn)).toEqual([false, false]);
    const samSees = sam.view?.participants.find((p) => p.id === requireId(alex));
    expect(samSees?.micOn).toBe(false);
  });
});
