import { describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

async function group(names: string[]) {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const supervisor = await session.join('supervisor', 'Dr. Okafor');
  const members: Bot[] = [];
  for (const n of names) members.push(await session.joinAsMember(n, therapist));
  return { session, therapist, supervisor, members };
}

const shown = (bot: Bot) => bot.events.filter((e) => e.name === 'reaction:shown');

describe('quiet reactions', () => {
  it('reach everyone in the room, the sender included, with the sender’s id and the kind only', async () => {
    const { therapist, supervisor, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    expect(await alex.call('reaction:send', { kind: 'heart' })).toBeNull();
    for (const bot of [alex, sam, therapist, supervisor]) {
      const e = await bot.nextEvent('reaction:shown', (r) => r.participantId === requireId(alex));
      expect(e).toEqual({ participantId: requireId(alex), kind: 'heart' });
    }
    expect(await therapist.call('reaction:send', { kind: 'thanks' })).toBeNull();
    await sam.nextEvent('reaction:shown', (r) => r.participantId === requireId(therapist) && r.kind === 'thanks');
  });

  it('in pairs, stay in the sender’s pair: a member of another pair receives nothing', async () => {
    const { therapist, members } = await group(['Ana', 'Ben', 'Cat', 'Dov']);
    const [ana, ben, cat, dov] = members as [Bot, Bot, Bot, Bot];
    await therapist.call('pairs:start', {
      minutes: 5,
      groups: [
        [requireId(ana), requireId(ben)],
        [requireId(cat), requireId(dov)],
      ],
    });
    await waitFor(() => ana.view?.pairs?.groups.length === 1 && cat.view?.pairs?.groups.length === 1);
    const catBefore = shown(cat).length;
    await ana.call('reaction:send', { kind: 'nod' });
    await ben.nextEvent('reaction:shown', (r) => r.participantId === requireId(ana) && r.kind === 'nod');
    // Something Cat does receive afterwards, so Cat's log is current.
    await dov.call('reaction:send', { kind: 'meToo' });
    await cat.nextEvent('reaction:shown', (r) => r.participantId === requireId(dov));
    expect(
      shown(cat)
        .slice(catBefore)
        .map((e) => (e.args[0] as { participantId: string }).participantId),
    ).toEqual([requireId(dov)]);
  });

  it('turned off by the therapist: refused with REACTIONS_OFF and nothing is broadcast', async () => {
    const { therapist, supervisor, members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    expect(await supervisor.request('reactions:setEnabled', { enabled: false })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await therapist.call('reactions:setEnabled', { enabled: false });
    await waitFor(() => alex.view?.reactionsEnabled === false && sam.view?.reactionsEnabled === false);
    const before = shown(sam).length;
    expect(await alex.request('reaction:send', { kind: 'heart' })).toMatchObject({
      ok: false,
      error: { code: 'REACTIONS_OFF' },
    });
    await therapist.call('reactions:setEnabled', { enabled: true });
    await waitFor(() => alex.view?.reactionsEnabled === true);
    await alex.call('reaction:send', { kind: 'nod' });
    await sam.nextEvent('reaction:shown', (r) => r.kind === 'nod');
    expect(shown(sam).slice(before)).toHaveLength(1);
  });

  it('one per second per person: a second one at once is RATE_LIMITED and not broadcast', async () => {
    const { members } = await group(['Alex', 'Sam']);
    const [alex, sam] = members as [Bot, Bot];
    await alex.call('reaction:send', { kind: 'heart' });
    expect(await alex.request('reaction:send', { kind: 'nod' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    // Sam is not limited by Alex.
    await sam.call('reaction:send', { kind: 'thanks' });
    await alex.nextEvent('reaction:shown', (r) => r.kind === 'thanks');
    expect(shown(alex).map((e) => (e.args[0] as { kind: string }).kind)).toEqual(['heart', 'thanks']);
  });
});
