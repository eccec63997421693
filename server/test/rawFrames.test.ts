/**
 * Raw socket.io frames, as a custom client can send them: whatever arrives, the process stays up,
 * the sender gets an error code or is dropped, and nobody else's room changes.
 */
import { describe, expect, it } from 'vitest';
import type { RoomView } from '@circle/shared';
import type { RoomState } from '../src/domain/room.js';
import { type AckOutcome, RawSocket, nestedJson } from './support/rawSocket.js';
import { checkInFor, requireId, settle, useTestCircle, waitFor, withoutParticipant } from './support/harness.js';

// The bystanders' round trips after every frame would trip the ordinary rate limit.
const circle = useTestCircle({ overrides: { socket: { ratePerSecond: 1000, burst: 1000 } } });

type Expect = 'INVALID_PAYLOAD' | 'UNKNOWN_EVENT' | 'drop' | 'error or drop';

interface Frame {
  what: string;
  /** Text frames, then binary frames, sent in this order. */
  text: string[];
  binary?: Buffer[];
  /** The ack id the frame asks for, if any. */
  ackId?: number;
  expect: Expect;
}

const DEEP = 20_000;

const FRAMES: Frame[] = [
  { what: 'a number as the event name, no ack', text: ['42[42,{}]'], expect: 'error or drop' },
  { what: 'a number as the event name', text: ['4217[42,{}]'], ackId: 17, expect: 'UNKNOWN_EVENT' },
  { what: 'a negative float as the event name', text: ['4218[-1.5e300,{}]'], ackId: 18, expect: 'UNKNOWN_EVENT' },
  { what: 'null as the event name', text: ['4219[null,{}]'], ackId: 19, expect: 'drop' },
  { what: 'an object as the event name', text: ['4220[{"a":1},{}]'], ackId: 20, expect: 'drop' },
  { what: 'an empty event', text: ['4221[]'], ackId: 21, expect: 'drop' },
  { what: 'an event that is a string', text: ['4222"hand:raise"'], ackId: 22, expect: 'drop' },
  { what: 'an event that is an object', text: ['4223{"0":"hand:raise"}'], ackId: 23, expect: 'drop' },
  { what: 'broken JSON', text: ['4224["hand:raise",{'], ackId: 24, expect: 'drop' },
  { what: 'a bare event packet', text: ['42'], expect: 'error or drop' },
  { what: 'an unknown socket.io packet type', text: ['49["x"]'], expect: 'drop' },
  { what: 'an unknown engine.io packet type', text: ['x'], expect: 'drop' },
  { what: 'an empty frame', text: [''], expect: 'drop' },
  { what: 'an engine.io noop', text: ['6'], expect: 'error or drop' },
  { what: 'no payload', text: ['4225["hand:raise"]'], ackId: 25, expect: 'INVALID_PAYLOAD' },
  { what: 'three payloads', text: ['4226["hand:raise",{},{},{}]'], ackId: 26, expect: 'INVALID_PAYLOAD' },
  {
    what: `media parameters ${DEEP} levels deep`,
    text: [`4227["media:join",{"rtpCapabilities":{"codecs":${nestedJson(DEEP)}}}]`],
    ackId: 27,
    expect: 'INVALID_PAYLOAD',
  },
  {
    what: `a payload ${DEEP} levels deep`,
    text: [`4228["hand:raise",${nestedJson(DEEP)}]`],
    ackId: 28,
    expect: 'INVALID_PAYLOAD',
  },
  {
    what: 'a payload of 3,000 keys',
    text: [`4229["hand:raise",{${Array.from({ length: 3000 }, (_, i) => `"k${i}":0`).join(',')}}]`],
    ackId: 29,
    expect: 'INVALID_PAYLOAD',
  },
  { what: '__proto__ as the event name', text: ['4230["__proto__",{}]'], ackId: 30, expect: 'UNKNOWN_EVENT' },
  { what: 'constructor as the event name', text: ['4231["constructor",{}]'], ackId: 31, expect: 'UNKNOWN_EVENT' },
  { what: 'a reserved event name', text: ['4232["disconnect",{}]'], ackId: 32, expect: 'drop' },
  { what: '"error" as the event name', text: ['4233["error",{}]'], ackId: 33, expect: 'UNKNOWN_EVENT' },
  {
    what: 'a payload with __proto__ keys',
    text: ['4234["lobby:admit",{"__proto__":{"participantId":"x"}}]'],
    ackId: 34,
    expect: 'INVALID_PAYLOAD',
  },
  {
    what: 'a binary attachment as the payload',
    text: ['451-35["hand:raise",{"_placeholder":true,"num":0}]'],
    binary: [Buffer.from('hello')],
    ackId: 35,
    expect: 'INVALID_PAYLOAD',
  },
  {
    what: 'a binary attachment as the event name',
    text: ['451-36[{"_placeholder":true,"num":0},{}]'],
    binary: [Buffer.from('hand:raise')],
    ackId: 36,
    expect: 'error or drop',
  },
  {
    what: 'a binary attachment inside media parameters',
    text: ['451-37["media:join",{"rtpCapabilities":{"codecs":[{"_placeholder":true,"num":0}]}}]'],
    binary: [Buffer.alloc(1024)],
    ackId: 37,
    expect: 'error or drop',
  },
  {
    what: 'an attachment number out of range',
    text: ['451-38["hand:raise",{"_placeholder":true,"num":5}]'],
    binary: [Buffer.from('x')],
    ackId: 38,
    expect: 'drop',
  },
  {
    what: 'an attachment number that is not a number',
    text: ['451-39["hand:raise",{"_placeholder":true,"num":"__proto__"}]'],
    binary: [Buffer.from('x')],
    ackId: 39,
    expect: 'error or drop',
  },
  {
    what: `an attachment ${DEEP} levels deep`,
    text: [`451-40["hand:raise",${nestedJson(DEEP, '{"_placeholder":true,"num":0}')}]`],
    binary: [Buffer.from('x')],
    ackId: 40,
    expect: 'error or drop',
  },
  { what: 'a binary frame nobody announced', text: [], binary: [Buffer.alloc(64, 1)], expect: 'error or drop' },
  { what: 'another namespace', text: ['40/admin,{}'], expect: 'error or drop' },
  {
    what: 'a message over the size limit',
    text: [`4241["hand:raise",{"p":"${'x'.repeat(70_000)}"}]`],
    ackId: 41,
    expect: 'drop',
  },
];

