/**
 * End-to-end encrypted media, the server's part (issue 25): it hands device public keys to the
 * others in the room and relays wrapped media keys to the one participant named, unread. Nothing
 * reaches someone outside the room; a new connection's old key is forgotten.
 */
import { describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import { checkInFor, requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle({ env: { E2EE: 'true' } });

/** A device public key as a page sends it: 65 bytes, base64url (87 characters). */
const keyOf = (fill: string) => fill.repeat(87);
const BLOB = 'W'.repeat(88);

const deviceEvents = (bot: Bot) => bot.events.filter((e) => e.name === 'e2ee:device');

type TestSession = Awaited<ReturnType<ReturnType<typeof circle>['createSession']>>;

/** A room whose media is plain: no E2EE in the capabilities, keys refused, nothing to decide at the door. */
async function expectPlainRoom(session: TestSession): Promise<void> {
  const therapist = await session.connectTherapist();
  const alex = await session.joinAsMember('Alex', therapist);
  expect((await therapist.call('media:capabilities', {})).e2ee).toBeUndefined();
  expect(await therapist.request('e2ee:announce', { publicKey: keyOf('T') })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  expect(await alex.request('e2ee:key', { to: requireId(therapist), blob: BLOB })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  const jo = await session.join('member', 'Jo');
  expect(await jo.request('e2ee:cannotEncrypt', {})).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
}

describe('E2EE key relay, in a room without E2EE', () => {
  const plain = useTestCircle();
  it('refuses keys with INVALID_STATE and relays nothing', async () => {
    await expectPlainRoom(await plain().createSession());
  });
});

describe('E2EE key relay, in a room whose group turned E2EE off (on an E2EE server)', () => {
  it('forwards plain media: no E2EE in the capabilities, keys refused, no decision at the door', async () => {
    await expectPlainRoom(await circle().createSession({ e2ee: false }));
    // The same server's other rooms keep E2EE on.
    const sealed = await circle().createSession();
    expect((await (await sealed.connectTherapist()).call('media:capabilities', {})).e2ee).toBe(true);
  });
});

describe('a browser that cannot encrypt', () => {
  it('says so at the door; the therapist admits it only explicitly, and every screen is told', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    const jo = await session.join('member', 'Jo');
    const joId = requireId(jo);
    expect(await jo.call('e2ee:cannotEncrypt', {})).toBeNull();
    expect((await jo.call('session:checkIn', checkInFor('Jo'))).status).toBe('waiting');
    await waitFor(
      () => !!therapist.view?.participants.some((p) => p.id === joId && 'cannotEncrypt' in p && p.cannotEncrypt),
      5_000,
      'the therapist sees that Jo cannot encrypt',
    );
    expect(await therapist.request('lobby:admit', { participantId: joId })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(await therapist.call('lobby:admitAll', {})).toEqual({ admitted: 0 });
    // A member cannot let themselves in unencrypted.
    expect(await jo.request('lobby:admit', { participantId: joId, unencrypted: true })).toMatchObject({ ok: false });
    expect(await therapist.call('lobby:admit', { participantId: joId, unencrypted: true })).toBeNull();
    for (const bot of [therapist, alex, jo])
      await waitFor(() => !!bot.view?.unencrypted.includes(joId), 5_000, `${bot.name} told the room is in the clear`);
  });
});

describe('E2EE key relay', () => {
  it('hands each device key to the others in the room and relays a wrapped key to the one named', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    const sam = await session.joinAsMember('Sam', therapist);
    expect((await therapist.call('media:capabilities', {})).e2ee).toBe(true);

    expect(await therapist.call('e2ee:announce', { publicKey: keyOf('T') })).toEqual({ devices: [] });
    expect(await alex.call('e2ee:announce', { publicKey: keyOf('A') })).toEqual({
      devices: [{ participantId: requireId(therapist), publicKey: keyOf('T') }],
    });
    await therapist.nextEvent('e2ee:device', (d) => d.participantId === requireId(alex) && d.publicKey === keyOf('A'));

    // Sam has not announced: no device of anyone reaches Sam, and no key may be sent to Sam.
    expect(deviceEvents(sam)).toHaveLength(0);
    expect(await alex.request('e2ee:key', { to: requireId(sam), blob: BLOB })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    expect(await alex.call('e2ee:key', { to: requireId(therapist), blob: BLOB })).toBeNull();
    expect(await therapist.nextEvent('e2ee:key')).toEqual({ from: requireId(alex), blob: BLOB });
    // Not to oneself.
    expect(await alex.request('e2ee:key', { to: requireId(alex), blob: BLOB })).toMatchObject({ ok: false });
  });

  it('reaches nobody in the lobby, and refuses someone not admitted', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const waiting = await session.join('member', 'Jo');
    await therapist.call('e2ee:announce', { publicKey: keyOf('T') });
    expect(await waiting.request('e2ee:announce', { publicKey: keyOf('J') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMITTED' },
    });
    expect(await therapist.request('e2ee:key', { to: requireId(waiting), blob: BLOB })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses malformed keys and blobs with a code, and forgets a key when its page reconnects', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const invite = await session.invite('member', 'Alex');
    const alex = await session.admit(await t.connect(invite.token, { name: 'Alex' }), therapist);
    for (const publicKey of ['A'.repeat(86), 'A'.repeat(88), `${'A'.repeat(86)}=`, 'A'.repeat(86) + '/']) {
      expect(await alex.request('e2ee:announce', { publicKey })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD' },
      });
    }
    await alex.call('e2ee:announce', { publicKey: keyOf('A') });
    expect(await therapist.request('e2ee:key', { to: requireId(alex), blob: 'W'.repeat(87) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    // Alex's page is replaced (a new connection on the same link): the old page's key is not handed out.
    const again = await t.connect(invite.token, { name: 'Alex 2' });
    await waitFor(() => again.view?.you.status === 'admitted');
    expect(await therapist.call('e2ee:announce', { publicKey: keyOf('T') })).toEqual({ devices: [] });
  });
});
