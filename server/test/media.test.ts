import { describe, expect, it } from 'vitest';
import { requireId, routerContents, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

describe('media through the SFU (plain RTP bots, real mediasoup worker)', () => {
  it('a member sends Opus and VP8, the therapist receives both, and nothing is left in the router after everyone goes', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const member = await session.joinAsMember('Alex', therapist);

    await member.joinMedia();
    const mic = await member.produce('mic');
    const camera = await member.produce('camera');
    expect(mic.paused).toBe(false);
    expect(camera.paused).toBe(false);
    mic.stream.start({ maxDurationMs: 15_000 });
    camera.stream.start({ maxDurationMs: 15_000 });

    const known = await therapist.joinMedia();
    expect(known.map((p) => p.producerId).sort()).toEqual([mic.stream.producerId, camera.stream.producerId].sort());
    expect(known.every((p) => p.participantId === requireId(member))).toBe(true);
    const audio = await therapist.consume(mic.stream.producerId);
    const video = await therapist.consume(camera.stream.producerId);
    expect(audio.kind).toBe('audio');
    expect(video.kind).toBe('video');

    await waitFor(
      () =>
        therapist.receivedFrom(mic.stream.producerId).packets >= 10 &&
        therapist.receivedFrom(camera.stream.producerId).packets >= 10,
      5_000,
      'audio and video packets at the therapist',
    );
    const before = therapist.receivedFrom(camera.stream.producerId).packets;
    await waitFor(
      () => therapist.receivedFrom(camera.stream.producerId).packets > before + 20,
      5_000,
      'video keeps flowing',
    );
    expect(therapist.receivedFrom(camera.stream.producerId).bytes).toBeGreaterThan(20 * 1_000);
    expect(member.view?.participants.find((p) => p.id === requireId(member))).toMatchObject({
      micOn: true,
      cameraOn: true,
    });

    const media = (await session.actor()).mediaRoom;
    if (!media) throw new Error('the room never set up media');
    const live = await routerContents(media.router);
    expect(live.transportIds).toHaveLength(2);
    expect(live.producerIds.sort()).toEqual([mic.stream.producerId, camera.stream.producerId].sort());
    expect(live.consumerIds.sort()).toEqual([audio.id, video.id].sort());

    // The member leaves: the therapist is told their producers closed.
    const since = therapist.events.length;
    await member.call('room:leave', {});
    await therapist.nextEvent('media:producerClosed', (p) => p.producerId === mic.stream.producerId, { since });
    await therapist.nextEvent('media:producerClosed', (p) => p.producerId === camera.stream.producerId, { since });
    member.close();
    therapist.close();

    await waitFor(() => media.counts().transports === 0, 5_000, 'peers closed');
    expect(await routerContents(media.router)).toEqual({
      transportIds: [],
      producerIds: [],
      consumerIds: [],
      observedProducerIds: [],
    });
  });
});