describe('raw frames', () => {
  it(`none of ${FRAMES.length} hostile frames stops the server or changes anyone else's room`, async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const sam = await session.joinAsMember('Sam', therapist);
    const invite = await session.invite('member', 'Mallory');
    const malloryBot = await t.connect(invite.token, { name: 'Mallory' });
    await session.admit(malloryBot, therapist, checkInFor('Mallory'));
    const mallory = requireId(malloryBot);
    const actor = await session.actor();

    // The raw client takes Mallory's seat: the bot is replaced, Mallory stays in the room.
    let raw = await RawSocket.connect(t.url, invite.token);
    await malloryBot.disconnected();
    await settle(therapist, sam);
    expect(actor.snapshot.participants[mallory]).toMatchObject({ status: 'admitted', connected: true });

    let probeId = 1000;
    for (const frame of FRAMES) {
      await settle(therapist, sam);
      const samEvents = sam.events.length;
      const samView = withoutParticipant(sam.view as RoomView, mallory);
      const state = withoutParticipant(actor.snapshot as RoomState, mallory);

      const pending = frame.ackId === undefined ? null : raw.outcome(frame.ackId);
      for (const text of frame.text) raw.sendText(text);
      for (const b of frame.binary ?? []) raw.sendBinary(b);
      let outcome: AckOutcome = pending ? await pending : 'timeout';
      if (!pending) {
        // No ack to wait for: the next ordinary request shows whether the connection lives on.
        const probe = await raw.request(probeId++, ['clock:ping', { clientTime: 1 }]);
        outcome = probe === 'closed' ? 'closed' : { ack: { ok: false, error: { code: '(no ack asked)' } } };
      }

      const code =
        outcome === 'closed' || outcome === 'timeout'
          ? outcome
          : (outcome.ack as { ok?: boolean; error?: { code?: string } }).ok === false
            ? (outcome.ack as { error: { code: string } }).error.code
            : 'accepted';
      if (frame.expect === 'drop') expect(code, frame.what).toBe('closed');
      else if (frame.expect !== 'error or drop') expect(code, frame.what).toBe(frame.expect);
      expect(['accepted', 'timeout', 'INTERNAL'], frame.what).not.toContain(code);

      // The process answers, and the others' room is as it was (Mallory may show as reconnecting).
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await settle(therapist, sam);
      expect(
        sam.events.slice(samEvents).filter((e) => e.name !== 'room:state' && e.name !== 'room:patch'),
        frame.what,
      ).toEqual([]);
      expect(withoutParticipant(sam.view as RoomView, mallory), frame.what).toBe(samView);
      expect(withoutParticipant(actor.snapshot as RoomState, mallory), frame.what).toBe(state);

      if (raw.closed) raw = await RawSocket.connect(t.url, invite.token);
    }
    raw.close();
    // Sam never lost the room.
    expect(sam.connected).toBe(true);
    await waitFor(() => sam.view?.you.status === 'admitted', 1_000, 'Sam still admitted');
  });
});
