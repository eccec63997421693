/**
 * Staff accounts, end to end (issue 19), in real Chromium against the real server and PGlite.
 *
 * The owner sets up the clinic from the printed link → adds a therapist → the therapist sets a
 * password, signs out and signs in → creates a session → invites two members → starts it → the
 * members join the room. A member's link never reaches the staff pages.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  type Actor,
  checkInAsMember,
  expectAccessible,
  expectHeadingFocused,
  useRoomHarness,
  waitForRemoteVideos,
} from '../support/index.js';
import type { Circle } from '../../server/src/compose.js';
import { base32Decode, totpAt } from '../../server/src/app/totp.js';

/** A one-time setup link, as the server prints at first start (a new one voids the last). */
async function setupUrlOf(circle: Circle): Promise<string> {
  const link = await circle.staff.setupLink();
  if (!link) throw new Error('the clinic already has an owner: no setup link');
  return link.url.replace(/^https?:\/\/[^/]+/, circle.url);
}

const OWNER = { name: 'Morgan Lee', email: 'owner@clinic.example', password: 'quiet harbor lantern 42' };
const THERAPIST = { name: 'Dr. Rivera', email: 'rivera@clinic.example', password: 'maple orbit pebble 7' };

/**
 * A step inside the home page (2-step sign-in is set up in its own section, below the groups and
 * sessions): focus is on the step's heading, scrolled into view, not at the top of the page.
 */
async function expectStepFocused(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { name }).waitFor();
  await page.waitForFunction((n) => {
    const el = document.activeElement;
    if (!el || !/^H[1-6]$/.test(el.tagName) || el.textContent !== n) return false;
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, name);
}

async function linkIn(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  await input.waitFor();
  return input.inputValue();
}

