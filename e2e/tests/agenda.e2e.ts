import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkInAsMember, createSession, pollUntil, useRoomHarness, openTool } from '../support/index.js';

const SKEW_MS = 7 * 60_000;

async function remaining(page: Page): Promise<{ ms: number; at: number }> {
  const ms = await page.evaluate(() =>
    (window as unknown as { circle: { agendaRemainingMs(): number | null } }).circle.agendaRemainingMs(),
  );
  return { ms: ms ?? Number.NaN, at: Date.now() };
}

describe('the agenda clock', () => {
  const h = useRoomHarness();

  test('two browsers, one with its clock 7 minutes fast, show the same time left', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Jamie', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    // Jamie's computer clock is wrong by minutes.
    const context = await h.browser.newContext();
    await context.grantPermissions(['camera', 'microphone']);
    await context.addInitScript((skew: number) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, SKEW_MS);
    const page = await context.newPage();
    await page.goto(urls.Jamie!);
    h.track({ name: 'Jamie', context, page });
    await checkInAsMember(page);
    await therapist.page.getByRole('button', { name: 'Admit Jamie' }).click();
    await page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await openTool(therapist.page, 'Agenda');
    await therapist.page.getByLabel('Template').selectOption('support-60');
    await therapist.page.getByRole('button', { name: 'Use template' }).click();
    await therapist.page.getByRole('button', { name: 'Start agenda' }).click();
    await therapist.page.getByRole('timer', { name: 'Time left in this part' }).waitFor();
    await page.getByRole('timer', { name: 'Time left in this part' }).waitFor();
    expect(await page.evaluate(() => Date.now() - new Date().getTime())).toBeGreaterThan(SKEW_MS - 1000);

    // Wait until Jamie's clock offset is estimated, then compare the two estimates at the same instant.
    await pollUntil(async () => {
      const r = await remaining(page);
      return Number.isFinite(r.ms) && Math.abs(r.ms) < 11 * 60_000 ? r : null;
    }, 20_000);
    const a = await remaining(therapist.page);
    const b = await remaining(page);
    const diff = Math.abs(a.ms - (b.ms + (b.at - a.at)));
    console.log(`[e2e] agenda countdown difference between browsers: ${diff.toFixed(0)} ms`);
    expect(diff).toBeLessThan(250);

    // Both screens show the current item and its time.
    await page.getByText('Check-in').first().waitFor();
    const shown = async (p: Page) => p.getByRole('timer', { name: 'Time left in this part' }).innerText();
    const [t1, t2] = await Promise.all([shown(therapist.page), shown(page)]);
    const secs = (t: string) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]);
    expect(Math.abs(secs(t1) - secs(t2))).toBeLessThanOrEqual(1);

    // Round robin: the check-in gives Jamie the floor.
    await page.getByText('You have the floor').first().waitFor();
  });
});
