import { describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import type { MediaRoom } from '../src/adapters/media/MediaRoom.js';
import { requireId, routerContents, useTestCircle, waitFor, type TestSession } from './support/harness.js';

const circle = useTestCircle();

/** Three layers, lowest first, as browsers send them (100k/300k/900k). */
const LADDER_KBPS = [100, 300, 900] as const;

async function mediaOf(session: TestSession): Promise<MediaRoom> {
  const media = (await session.actor()).mediaRoom;
  if (!media) throw new Error('the room never set up media');
  return media;
}

/** Bytes per second received from one producer, measured over `ms`. */
async function rateFrom(bot: Bot, producerId: string, ms = 1_500): Promise<number> {
  const before = bot.receivedFrom(producerId).bytes;
  await new Promise((r) => setTimeout(r, ms));
  return ((bot.receivedFrom(producerId).bytes - before) * 1000) / ms;
}

describe('simulcast: each receiver gets the layer its tile needs', () => {
  it('a VP8 producer with three SSRCs; the consumer follows the layers the server derived from tile sizes', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const member = await session.joinAsMember('Alex', therapist);

    await member.joinMedia();
    const camera = await member.produce('camera', { simulcastKbps: LADDER_KBPS });
    expect(camera.layers).toHaveLength(3);
    for (const layer of camera.layers) layer.start({ maxDurationMs: 25_000 });
    const producerId = camera.stream.producerId;

    await therapist.joinMedia();
    const info = await therapist.consume(producerId);
    const media = await mediaOf(session);
    const therapistId = requireId(therapist);
    const layersOf = () => media.consumerLayers(therapistId).find((c) => c.consumerId === info.id);
    expect(layersOf()?.type).toBe('simulcast');

    // No tile reported yet: the top layer, like one large tile.
    await waitFor(() => layersOf()?.currentLayers?.spatialLayer === 2, 10_000, 'top layer at first');
    const topRate = await rateFrom(therapist, producerId);

    // A small grid tile: the lowest layer.
    await therapist.call('consumer:setView', { consumerId: info.id, width: 200, height: 150, visible: true });
    expect(layersOf()?.preferredLayers?.spatialLayer).toBe(0);
    await waitFor(() => layersOf()?.currentLayers?.spatialLayer === 0, 10_000, 'lowest layer for a small tile');
    const smallRate = await rateFrom(therapist, producerId);
    console.log(
      `[simulcast] receiver bitrate: top layer ${Math.round((topRate * 8) / 1000)} kbps, small tile ${Math.round((smallRate * 8) / 1000)} kbps`,
    );
    expect(smallRate).toBeLessThan(topRate / 3);

    // A medium tile (a 3x3 grid on a laptop): the middle layer.
    await therapist.call('consumer:setView', { consumerId: info.id, width: 400, height: 300, visible: true });
    await waitFor(() => layersOf()?.currentLayers?.spatialLayer === 1, 10_000, 'middle layer for a medium tile');

    // Scrolled away: paused at the SFU, nothing flows.
    await therapist.call('consumer:setView', { consumerId: info.id, width: 400, height: 300, visible: false });
    expect(layersOf()?.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await rateFrom(therapist, producerId, 800)).toBe(0);

    // Back on screen as the floor holder's large tile: resumed, and the top layer is what it asks for.
    await therapist.call('consumer:setView', { consumerId: info.id, width: 960, height: 720, visible: true });
    expect(layersOf()).toMatchObject({ paused: false, preferredLayers: { spatialLayer: 2 } });
    await waitFor(() => therapist.receivedFrom(producerId).bytes > 0 && layersOf()?.currentLayers !== undefined, 5_000);
    expect(await rateFrom(therapist, producerId, 1_000)).toBeGreaterThan(smallRate);
  });

  it('a 10-person grid on a high-density screen: the floor holder’s large tile on the top layer, every other tile below it', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy'];
    const cameras: string[] = [];
    for (const name of names) {
      const member = await session.joinAsMember(name, therapist);
      await member.joinMedia();
      cameras.push((await member.produce('camera', { simulcastKbps: LADDER_KBPS })).stream.producerId);
    }
    await therapist.joinMedia();
    const consumers = [];
    for (const producerId of cameras) consumers.push(await therapist.consume(producerId));
    const media = await mediaOf(session);
    const layersOf = (consumerId: string) =>
      media.consumerLayers(requireId(therapist)).find((c) => c.consumerId === consumerId)?.preferredLayers;

    // The therapist's laptop at twice the pixel density: Ana holds the floor in a large tile, the
    // other eight in a grid beside her, each 456 device pixels high (alone, a top-layer tile).
    const [floor, ...grid] = consumers;
    await therapist.call('consumer:setView', { consumerId: floor!.id, width: 1200, height: 900, visible: true });
    for (const c of grid)
      await therapist.call('consumer:setView', { consumerId: c.id, width: 608, height: 456, visible: true });

    // (These bots send no temporal layers: the spatial layer is the whole choice.)
    expect(layersOf(floor!.id)?.spatialLayer).toBe(2);
    // Within the receiver's budget: every other tile below the floor holder, and still sent.
    const others = media.consumerLayers(requireId(therapist)).filter((c) => grid.some((g) => g.id === c.consumerId));
    expect(others).toHaveLength(8);
    for (const c of others) {
      expect(c.paused).toBe(false);
      expect(c.preferredLayers?.spatialLayer).toBeLessThanOrEqual(1);
    }

    // The floor passes to the grid's first tile: the two swap sizes, and their layers follow.
    await therapist.call('consumer:setView', { consumerId: floor!.id, width: 608, height: 456, visible: true });
    await therapist.call('consumer:setView', { consumerId: grid[0]!.id, width: 1200, height: 900, visible: true });
    expect(layersOf(grid[0]!.id)?.spatialLayer).toBe(2);
    expect(layersOf(floor!.id)?.spatialLayer).toBeLessThanOrEqual(1);
  });

  it('audio consumers have top priority; a tile report for someone else’s consumer is refused', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const member = await session.joinAsMember('Sam', therapist);
    const other = await session.joinAsMember('Kim', therapist);
    await member.joinMedia();
    const mic = await member.produce('mic', { paused: false });
    await therapist.joinMedia();
    const audio = await therapist.consume(mic.stream.producerId);
    const media = await mediaOf(session);
    const audioView = media.consumerLayers(requireId(therapist)).find((c) => c.consumerId === audio.id);
    expect(audioView?.priority).toBe(255);

    await other.joinMedia();
    const res = await other.request('consumer:setView', { consumerId: audio.id, width: 10, height: 10, visible: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await other.request('consumer:setView', {
      consumerId: audio.id,
      width: 100_000,
      height: 10,
      visible: true,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'width' } });
  });

  it('a member who goes audio-only stops sending video, and the therapist sees it', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const member = await session.joinAsMember('Robin', therapist);
    await member.joinMedia();
    const camera = await member.produce('camera', { simulcastKbps: LADDER_KBPS });
    for (const layer of camera.layers) layer.start({ maxDurationMs: 10_000 });
    const memberId = requireId(member);

    const since = therapist.events.length;
    await member.call('media:setAudioOnly', { audioOnly: true, reason: 'chosen' });
    await therapist.nextEvent('media:producerPaused', (p) => p.producerId === camera.stream.producerId && p.paused, {
      since,
    });
    const media = await mediaOf(session);
    expect(media.producersOf(memberId).find((p) => p.kind === 'video')?.paused).toBe(true);
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === memberId)?.audioOnly === true,
      5_000,
      'the therapist sees the audio-only badge',
    );
    expect(therapist.view?.participants.find((p) => p.id === memberId)?.cameraOn).toBe(false);

    // One press back: video may be resumed.
    await member.call('media:setAudioOnly', { audioOnly: false });
    await member.call('producer:setPaused', { producerId: camera.stream.producerId, paused: false });
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === memberId)?.audioOnly === false,
      5_000,
      'audio-only cleared',
    );
  });
});

