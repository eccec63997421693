/**
 * Issue 16: crisis and facilitation hold up in a real group. Each test is one moment a therapist,
 * member or supervisor lives through, found by role and name, with axe-core on every screen visited.
 */
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  type Actor,
  checkInAsMember,
  createSession,
  expectAccessible,
  expectHeadingFocused,
  pollUntil,
  scanOnce,
  useRoomHarness,
  openTool,
  chooseFromMore,
} from '../support/index.js';

/** The element's box lies wholly inside the page's viewport. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

/** No two boxes overlap. */
async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

/** Scroll every scrollable panel and the page itself to the bottom, as a therapist working the people list is. */
async function scrollEverythingDown(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('aside, .panel, main'))) {
      el.scrollTop = el.scrollHeight;
    }
    window.scrollTo(0, document.body.scrollHeight);
  });
}

const seconds = (clock: string) => {
  const m = /(\d+):(\d\d)/.exec(clock);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

interface AttentionProbe {
  notifications: string[];
  tones: number;
  hidden: boolean;
}

/**
 * In the therapist's page before it loads: record system notifications (the real ones still show) and
 * tones played, and let the test put the tab in the background, which headless Chromium cannot do.
 */
function probeAttention(): void {
  const probe: AttentionProbe = { notifications: [], tones: 0, hidden: false };
  (window as unknown as { __attention: AttentionProbe }).__attention = probe;
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title: string, options?: NotificationOptions) {
      probe.notifications.push(`${title} | ${options?.body ?? ''}`);
      super(title, options);
    }
  };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    probe.tones += 1;
    return start.call(this, when);
  };
  Object.defineProperty(Document.prototype, 'visibilityState', {
    configurable: true,
    get: () => (probe.hidden ? 'hidden' : 'visible'),
  });
}

const attention = (page: Page) =>
  page.evaluate(() => {
    const p = (window as unknown as { __attention: AttentionProbe }).__attention;
    return { notifications: [...p.notifications], tones: p.tones };
  });

async function joinAsStaff(actor: Actor, screen: string): Promise<void> {
  await expectHeadingFocused(actor.page, /^Get ready/);
  await scanOnce(actor.page, screen);
  await actor.page.getByRole('button', { name: 'Join the session' }).click();
}

