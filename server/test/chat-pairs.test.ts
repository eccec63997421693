import { describe, expect, it } from 'vitest';
import type { RoomView } from '@circle/shared';
import type { Bot } from '@circle/testkit/bot';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

const text = (bot: Bot) => JSON.stringify(bot.events.map((e) => ({ name: e.name, args: e.args })));

async function group(names: string[]) {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const supervisor = await session.join('supervisor', 'Dr. Okafor');
  const members: Bot[] = [];
  for (const n of names) members.push(await session.joinAsMember(n, therapist));
  return { t, session, therapist, supervisor, members };
}

describe('private messages to the therapists', () => {
  it('reach the member, the therapists and the supervisor, and never another member', async () => {
    const { therapist, supervisor, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    const secret = 'I have to leave at 7 tonight';
    const { messageId } = await alex.call('chat:private', { text: secret });
    for (const bot of [therapist, supervisor, alex]) {
      await bot.nextEvent('chat:privateDelivered', (m) => m.id === messageId);
    }
    const reply = 'Thanks for telling me, that is fine';
    await therapist.call('chat:private', { memberId: requireId(alex), text: reply });
    await alex.nextEvent('chat:privateDelivered', (m) => m.text === reply);
    // Something Sam does receive, so Sam's log is current.
    await therapist.call('room:lock', { locked: true });
    await waitFor(() => sam.view?.locked === true);
    expect(text(sam)).not.toContain(secret);
    expect(text(sam)).not.toContain(reply);
    expect(sam.events.some((e) => e.name === 'chat:privateDelivered')).toBe(false);
    // History: Sam sees no thread but their own; the therapist sees Alex's.
    expect((await sam.call('chat:history', {})).private).toEqual([]);
    expect((await therapist.call('chat:history', {})).private.map((m) => m.text)).toEqual([secret, reply]);
  });

  it('a member cannot write into another member’s thread', async () => {
    const { members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    expect(await sam.request('chat:private', { memberId: requireId(alex), text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('group chat', () => {
  it('is delivered to the room; a therapist removes a message for everyone', async () => {
    const { therapist, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    const { messageId } = await alex.call('chat:send', { text: 'Hello everyone' });
    await sam.nextEvent('chat:message', (m) => m.id === messageId && m.fromName === 'Alex');
    await therapist.call('chat:delete', { messageId });
    await sam.nextEvent('chat:removed', (m) => m.messageId === messageId);
    const history = await sam.call('chat:history', {});
    expect(history.group).toEqual([expect.objectContaining({ id: messageId, removed: true, text: '' })]);
  });

  it('turned off, members get FORBIDDEN and nothing is broadcast; therapists can still write', async () => {
    const { therapist, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    await therapist.call('chat:setEnabled', { enabled: false });
    await waitFor(() => alex.view?.chatEnabled === false);
    const before = sam.events.length;
    expect(await alex.request('chat:send', { text: 'can anyone hear me' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await alex.request('chat:setEnabled', { enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await therapist.call('chat:send', { text: 'We will talk in a moment' });
    await sam.nextEvent('chat:message', (m) => m.text === 'We will talk in a moment');
    expect(sam.events.slice(before).filter((e) => e.name === 'chat:message')).toHaveLength(1);
  });
});

describe('breakout pairs', () => {
  it('members receive only their partner’s media while paired, then everyone again', async () => {
    const { therapist, members } = await group(['Ana', 'Ben', 'Cat', 'Dov']);
    const [ana, ben, cat, dov] = members as [Bot, Bot, Bot, Bot];
    const mics = new Map<Bot, string>();
    for (const m of members) {
      await m.joinMedia();
      const mic = await m.produce('mic', { paused: false });
      mic.stream.start({ maxDurationMs: 30_000 });
      mics.set(m, mic.stream.producerId);
    }
    for (const m of members) await m.receive();
    for (const m of members) {
      for (const other of members) if (other !== m) await m.consume(mics.get(other)!);
    }
    await therapist.call('pairs:start', {
      minutes: 5,
      groups: [
        [requireId(ana), requireId(ben)],
        [requireId(cat), requireId(dov)],
      ],
    });
    await waitFor(() => ana.view?.pairs?.groups.length === 1);
    // The SFU closed Ana's consumers of Cat and Dov: their packets stop, Ben's keep coming.
    await ana.nextEvent('media:consumerClosed', () => true);
    const at = (from: Bot) => ana.receivedFrom(mics.get(from)!).packets;
    await waitFor(() => at(ben) > 0);
    const catBefore = at(cat);
    const benBefore = at(ben);
    await waitFor(() => at(ben) > benBefore + 50, 5_000, 'more audio from the partner');
    expect(at(cat)).toBeLessThanOrEqual(catBefore + 2);
    // Ana cannot reach into the other pair.
    expect(await ana.request('consumer:create', { producerId: mics.get(cat)! })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Pair members may speak whatever the group's mode.
    await therapist.call('pairs:end', {});
    await waitFor(() => ana.view?.pairs === null);
    await ana.nextEvent('media:producerAdded', (p) => p.producerId === mics.get(cat));
  });

  it('only therapists start, visit or end pairs', async () => {
    const { members } = await group(['Ana', 'Ben']);
    for (const [event, payload] of [
      ['pairs:start', { minutes: 5 }],
      ['pairs:end', {}],
      ['pairs:visit', { pairId: null }],
      ['pairs:broadcast', { text: 'hi' }],
    ] as const) {
      expect(await members[0]!.request(event, payload as never)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});

describe('crisis side room', () => {
  it('isolates the member with the therapist; the group takes a short break with members muted', async () => {
    const { therapist, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    await alex.joinMedia();
    const mic = await alex.produce('mic', { paused: false });
    mic.stream.start({ maxDurationMs: 20_000 });
    await sam.joinMedia();
    await sam.receive();
    await sam.consume(mic.stream.producerId);
    const samMic = await sam.produce('mic', { paused: false });

    const { alertId } = await alex.call('crisis:alert', {});
    await therapist.call('crisis:sideRoom', { alertId });
    await waitFor(() => sam.view?.onBreak === true, 5_000, 'the group is on a break');
    expect(sam.view?.participants.find((p) => p.id === requireId(alex))?.away).toBe(true);
    // Sam no longer receives Alex, cannot consume Alex again, and cannot unmute during the break.
    await sam.nextEvent('media:consumerClosed', () => true);
    expect(await sam.request('consumer:create', { producerId: mic.stream.producerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await sam.request('producer:setPaused', { producerId: samMic.stream.producerId, paused: false }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_TURN' } });
    expect(alex.view?.you.inSideRoom).toBe(true);
    expect(text(sam)).not.toContain(alertId);

    await therapist.call('crisis:return', { alertId });
    await therapist.call('room:break', { on: false });
    await waitFor(() => sam.view?.onBreak === false && alex.view?.you.inSideRoom === false);
    await sam.nextEvent('media:producerAdded', (p) => p.producerId === mic.stream.producerId);
  });
  it('what a member does with their microphone in the side room reaches only the side room', async () => {
    const { therapist, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    await alex.joinMedia();
    const mic = await alex.produce('mic', { paused: true });
    await therapist.joinMedia();
    const { alertId } = await alex.call('crisis:alert', {});
    await therapist.call('crisis:sideRoom', { alertId });
    await waitFor(() => alex.view?.you.inSideRoom === true, 5_000, 'Alex in the side room');
    await sam.call('clock:ping', { clientTime: 0 });
    const samBefore = sam.events.length;

    await alex.call('producer:setPaused', { producerId: mic.stream.producerId, paused: false });
    // The therapist in the side room is told; Sam, in the group, is not.
    await therapist.nextEvent('media:producerPaused', (e) => e.producerId === mic.stream.producerId && !e.paused);
    await waitFor(
      () => therapist.view?.participants.find((p) => p.id === requireId(alex))?.micOn === true,
      2_000,
      'the therapist sees Alex’s microphone on',
    );
    await alex.call('producer:setPaused', { producerId: mic.stream.producerId, paused: true });
    await therapist.nextEvent('media:producerPaused', (e) => e.producerId === mic.stream.producerId && e.paused);
    await sam.call('clock:ping', { clientTime: 0 });
    const seen = sam.events.slice(samBefore);
    expect(seen.filter((e) => e.name.startsWith('media:'))).toEqual([]);
    for (const e of seen.filter((x) => x.name === 'room:state')) {
      const view = e.args[0] as RoomView;
      expect(view.participants.find((p) => p.id === requireId(alex))).toMatchObject({ away: true, micOn: false });
    }
  });
});
