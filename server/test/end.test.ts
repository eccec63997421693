import { describe, expect, it } from 'vitest';
import { BotConnectError } from '@circle/testkit/bot';
import { TEST_ADMIN_TOKEN, useTestCircle } from './support/harness.js';

const circle = useTestCircle();

describe('ending the session', () => {
  it('closes the room for everyone, refuses rejoining, and keeps the record for the therapist', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const invite = await session.invite('member', 'Alex');
    const alex = await t.connect(invite.token, { name: 'Alex' });
    await session.admit(alex, therapist);
    expect(await alex.request('room:end', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await therapist.call('room:end', {});
    expect((await alex.nextEvent('session:ended', () => true)).reason).toBe('ended');
    const again = await t.tryConnect(invite.token).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(BotConnectError);
    expect((again as BotConnectError).code).toBe('SESSION_ENDED');

    const res = await fetch(`${t.url}/api/sessions/${session.id}/record`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const record = (await res.json()) as { attendance: { displayName: string; leftAt: string | null }[] };
    expect(record.attendance.find((a) => a.displayName === 'Alex')?.leftAt).not.toBeNull();
  });
});