describe('crisis and facilitation in a real group', () => {
  // Escalation after 5 s (the least allowed), so the supervisor's side is seen in a short test.
  const h = useRoomHarness({ CRISIS_ESCALATE_SECONDS: '5' }, { closeAfterEach: true });

  test('a crisis alert reaches the therapist wherever they are, then the supervisor; notices cover nothing', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Casey', role: 'member' },
      { name: 'Sue', role: 'supervisor' },
    ]);
    const therapist = await h.open('therapist', therapistUrl, { permissions: ['notifications'], init: probeAttention });
    // Asked before the session, not in the middle of an alert.
    await therapist.page.getByRole('heading', { name: 'Crisis alerts when this tab is in the background' }).waitFor();
    await therapist.page.getByText('On: a crisis alert also shows as a notification').waitFor();
    await joinAsStaff(therapist, 'therapist pre-join');
    const casey = await h.open('Casey', urls.Casey!);
    await expectHeadingFocused(casey.page, 'Get ready, Casey');
    await checkInAsMember(casey.page, 'Tucson, AZ');
    await therapist.page.getByRole('button', { name: 'Admit Casey' }).click();
    await expectHeadingFocused(casey.page, 'Tuesday skills group');
    await scanOnce(casey.page, 'member room');

    const sue = await h.open('Sue', urls.Sue!);
    await sue.page.setViewportSize({ width: 375, height: 812 });
    await joinAsStaff(sue, 'supervisor pre-join');
    await sue.page.getByRole('heading', { name: 'Session health' }).waitFor();

    // The agenda runs, so its timer is on screen.
    await openTool(therapist.page, 'Agenda');
    await therapist.page.getByLabel('Template').selectOption('support-60');
    await therapist.page.getByRole('button', { name: 'Use template' }).click();
    await therapist.page.getByRole('button', { name: 'Start agenda' }).click();
    const agendaTimer = therapist.page.getByRole('timer', { name: 'Time left in this part' });
    await agendaTimer.waitFor();
    await scanOnce(therapist.page, 'therapist room');

    // The therapist works at the bottom of the people list; the supervisor at the bottom of their phone.
    // The therapist turned the agenda chime off, and has another tab in front.
    await therapist.page.getByRole('button', { name: 'Chime', pressed: true }).click();
    await therapist.page.getByRole('button', { name: 'Chime', pressed: false }).waitFor();
    await therapist.page.evaluate(() => {
      (window as unknown as { __attention: AttentionProbe }).__attention.hidden = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const tonesBefore = (await attention(therapist.page)).tones;
    await scrollEverythingDown(therapist.page);
    await scrollEverythingDown(sue.page);
    expect(await therapist.page.title()).toBe('Circle');

    await casey.page.getByRole('button', { name: 'Crisis support' }).click();
    await expectAccessible(casey.page, 'member crisis support panel');
    await casey.page.getByRole('button', { name: 'Let my therapist know privately' }).click();
    await casey.page.getByText('Your therapist has been notified').waitFor();

    const banner = therapist.page.getByRole('alert').filter({ hasText: 'Casey asked for crisis support' });
    await banner.waitFor({ timeout: 1_000 });
    expect(await inViewport(therapist.page, banner)).toBe(true);
    await banner.getByText('Tucson, AZ').waitFor();
    await therapist.page.waitForFunction(() => document.title.includes('Crisis alert'), undefined, { timeout: 1_000 });
    expect(await therapist.page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon-alert.svg');
    // The alarm sounds though the chime is off; a system notification names no one (lock screens show it).
    await pollUntil(async () => ((await attention(therapist.page)).tones > tonesBefore ? true : null), 2_000);
    const { notifications } = await pollUntil(async () => {
      const a = await attention(therapist.page);
      return a.notifications.length > 0 ? a : null;
    }, 2_000);
    expect(notifications).toEqual(['Crisis alert in Circle | A member asked for crisis support. Open Circle now.']);
    await therapist.page.evaluate(() => {
      (window as unknown as { __attention: AttentionProbe }).__attention.hidden = false;
    });
    // Casey's tile carries the mark.
    await therapist.page.getByRole('listitem', { name: /^Casey, crisis alert, not yet acknowledged/ }).waitFor();
    await expectAccessible(therapist.page, 'therapist with a crisis alert');

    // A notice while the alert waits (Casey writes privately): it covers neither the alert, the timer nor the controls.
    await casey.page.keyboard.press('Escape');
    await casey.page.getByRole('button', { name: 'Messages', exact: true }).click();
    await casey.page.getByLabel('Private message to your therapists').fill('I am still here.');
    await casey.page.getByRole('button', { name: 'Send' }).click();
    const notice = therapist.page.getByText('New private message from Casey.');
    await notice.waitFor();
    // On the laptop and on a phone.
    for (const size of [null, { width: 375, height: 812 }]) {
      if (size) await therapist.page.setViewportSize(size);
      await therapist.page.evaluate(() => window.scrollTo(0, 0));
      for (const target of [
        agendaTimer,
        therapist.page.getByRole('heading', { name: 'Crisis alert', exact: true }),
        therapist.page.getByRole('navigation', { name: 'Call controls' }),
        therapist.page.getByRole('button', { name: 'Acknowledge alert from Casey' }),
      ]) {
        expect(await overlaps(notice, target)).toBe(false);
      }
    }
    await therapist.page.setViewportSize({ width: 1280, height: 800 });
    await therapist.page.getByRole('button', { name: 'Messages 1 new from Casey' }).waitFor();

    // Not acknowledged in 5 s: the supervisor gets the same pinned alert on their phone.
    const supervisorBanner = sue.page.getByRole('alert').filter({ hasText: 'Casey asked for crisis support' });
    await supervisorBanner.waitFor({ timeout: 10_000 });
    expect(await inViewport(sue.page, supervisorBanner)).toBe(true);
    await sue.page.waitForFunction(() => document.title.includes('Crisis alert'));
    await expectAccessible(sue.page, 'supervisor with an escalated alert (phone)');

    await therapist.page.getByRole('button', { name: 'Acknowledge alert from Casey' }).click();
    await banner.waitFor({ state: 'detached' });
    await supervisorBanner.waitFor({ state: 'detached' });
    await therapist.page.waitForFunction(() => document.title === 'Circle');
    await casey.page.getByRole('button', { name: 'Crisis support' }).click();
    await casey.page.getByText('Your therapist has seen this').waitFor();
  });

  test('the break ends with the private room it was for, and no timer runs during it', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Drew', role: 'member' },
      { name: 'Casey', role: 'member' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    await joinAsStaff(therapist, 'therapist pre-join');
    const drew = await h.open('Drew', urls.Drew!);
    const casey = await h.open('Casey', urls.Casey!);
    await checkInAsMember(drew.page);
    await checkInAsMember(casey.page);
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await drew.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await casey.page.getByRole('button', { name: 'Raise hand' }).waitFor();

    await openTool(therapist.page, 'Agenda');
    await therapist.page.getByLabel('Template').selectOption('support-60');
    await therapist.page.getByRole('button', { name: 'Use template' }).click();
    await therapist.page.getByRole('button', { name: 'Start agenda' }).click();
    await therapist.page.getByRole('button', { name: 'Next', exact: true }).click();
    await drew.page.getByText('Facilitated speaking').waitFor();
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Give floor to Drew' }).click();
    const turn = drew.page.getByRole('timer', { name: 'Turn time left' });
    await turn.waitFor();
    const agendaLeft = () =>
      therapist.page.evaluate(() =>
        (window as unknown as { circle: { agendaRemainingMs(): number | null } }).circle.agendaRemainingMs(),
      );

    await casey.page.getByRole('button', { name: 'Crisis support' }).click();
    await casey.page.getByRole('button', { name: 'Let my therapist know privately' }).click();
    await casey.page.getByRole('button', { name: 'Close' }).click();
    await openTool(therapist.page, 'Safety');
    await therapist.page.getByRole('button', { name: 'Open a private room with Casey' }).click();
    const breakStarted = Date.now();

    // Drew sees the break, focus on its heading; the turn clock stands still.
    await expectHeadingFocused(drew.page, 'Short break');
    await drew.page.getByText('(paused for the break)').waitFor();
    await expectAccessible(drew.page, 'member break screen');
    const turnAtBreak = seconds(await turn.innerText());
    const agendaAtBreak = (await pollUntil(async () => {
      const v = await agendaLeft();
      return v !== null && (await therapist.page.getByText('(paused)').count()) > 0 ? v : null;
    }, 5_000))!;
    // The therapist, in the private room, is told the group is waiting for them.
    await therapist.page.getByText('The group is on a short break until you return to it.').waitFor();
    await expectAccessible(therapist.page, 'therapist in a private room');
    await expectAccessible(casey.page, 'member in a private room');
    await casey.page.getByText('You are in a private room with Therapist').waitFor();
    await casey.page.getByRole('listitem', { name: /^Therapist/ }).waitFor();
    // Watch Drew's turn clock for three seconds of the break: it must not move once (a change fails at once).
    await drew.page.waitForFunction(
      ({ since, shown }) => {
        const text = document.querySelector('[role="timer"][aria-label="Turn time left"]')?.textContent;
        if (text !== shown) throw new Error(`the turn clock moved during the break: ${shown} → ${text}`);
        return Date.now() - since > 3_000;
      },
      { since: Date.now(), shown: await turn.innerText() },
      { polling: 250, timeout: 10_000 },
    );

    // Returning Casey ends the break: nobody has to find "End the break".
    await therapist.page.getByRole('button', { name: 'Return Casey to the group' }).click();
    await drew.page.getByRole('heading', { name: 'Short break' }).waitFor({ state: 'detached' });
    const breakMs = Date.now() - breakStarted;
    await drew.page.getByRole('listitem', { name: /^Casey/ }).waitFor();
    await casey.page.getByRole('listitem', { name: /^Drew/ }).waitFor();
    expect(await drew.page.getByText('(paused for the break)').count()).toBe(0);
    // The turn and the agenda resume from where they stood, not from where the clock would be.
    const turnAfter = seconds(await turn.innerText());
    expect(breakMs).toBeGreaterThan(3_000);
    expect(turnAfter).toBeGreaterThanOrEqual(turnAtBreak - 2);
    const agendaAfter = await pollUntil(agendaLeft, 5_000);
    expect(agendaAfter).toBeGreaterThan(agendaAtBreak - 2_000);
    console.log(`[e2e] break lasted ${breakMs} ms; turn ${turnAtBreak}s → ${turnAfter}s after it`);
    // And the turn runs again.
    await drew.page.waitForFunction((at) => {
      const t = document.querySelector('[role="timer"][aria-label="Turn time left"]')?.textContent ?? '';
      const m = /(\d+):(\d\d)/.exec(t);
      return m ? Number(m[1]) * 60 + Number(m[2]) < at : false;
    }, turnAfter);

    // A break the therapist starts shows them what members see, and ends from the room itself.
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Pause the group (short break)' }).click();
    await therapist.page.getByRole('heading', { name: 'The group is on a short break' }).waitFor();
    await drew.page.getByRole('heading', { name: 'Short break' }).waitFor();
    await expectAccessible(therapist.page, 'therapist during a break');
    await therapist.page.getByRole('button', { name: 'End the break' }).click();
    await drew.page.getByRole('heading', { name: 'Short break' }).waitFor({ state: 'detached' });
  });

  test('round robin is an order with a pass; pairs say who is in them', async () => {
    const names = ['Ari', 'Bo', 'Cy'];
    const { therapistUrl, urls } = await createSession(
      h.circle,
      names.map((name) => ({ name, role: 'member' as const })),
    );
    const therapist = await h.open('therapist', therapistUrl);
    await joinAsStaff(therapist, 'therapist pre-join');
    const [ari, bo, cy] = await Promise.all(names.map((n) => h.open(n, urls[n]!)));
    for (const m of [ari!, bo!, cy!]) await checkInAsMember(m.page);
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    // Cy only wants to listen today.
    await chooseFromMore(cy!.page, 'Listen only');
    await cy!.page
      .getByRole('navigation', { name: 'Call controls' })
      .getByRole('button', { name: 'Turn video back on' })
      .waitFor();

    await openTool(therapist.page, 'Agenda');
    await therapist.page.getByLabel('Template').selectOption('support-60');
    await therapist.page.getByRole('button', { name: 'Use template' }).click();
    await therapist.page.getByRole('button', { name: 'Start agenda' }).click();

    const order = (p: Page) => p.getByRole('list', { name: 'Round robin order' });
    for (const m of [ari!, bo!, cy!]) {
      await m.page.getByText('Round robin', { exact: true }).waitFor();
      await order(m.page)
        .getByText(/^Ari( \(you\))? · speaking now$/)
        .waitFor();
      await order(m.page)
        .getByText(/Cy( \(you\))? · passed/)
        .waitFor();
      // An order, not raised hands: nobody's hand went up.
      expect(await m.page.getByRole('button', { name: 'Lower hand' }).count()).toBe(0);
      expect(await m.page.getByText('Hand raised').count()).toBe(0);
    }
    const speakingBar = (p: Page) => p.getByRole('region', { name: 'Speaking', exact: true });
    await speakingBar(ari!.page).getByText('You have the floor').waitFor();
    expect(await speakingBar(cy!.page).getByText('You have the floor').count()).toBe(0);
    await expectAccessible(ari!.page, 'member in a round robin');

    // Ari passes during the turn: the floor moves on to Bo, and the therapist sees the pass.
    await ari!.page.getByRole('button', { name: 'Not now' }).click();
    await therapist.page.getByText('Ari passed (Not now).').waitFor();
    await speakingBar(bo!.page).getByText('You have the floor').waitFor();
    await order(therapist.page).getByText('Ari · passed').waitFor();
    await bo!.page.getByRole('button', { name: "I'm done, next please" }).click();
    await order(therapist.page).getByText('Bo · done').waitFor();

    // Practice pairs: each member reads who they are with, and nothing about a therapist.
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Start pairs at random' }).click();
    for (const [i, m] of [ari!, bo!, cy!].entries()) {
      const banner = m.page.getByRole('status').filter({ hasText: 'Practising in pairs with' });
      await banner.waitFor();
      for (const other of names.filter((_, j) => j !== i)) await banner.getByText(new RegExp(other)).waitFor();
      await m.page.getByText('Practice in pairs', { exact: true }).waitFor();
      expect(await m.page.getByText(/private room|your therapist\. The group cannot/).count()).toBe(0);
    }
    await expectAccessible(ari!.page, 'member in a practice pair');
    await therapist.page.getByRole('button', { name: 'Bring everyone back' }).click();
    await ari!.page.getByRole('status').filter({ hasText: 'Practising in pairs with' }).waitFor({ state: 'detached' });
  });

  test('leave asks first and Rejoin goes straight back; shortcuts, focus ring, messages, the supervisor’s own tile', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Eli', role: 'member' },
      { name: 'Sue', role: 'supervisor' },
    ]);
    // Eli writes from the waiting room before any therapist is there.
    const eli = await h.open('Eli', urls.Eli!);
    await checkInAsMember(eli.page);
    await eli.page.getByRole('button', { name: 'Message your therapist' }).click();
    await eli.page.getByLabel('Private message to your therapists').fill('Could we talk after group?');
    await eli.page.getByRole('button', { name: 'Send' }).click();
    await eli.page.getByText('Could we talk after group?').waitFor();

    const therapist = await h.open('therapist', therapistUrl);
    await joinAsStaff(therapist, 'therapist pre-join');
    await therapist.page.getByText('Eli sent you a private message before you joined.').waitFor();
    await therapist.page.getByRole('button', { name: 'Messages 1 new from Eli' }).click();
    await therapist.page
      .getByRole('list', { name: 'Private messages' })
      .getByText('Could we talk after group?')
      .waitFor();
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Admit Eli' }).click();

    // Keyboard: focus on the room's heading, shortcuts for the microphone and the hand, listed in a help dialog.
    await expectHeadingFocused(eli.page, 'Tuesday skills group');
    await eli.page.getByRole('button', { name: 'Unmute microphone' }).and(eli.page.locator(':enabled')).waitFor();
    await eli.page.keyboard.press('Alt+Shift+M');
    await eli.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await eli.page.keyboard.press('Alt+Shift+R');
    await eli.page.getByRole('button', { name: 'Lower hand' }).waitFor();
    await therapist.page.getByRole('listitem', { name: /^Eli, hand raised/ }).waitFor();
    await eli.page.keyboard.press('Alt+Shift+R');
    await eli.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await eli.page.keyboard.press('Shift+?');
    const help = eli.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Alt+Shift+M').waitFor();
    await help.getByText('Alt+Shift+R').waitFor();
    await expectAccessible(eli.page, 'shortcuts dialog');
    await eli.page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // The crisis button's focus ring is the same clear ring as every other control's.
    const ring = async (name: string) => {
      await eli.page.keyboard.press('Shift+Tab');
      await eli.page.getByRole('button', { name }).focus();
      return eli.page.getByRole('button', { name }).evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          style: s.outlineStyle,
          width: s.outlineWidth,
          color: s.outlineColor,
          visible: el.matches(':focus-visible'),
        };
      });
    };
    const crisisRing = await ring('Crisis support');
    const handRing = await ring('Raise hand');
    expect(crisisRing).toEqual(handRing);
    expect(crisisRing).toMatchObject({ style: 'solid', width: '3px', visible: true });

    // The supervisor sees of themselves what the group sees: a placeholder, not their camera.
    const sue = await h.open('Sue', urls.Sue!);
    await sue.page.getByText('You observe openly with your camera and microphone off.').waitFor();
    await joinAsStaff(sue, 'supervisor pre-join');
    const ownTile = sue.page.getByRole('listitem', { name: /^Sue \(you\), Supervisor observing/ });
    await ownTile.getByText('Camera and microphone off').waitFor();
    expect(await ownTile.locator('video').count()).toBe(0);
    await eli.page.getByRole('listitem', { name: /^Sue, Supervisor observing/ }).waitFor();
    expect(await eli.page.getByRole('listitem', { name: /^Sue/ }).locator('video').count()).toBe(0);
    await scanOnce(sue.page, 'supervisor room');

    // Leave asks first; "Stay" is the default.
    await eli.page.getByRole('button', { name: 'Leave session' }).click();
    const confirm = eli.page.getByRole('alertdialog', { name: 'Leave the session?' });
    await confirm.waitFor();
    expect(await eli.page.evaluate(() => document.activeElement?.textContent)).toBe('Stay');
    await expectAccessible(eli.page, 'leave confirmation');
    await confirm.getByRole('button', { name: 'Stay' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await eli.page.getByRole('button', { name: 'Raise hand' }).waitFor();

    await eli.page.getByRole('button', { name: 'Leave session' }).click();
    await confirm.getByRole('button', { name: 'Leave' }).click();
    await expectHeadingFocused(eli.page, 'You have left the session');
    await expectAccessible(eli.page, 'left the session');
    await therapist.page.getByRole('listitem', { name: /^Eli/ }).waitFor({ state: 'detached' });

    // Rejoin within the grace: straight back in, no agreement, no waiting room.
    await eli.page.getByRole('button', { name: 'Rejoin the session' }).click();
    await eli.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    expect(await eli.page.getByRole('heading', { name: /^Before you join/ }).count()).toBe(0);
    expect(await eli.page.getByText('You are in the waiting room').count()).toBe(0);
    await therapist.page.getByRole('listitem', { name: /^Eli/ }).waitFor();
    expect(await therapist.page.getByRole('button', { name: 'Admit Eli' }).count()).toBe(0);
  });
});
