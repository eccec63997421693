import { describe, expect, test } from 'vitest';
import { checkInAsMember, createSession, expectAccessible, participantIdOf, useRoomHarness } from '../support/index.js';

describe('quiet reactions', () => {
  const h = useRoomHarness();

  test('a member reacts and the therapist sees it on the member’s tile; turned off, the member’s picker says so', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Jamie', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const jamie = await h.open('Jamie', urls.Jamie!);
    await checkInAsMember(jamie.page);
    await therapist.page.getByRole('button', { name: 'Admit Jamie' }).click();
    await jamie.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    const jamieId = await participantIdOf(jamie.page);

    // Jamie opens the menu and sends a heart.
    await jamie.page.getByRole('button', { name: 'React' }).click();
    await expectAccessible(jamie.page, 'room with the reaction menu open');
    await jamie.page.getByRole('group', { name: 'Send a reaction' }).getByRole('button', { name: 'Heart' }).click();

    // The therapist sees it on Jamie's tile, and it goes after a few seconds.
    const badge = therapist.page.locator(`li.tile[data-participant="${jamieId}"] .reaction-badge`);
    await badge.waitFor();
    expect(await badge.getAttribute('data-reaction')).toBe('heart');
    expect(await badge.innerText()).toContain('Heart');
    // A screen reader hears it politely.
    await therapist.page
      .getByRole('status')
      .filter({ hasText: 'Reaction from Jamie: Heart.' })
      .waitFor({ state: 'attached' });
    await badge.waitFor({ state: 'detached', timeout: 10_000 });

    // The therapist turns reactions off; Jamie's picker says they are off.
    // (The switch follows the room: it changes once the server has it.)
    const reactionsSwitch = therapist.page.getByRole('checkbox', { name: /^Reactions on/ });
    await reactionsSwitch.click();
    await therapist.page.waitForFunction(
      () => !document.querySelector<HTMLInputElement>('.reactions-switch input')?.checked,
    );
    await jamie.page.getByRole('button', { name: 'Reactions off' }).waitFor();
    expect(await jamie.page.getByRole('button', { name: 'React', exact: true }).count()).toBe(0);
    await expectAccessible(jamie.page, 'room with reactions off');
  });
});
