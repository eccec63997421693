/**
 * The room fits the people in it, measured in the browser: a group of eight (a therapist and a member
 * in browsers, six plain-RTP bots), every face whole on the therapist's laptop, at least four on a
 * member's phone, nothing wider than a 320 px screen, alerts on screen whichever tool is open.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AGREEMENT_VERSION } from '@circle/shared';
import { Bot } from '@circle/testkit/bot';
import {
  checkInAsMember,
  chooseFromMore,
  createSession,
  expectAccessible,
  expectHeadingFocused,
  pollUntil,
  useRoomHarness,
} from '../support/index.js';

const BOTS = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn'];

/** Tiles wholly inside the viewport and not covered at their centre (by a self-view, a menu, a sheet…). */
function facesInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const tiles = Array.from(
      document.querySelectorAll<HTMLElement>('ul[aria-label="Participants"] > li.tile:not(.self-hidden)'),
    );
    return tiles.filter((el) => {
      const r = el.getBoundingClientRect();
      if (r.width < 48 || r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && el.contains(hit);
    }).length;
  });
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return (
        r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth
      );
    });
}

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

describe('layout of a group of eight', () => {
  const h = useRoomHarness();
  const bots: Bot[] = [];
  afterAll(() => bots.forEach((b) => b.close()));

  test('the cockpit at 1024×700 and 1366×768, the phone at 375×812 and 320 px', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Robin', role: 'member' },
      ...BOTS.map((name) => ({ name, role: 'member' as const })),
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.setViewportSize({ width: 1024, height: 700 });
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    for (const name of BOTS) {
      const bot = await Bot.connect(h.circle.url, tokenOf(urls[name]!), { name });
      bots.push(bot);
      await pollUntil(async () => (bot.view ? true : null), 10_000);
      await bot.call('session:checkIn', {
        agreementVersion: AGREEMENT_VERSION,
        location: 'Portland, OR',
        privateSafePlace: true,
      });
    }
    const robin = await h.open('Robin', urls.Robin!);
    await robin.page.setViewportSize({ width: 375, height: 812 });
    await checkInAsMember(robin.page);
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await expectHeadingFocused(robin.page, 'Tuesday skills group');
    const tiles = (p: Page) => p.locator('ul[aria-label="Participants"] > li.tile');
    await pollUntil(async () => ((await tiles(therapist.page).count()) === 8 ? true : null), 15_000);
    await pollUntil(async () => ((await tiles(robin.page).count()) === 8 ? true : null), 15_000);

    // The therapist's laptop: every face whole, with the tools beside them.
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1366, height: 768 },
    ]) {
      await therapist.page.setViewportSize(size);
      const seen = await pollUntil(async () => ((await facesInView(therapist.page)) === 8 ? 8 : null), 5_000).catch(
        () => facesInView(therapist.page),
      );
      expect(seen, `faces the therapist sees at ${size.width}×${size.height}`).toBe(8);
    }
    await therapist.page.setViewportSize({ width: 1024, height: 700 });
    await expectAccessible(therapist.page, 'therapist cockpit, eight people');

    // A member's phone: at least four faces whole; nothing scrolls sideways even at 320 px.
    const phoneFaces = await facesInView(robin.page);
    expect(phoneFaces, 'faces a member sees at 375×812').toBeGreaterThanOrEqual(4);
    const controls = await robin.page
      .getByRole('navigation', { name: 'Call controls' })
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(controls, 'the control bar is one row').toBeLessThan(70);
    await expectAccessible(robin.page, 'member room on a phone, eight people');
    await robin.page.setViewportSize({ width: 320, height: 640 });
    // (The layout follows the new width on the next frames.)
    const measureSideways = () =>
      robin.page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        // What sticks out, to say in the failure.
        const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { overflow: document.documentElement.scrollWidth - vw, wide };
      });
    const sideways = await pollUntil(async () => {
      const m = await measureSideways();
      return m.overflow <= 0 ? m : null;
    }, 3_000).catch(measureSideways);
    expect(sideways.overflow, `horizontal scroll at 320 px: ${sideways.wide.join(' ')}`).toBeLessThanOrEqual(0);
    expect(await facesInView(robin.page)).toBeGreaterThanOrEqual(4);

    // The self-view: moved with the keyboard, hidden while still sending, and back.
    const selfView = robin.page.locator('li.tile.self-view');
    await selfView.and(robin.page.locator('.corner-bottom-right')).waitFor();
    await robin.page.getByRole('button', { name: 'Move self-view (arrow keys)' }).focus();
    await robin.page.keyboard.press('ArrowUp');
    await selfView.and(robin.page.locator('.corner-top-right')).waitFor();
    expect(await facesInView(robin.page)).toBeGreaterThanOrEqual(4);
    await chooseFromMore(robin.page, 'Hide self-view');
    await selfView.waitFor({ state: 'detached' });
    await robin.page.getByRole('button', { name: 'Show self-view' }).click();
    await selfView.waitFor();

    // Raised hands never push the grid off the phone's screen.
    await robin.page.setViewportSize({ width: 375, height: 812 });
    for (const bot of bots) await bot.call('hand:raise', {});
    await robin.page.getByRole('list', { name: 'Raised hands in order' }).waitFor();
    expect(await facesInView(robin.page)).toBeGreaterThanOrEqual(4);

    // The tile's menu: a menu button named for the person, a keyboard menu, and the therapist's actions.
    const menuButton = therapist.page.getByRole('button', { name: 'Actions for Ana' });
    await menuButton.focus();
    await therapist.page.keyboard.press('Enter');
    const menu = therapist.page.getByRole('menu', { name: 'Actions for Ana' });
    await menu.getByRole('menuitem', { name: 'Give the floor' }).waitFor();
    await therapist.page.keyboard.press('End');
    await therapist.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await menuButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Give the floor' }).click();
    await therapist.page.getByText('Ana has the floor').waitFor();
    // The floor holder is large on the member's phone, and four faces are still whole.
    await robin.page.locator('li.tile.featured[aria-label^="Ana"]').waitFor();
    expect(await facesInView(robin.page)).toBeGreaterThanOrEqual(4);

    // Speaker view: one tile large (the floor holder), gallery again after.
    await chooseFromMore(therapist.page, 'Speaker view');
    await therapist.page.locator('li.tile.featured[aria-label^="Ana"]').waitFor();
    expect(await facesInView(therapist.page)).toBe(8);
    await chooseFromMore(therapist.page, 'Gallery view');

    // Tools by task: a tablist moved with the keyboard; a crisis alert stays on screen on every tab.
    const tab = (name: RegExp) => therapist.page.getByRole('tab', { name });
    await tab(/^People/).focus();
    await therapist.page.keyboard.press('End');
    await tab(/^Safety/)
      .and(therapist.page.locator('[aria-selected="true"]'))
      .waitFor();
    await therapist.page.keyboard.press('Home');
    await tab(/^People/)
      .and(therapist.page.locator('[aria-selected="true"]'))
      .waitFor();
    await bots[0]!.call('crisis:alert', {});
    await therapist.page.getByRole('alert').filter({ hasText: 'Ana asked for crisis support' }).waitFor();
    for (const name of [/^People/, /^Agenda/, /^Chat & messages/, /^Safety/]) {
      await tab(name).click();
      expect(await inViewport(therapist.page, '.crisis-banner'), `alert on screen with ${String(name)} open`).toBe(
        true,
      );
      expect(await tab(/^Safety.*1 alert/).isVisible()).toBe(true);
    }
    await expectAccessible(therapist.page, 'therapist cockpit with a crisis alert');

    // Focus mode: members see the therapists only, and receive no other member's video.
    await tab(/^People/).click();
    await therapist.page.getByRole('checkbox', { name: /focus mode/ }).check();
    await pollUntil(async () => ((await tiles(robin.page).count()) === 2 ? true : null), 10_000);
    await robin.page.getByText(/Also in the group: Ana/).waitFor();
    expect(await tiles(therapist.page).count()).toBe(8);
  });
});
