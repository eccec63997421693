/**
 * The SFU's audio-only fallback judges a camera's uplink only once it carries media. A camera whose
 * WebRTC send transport never connected (ICE failed: not one packet, so a score of 0) must not be
 * put on "audio only because your connection is struggling": that is untrue, and the browser says
 * what is (it could not connect). A camera whose connected transport sends nothing still falls back.
 * Real mediasoup worker; the room's clock moves 6 s per health check, so a weak camera falls back on
 * its third check (the 10 s window).
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { producerRtpParameters } from '@circle/testkit/rtp';
import { MediaRoom, type MediaRoomListener } from '../src/adapters/media/MediaRoom.js';
import type { MediaBlob } from '../src/app/mediaPort.js';
import { waitFor } from './support/harness.js';

describe('audio-only fallback for a weak uplink', () => {
  let worker: ms.Worker;
  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
  });
  afterAll(() => worker?.close());

  it('falls back a connected camera that sends nothing, never one whose transport did not connect', async () => {
    const weak: string[] = [];
    const listener: MediaRoomListener = {
      producerAdded: () => undefined,
      producerClosed: () => undefined,
      producerPaused: () => undefined,
      consumerClosed: () => undefined,
      speaking: () => undefined,
      uplinkWeak: (participantId) => weak.push(participantId),
    };
    let roomTime = Date.now();
    const room = await MediaRoom.create(
      worker,
      { listenIp: '127.0.0.1', announcedIp: undefined, allowPlainRtp: true },
      listener,
      () => true,
      undefined,
      () => (roomTime += 6_000),
    );
    try {
      const camera = (ssrc: number) => producerRtpParameters('video', ssrc, `cname-${ssrc}`) as unknown as MediaBlob;
      // Joined first, so each health check looks at it before the other camera.
      const webrtc = await room.createTransport('no-ice', 'send');
      await room.produce('no-ice', webrtc.id, 'video', 'camera', camera(1111), false);
      // A plain RTP transport (the bots') carries media once connected; this one sends nothing.
      const plain = await room.createTransport('silent', 'send', true);
      await room.connectPlain('silent', plain.id, '127.0.0.1', 9);
      await room.produce('silent', plain.id, 'video', 'camera', camera(2222), false);

      await waitFor(() => weak.includes('silent'), 15_000, 'the silent camera to fall back');
      // In the same check, the camera that never connected was judged (or rather, not).
      expect(weak).toEqual(['silent']);
    } finally {
      room.close();
    }
  });
});