describe('staff accounts: from first start to a group in the room', () => {
  const h = useRoomHarness({ DEMO_SESSION: 'false' });

  test('owner sets up → adds a therapist → therapist signs in, creates, invites, starts → two members join', async () => {
    const circle = h.circle;
    // The owner, from the link printed at first start.
    const owner = await h.open('owner', await setupUrlOf(circle));
    const o = owner.page;
    await expectHeadingFocused(o, 'Set up Circle for your clinic');
    expect(new URL(o.url()).hash).toBe(''); // the token left the address bar at once
    await expectAccessible(o, 'setup');
    await o.getByLabel('Your name').fill(OWNER.name);
    await o.getByLabel('Email').fill(OWNER.email);
    await o.getByLabel('New password').fill(OWNER.password);
    await o.getByRole('button', { name: 'Create the owner account' }).click();
    await expectHeadingFocused(o, 'Clinic administration');
    await o.getByText(`${OWNER.name}`, { exact: true }).first().waitFor();
    await expectAccessible(o, 'admin home');

    // The owner adds a therapist and hands over the one-time link.
    const addStaff = o.getByRole('form', { name: 'Add staff' });
    await addStaff.getByLabel('Name', { exact: true }).fill(THERAPIST.name);
    await addStaff.getByLabel('Email', { exact: true }).fill(THERAPIST.email);
    await addStaff.getByLabel('Role').selectOption('therapist');
    await addStaff.getByRole('button', { name: 'Add staff', exact: true }).click();
    const setPasswordUrl = await linkIn(o, `Set-password link for ${THERAPIST.name}`);
    await o.getByRole('list', { name: 'Staff accounts' }).getByText(THERAPIST.email).waitFor();

    // The therapist sets a password, lands home; signs out and back in.
    const therapist = await h.open('therapist', setPasswordUrl.replace(/^https?:\/\/[^/]+/, circle.url));
    const t = therapist.page;
    await expectHeadingFocused(t, 'Choose your password');
    await expectAccessible(t, 'set password');
    await t.getByLabel('New password').fill(THERAPIST.password);
    await t.getByRole('button', { name: 'Save password and continue' }).click();
    await expectHeadingFocused(t, 'Your sessions');
    await t.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectHeadingFocused(t, 'Sign in to Circle');
    await t.getByLabel('Email').fill(THERAPIST.email);
    await t.getByLabel('Password').fill('not the password at all');
    await t.getByRole('button', { name: 'Sign in' }).click();
    await t.getByRole('alert').filter({ hasText: 'That email and password do not match' }).waitFor();
    await t.getByLabel('Password').fill(THERAPIST.password);
    await t.getByRole('button', { name: 'Sign in' }).click();
    await expectHeadingFocused(t, 'Your sessions');
    await expectAccessible(t, 'therapist home');

    // 2-step sign-in: set up with a code computed from the key shown, then sign in with a recovery code.
    await t.getByRole('button', { name: 'Set up 2-step sign-in' }).click();
    await expectStepFocused(t, 'Set up your authenticator app');
    await expectAccessible(t, '2-step setup');
    const otpauth = new URL(await linkIn(t, 'Or, on this device, the setup link'));
    const key = base32Decode(otpauth.searchParams.get('secret') ?? '') as Buffer;
    await t.getByLabel('Code from the app').fill(totpAt(key, Date.now()));
    await t.getByRole('button', { name: 'Turn on 2-step sign-in' }).click();
    await expectStepFocused(t, 'Save your recovery codes');
    const recovery =
      (await t.getByRole('list', { name: 'Recovery codes' }).locator('code').first().textContent()) ?? '';
    await t.getByRole('button', { name: 'I have saved them' }).click();
    await t.getByText('10 of 10 recovery codes left').waitFor();
    await t.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectHeadingFocused(t, 'Sign in to Circle');
    await t.getByLabel('Email').fill(THERAPIST.email);
    await t.getByLabel('Password').fill(THERAPIST.password);
    await t.getByRole('button', { name: 'Sign in' }).click();
    await expectHeadingFocused(t, 'Enter your sign-in code');
    await t.getByLabel('Code from your authenticator app, or a recovery code').fill(recovery);
    await t.getByRole('button', { name: 'Sign in' }).click();
    await expectHeadingFocused(t, 'Your sessions');

    // A new session, planned for the next hour.
    await t.getByRole('button', { name: 'New session' }).click();
    await t.getByLabel('Title').fill('Tuesday skills group');
    await t.getByLabel('Length').selectOption('90');
    await t.getByRole('button', { name: 'Create session' }).click();
    const card = t.getByRole('listitem').filter({ has: t.getByRole('heading', { name: 'Tuesday skills group' }) });
    await card.waitFor();

    // Two members, each with their personal link.
    await card.getByRole('button', { name: /^Invitations/ }).click();
    const urls: Record<string, string> = {};
    for (const name of ['Alex', 'Sam']) {
      await card.getByLabel('Member’s name, as the group will see it').fill(name);
      await card.getByRole('button', { name: 'Invite member' }).click();
      urls[name] = (await linkIn(t, `Invitation link for ${name}`)).replace(/^https?:\/\/[^/]+/, circle.url);
      await card
        .getByRole('list', { name: /^Invitations for/ })
        .getByText(`${name} (member)`)
        .waitFor();
    }
    await expectAccessible(t, 'therapist home with invitations');

    // A member's link never reaches the staff pages.
    const alex: Actor = await h.open('Alex', urls.Alex!);
    const sam: Actor = await h.open('Sam', urls.Sam!);
    const peek = await alex.context.newPage();
    await peek.goto(`${circle.url}/home`);
    await expectHeadingFocused(peek, 'Sign in to Circle');
    await peek.close();

    // Start: this tab enters the room as its therapist; the members join and are admitted.
    await card.getByRole('button', { name: /^Start/ }).click();
    await t.getByRole('button', { name: 'Join the session' }).click();
    await checkInAsMember(alex.page, 'Portland, OR');
    await checkInAsMember(sam.page, 'Austin, TX');
    await t.getByRole('button', { name: 'Admit all' }).click();
    await Promise.all([therapist, alex, sam].map((a) => waitForRemoteVideos(a.page, 2)));
  });
});