describe('connection check before admission', () => {
  it('a member in the lobby loops media through the SFU on transports no one else can reach', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    await therapist.joinMedia();
    const lobby = await session.join('member', 'Jo');
    await lobby.call('session:checkIn', {
      agreementVersion: (await import('@circle/shared')).AGREEMENT_VERSION,
      location: 'Austin, TX',
      privateSafePlace: true,
    });
    expect(lobby.view?.you.status).not.toBe('admitted');

    // Room media stays closed to the lobby…
    const refused = await lobby.request('transport:create', { direction: 'send' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });

    // …but the check has its own pair of transports.
    const media = await mediaOf(session);
    const before = (await routerContents(media.router)).transportIds.length;
    const started = await lobby.call('check:start', {});
    expect(started.send.id).not.toBe(started.recv.id);
    expect((await routerContents(media.router)).transportIds.length).toBe(before + 2);

    const since = therapist.events.length;
    const { producerId } = await lobby.call('check:produce', {
      transportId: started.send.id,
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] }],
        headerExtensions: [],
        encodings: [{ ssrc: 1234 }],
        rtcp: { cname: 'check', reducedSize: true },
      },
    });
    const looped = await lobby.call('check:consume', {
      producerId,
      rtpCapabilities: started.routerRtpCapabilities as Record<string, unknown>,
    });
    expect(looped).toMatchObject({ producerId, kind: 'video' });

    // Nobody else hears of it or can consume it.
    await new Promise((r) => setTimeout(r, 200));
    expect(therapist.received('media:producerAdded', since)).toEqual([]);
    expect(await therapist.request('consumer:create', { producerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The check consumes only its own producers.
    await member2Produces(session, therapist);

    await lobby.call('check:end', {});
    const left = (await routerContents(media.router)).transportIds;
    expect(left).not.toContain(started.send.id);
    expect(left).not.toContain(started.recv.id);
    await waitFor(() => media.checkCount === 0, 5_000, 'every check closed');
  });
});

/** A producer in the room exists, and a check cannot consume it. */
async function member2Produces(session: TestSession, therapist: Bot): Promise<void> {
  const member = await session.joinAsMember('Lee', therapist);
  await member.joinMedia();
  const mic = await member.produce('mic', { paused: false });
  const lobby = await session.join('member', 'Pat');
  const started = await lobby.call('check:start', {});
  const r = await lobby.request('check:consume', {
    producerId: mic.stream.producerId,
    rtpCapabilities: started.routerRtpCapabilities as Record<string, unknown>,
  });
  expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  lobby.close();
}
