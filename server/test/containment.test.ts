/**
 * A hostile member inside the room: the logs cannot be flooded, and media cannot pretend to be what it
 * is not to get around the floor.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { RawSocket } from './support/rawSocket.js';
import { checkInFor, requireId, routerContents, useTestCircle, waitFor } from './support/harness.js';

const lines: { level: number; msg: string; participantId?: string; suppressed?: number }[] = [];
const logger = pino(
  { level: 'warn' },
  {
    write(line: string) {
      lines.push(JSON.parse(line) as (typeof lines)[number]);
    },
  },
);
const circle = useTestCircle({ overrides: { logger } });

const OPUS = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, rtcpFeedback: [] };

async function room() {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const sam = await session.joinAsMember('Sam', therapist);
  const invite = await session.invite('member', 'Mallory');
  const mallory = await t.connect(invite.token, { name: 'Mallory' });
  await session.admit(mallory, therapist, checkInFor('Mallory'));
  return { t, session, therapist, sam, mallory, invite };
}

describe('containment', () => {
  it('a flood of unknown, ack-less and malformed events writes a handful of warnings, then a count', async () => {
    const { t, mallory, invite, sam } = await room();
    const id = requireId(mallory);
    const before = lines.length;
    const FLOOD = 3_000;
    for (let i = 0; i < FLOOD; i++) {
      mallory.emitRaw(`no:such-event-${i}`, {});
      mallory.emitRaw('hand:raise', {});
    }
    // A raw client on the same link, with non-string event names (it takes Mallory's seat).
    const raw = await RawSocket.connect(t.url, invite.token);
    for (let i = 0; i < FLOOD; i++) raw.sendText(`42[${i},{}]`);
    const last = await raw.request(1, ['clock:ping', { clientTime: 1 }]);
    expect(last).not.toBe('timeout');
    raw.close();

    const mine = lines.slice(before).filter((l) => l.participantId === id && l.level === 40);
    // 9,000 bad events, a few dozen lines at most: the first burst, then one now and then with a count.
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThanOrEqual(40);
    expect(lines.slice(before).filter((l) => l.level >= 50)).toEqual([]);
    // Sam and the server carry on.
    expect(await sam.call('clock:ping', { clientTime: 2 })).toMatchObject({ clientTime: 2 });
  });

  it('the warnings left out are counted in the next line written', async () => {
    const { mallory } = await room();
    const id = requireId(mallory);
    const before = lines.length;
    for (let i = 0; i < 500; i++) mallory.emitRaw(`no:such-event-${i}`, {});
    await mallory.request('clock:ping', { clientTime: 0 });
    // One more after the bucket refills: it says how many were left out.
    await waitFor(
      () => {
        mallory.emitRaw('no:such-event-later', {});
        return lines.slice(before).some((l) => l.participantId === id && (l.suppressed ?? 0) > 0);
      },
      10_000,
      'a warning with the count of those left out',
    );
  });

  describe('media carries what it claims', () => {
    async function facilitated() {
      const r = await room();
      await r.therapist.call('speaking:setMode', { mode: 'facilitated' });
      await r.mallory.joinMedia();
      await r.sam.joinMedia();
      const send = await r.mallory.call('transport:create', { direction: 'send', plain: true });
      return { ...r, transportId: send.id };
    }

    const camera = (transportId: string) => ({
      transportId,
      kind: 'video' as const,
      source: 'camera' as const,
      rtpParameters: { codecs: [OPUS], headerExtensions: [], encodings: [{ ssrc: 1234 }], rtcp: { cname: 'x' } },
    });

    it('a "camera" carrying Opus is refused in facilitated mode; there is nothing for a colluder to consume', async () => {
      const { mallory, session, transportId } = await facilitated();
      expect(await mallory.request('producer:create', camera(transportId))).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD', field: 'rtpParameters.codecs' },
      });
      const media = (await session.actor()).mediaRoom;
      if (!media) throw new Error('no media room');
      expect((await routerContents(media.router)).producerIds).toEqual([]);
    });

    it('the SFU refuses it too when the schema is not in the way', async () => {
      const { mallory, session, transportId } = await facilitated();
      const actor = await session.actor();
      expect(await actor.handle(requireId(mallory), 'producer:create', camera(transportId))).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD' },
      });
      const media = actor.mediaRoom;
      if (!media) throw new Error('no media room');
      expect((await routerContents(media.router)).producerIds).toEqual([]);
    });

    it('mute acts on every audio producer a member has, whatever its source is called', async () => {
      const { mallory, therapist, session } = await facilitated();
      const mic = await mallory.produce('mic', { paused: true });
      await therapist.call('floor:give', { participantId: requireId(mallory) });
      await mallory.call('producer:setPaused', { producerId: mic.stream.producerId, paused: false });
      const actor = await session.actor();
      const producers = () => actor.mediaRoom?.producersOf(requireId(mallory)) ?? [];
      expect(producers().find((p) => p.kind === 'audio')?.paused).toBe(false);
      await therapist.call('participant:mute', { participantId: requireId(mallory) });
      await waitFor(() => producers().every((p) => p.kind !== 'audio' || p.paused), 2_000, 'all audio paused');
      // And it stays paused: without the floor, unmuting is refused at the server.
      await therapist.call('floor:takeBack', {});
      expect(
        await mallory.request('producer:setPaused', { producerId: mic.stream.producerId, paused: false }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_TURN' } });
    });
  });
});
