/** A room of bots in an in-process Circle: a therapist and admitted members, through the real signaling. */
import { AGREEMENT_VERSION } from '@circle/shared';
import type { Circle } from '../../src/compose.js';
import { Bot } from '@circle/testkit/bot';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Create a session; connect its therapist and `size - 1` members who check in and are admitted. */
export async function admittedBots(
  circle: Circle,
  size: number,
  title: string,
): Promise<{ bots: Bot[]; sessionId: string }> {
  const { state, therapist } = await circle.sessions.create({ title, therapistName: 'Therapist' });
  const actor = await circle.sessions.get(state.sessionId);
  if (!actor) throw new Error('session not found');
  const lead = await Bot.connect(circle.url, therapist.token, { name: 'therapist' });
  await lead.nextEvent('room:state');
  const bots = [lead];
  for (let i = 1; i < size; i++) {
    const invite = await circle.sessions.invite(actor, 'member', `Member ${i}`);
    if ('code' in invite) throw new Error(invite.code);
    const bot = await Bot.connect(circle.url, invite.token, { name: `member-${i}` });
    await bot.nextEvent('room:state');
    await bot.call('session:checkIn', {
      agreementVersion: AGREEMENT_VERSION,
      location: 'Bench',
      privateSafePlace: true,
    });
    await lead.call('lobby:admit', { participantId: bot.participantId ?? '' });
    await bot.nextEvent('room:state', (v) => v.you.status === 'admitted');
    bots.push(bot);
  }
  return { bots, sessionId: state.sessionId };
}

/** Wait (bounded) until every bot knows of `count` producers of others. */
export async function untilProducersKnown(bots: Bot[], count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (bots.some((b) => b.remoteProducers.size < count)) {
    if (Date.now() > deadline) throw new Error('producers did not reach every bot');
    await sleep(50);
  }
}
