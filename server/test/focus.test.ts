/** Focus mode at the SFU: a member is given no other member's video, while staff see everyone. */
import { describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

describe('focus mode', () => {
  it('a member gets no other member’s video producer, can still hear them, and gets it back when it ends', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex: Bot = await session.joinAsMember('Alex', therapist);
    const sam: Bot = await session.joinAsMember('Sam', therapist);
    await alex.joinMedia();
    const camera = await alex.produce('camera');
    const mic = await alex.produce('mic', { paused: true });
    await therapist.joinMedia();
    const therapistCamera = await therapist.produce('camera');
    await sam.nextEvent('media:producerAdded', (p) => p.producerId === camera.stream.producerId);

    await therapist.call('room:setFocusMode', { on: true });
    await waitFor(() => sam.view?.focusMode === true, 5_000, 'Sam sees focus mode');
    // Sam's view: no tile for Alex; the producers Sam may receive: Alex's microphone and the therapist's camera.
    expect(sam.view?.participants.find((p) => p.id === requireId(alex))).toMatchObject({
      tile: false,
      cameraOn: false,
    });
    const offered = (await sam.joinMedia()).map((p) => p.producerId).sort();
    expect(offered).toEqual([mic.stream.producerId, therapistCamera.stream.producerId].sort());
    await sam.receive();
    expect(await sam.request('consumer:create', { producerId: camera.stream.producerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The therapist still receives Alex's camera.
    await therapist.receive();
    await therapist.consume(camera.stream.producerId);
    // A member cannot turn it off.
    expect(await alex.request('room:setFocusMode', { on: false })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    await therapist.call('room:setFocusMode', { on: false });
    await sam.nextEvent('media:producerAdded', (p) => p.producerId === camera.stream.producerId);
    await sam.consume(camera.stream.producerId);
  });
});
