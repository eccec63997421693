import { describe, expect, test } from 'vitest';
import { checkInAsMember, createSession, useRoomHarness, openTool } from '../support/index.js';

describe('lobby and crisis support', () => {
  const h = useRoomHarness();

  test('a member who has not accepted the agreement cannot reach the waiting room', async () => {
    const { urls, therapistUrl } = await createSession(h.circle, [{ name: 'Robin', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    const robin = await h.open('Robin', urls.Robin!);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await therapist.page.getByRole('heading', { name: /Waiting room \(0\)/ }).waitFor();

    await robin.page.getByRole('button', { name: 'Continue' }).click();
    await robin.page.getByLabel('Where are you right now? (city and state)').fill('Denver, CO');
    await robin.page.getByRole('checkbox', { name: /private, safe place/ }).check();
    await robin.page.getByRole('button', { name: 'Join the waiting room' }).click();
    await robin.page.getByRole('alert').filter({ hasText: 'accept the group agreement' }).waitFor();
    expect(await robin.page.getByText('You are in the waiting room').count()).toBe(0);
    // The therapist's waiting room is still empty.
    expect(await therapist.page.getByRole('button', { name: 'Admit Robin' }).count()).toBe(0);
  });

  test('crisis: 988 with no network, a private alert, the therapist acknowledges, others see nothing', async () => {
    const { urls, therapistUrl } = await createSession(h.circle, [
      { name: 'Casey', role: 'member' },
      { name: 'Drew', role: 'member' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    const casey = await h.open('Casey', urls.Casey!);
    const drew = await h.open('Drew', urls.Drew!);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await checkInAsMember(casey.page, 'Tucson, AZ');
    await checkInAsMember(drew.page, 'Reno, NV');
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await casey.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await drew.page.getByRole('button', { name: 'Raise hand' }).waitFor();

    // With the network gone, the panel still opens with every line.
    await casey.context.setOffline(true);
    await casey.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 30_000 });
    await casey.page.getByRole('button', { name: 'Crisis support' }).click();
    const panel = casey.page.getByRole('dialog', { name: 'You can get help right now' });
    await panel.waitFor();
    for (const [name, href] of [
      ['Call 988', 'tel:988'],
      ['Text 988', 'sms:988'],
      ['Chat at 988lifeline.org', 'https://988lifeline.org/chat/'],
      ['text 838255', 'sms:838255'],
      ['text AYUDA to 988', 'sms:988?body=AYUDA'],
      ['dial 711', 'tel:711'],
      ['call 911', 'tel:911'],
    ] as const) {
      expect(await panel.getByRole('link', { name }).getAttribute('href')).toBe(href);
    }
    await panel.getByRole('button', { name: 'Close' }).click();
    await casey.context.setOffline(false);
    // Back within the grace window: straight into the room, muted, with a notice.
    await casey.page.getByText("You're back").waitFor({ timeout: 30_000 });
    await casey.page.getByRole('button', { name: 'Raise hand' }).waitFor();

    // Keyboard shortcut opens it too; then the member tells the therapist privately.
    await casey.page.keyboard.press('Alt+Shift+H');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Let my therapist know privately' }).click();
    await panel.getByText('Your therapist has been notified').waitFor();

    const alert = therapist.page.getByRole('alert').filter({ hasText: 'Casey asked for crisis support' });
    await alert.waitFor();
    await alert.getByText('Tucson, AZ').waitFor();
    await therapist.page.getByRole('button', { name: 'Acknowledge alert from Casey' }).click();
    await panel.getByText('Your therapist has seen this').waitFor();

    // Drew's page shows nothing of it.
    const drewText = await drew.page.evaluate(() => document.body.innerText);
    expect(drewText).not.toMatch(/crisis support at|Tucson|notified|Casey asked/);
    await panel.getByRole('button', { name: 'Close' }).click();

    // The only therapist takes Casey to a private room: the group goes on a short break.
    await openTool(therapist.page, 'Safety');
    await therapist.page.getByRole('button', { name: 'Open a private room with Casey' }).click();
    await casey.page.getByText(/You are in a private room with/).waitFor();
    await drew.page.getByRole('heading', { name: 'Short break' }).waitFor();
    expect(await drew.page.getByText(/Tucson|Casey asked|private room/).count()).toBe(0);
    // In the private room Casey sees only the therapist.
    await casey.page.locator('li.tile').filter({ hasText: 'Therapist' }).waitFor();
    expect(await casey.page.locator('li.tile').count()).toBe(2);

    // Returning ends the break it caused: nobody has to find "End the break".
    await therapist.page.getByRole('button', { name: 'Return Casey to the group' }).click();
    await drew.page.getByRole('heading', { name: 'Short break' }).waitFor({ state: 'detached' });
    await drew.page.getByRole('listitem', { name: /^Casey/ }).waitFor();
    await casey.page.getByRole('listitem', { name: /^Drew/ }).waitFor();
  });
});
