/**
 * A group that meets for weeks, end to end (issue 20), in real Chromium against the embedded server
 * run as its own process, whose clock the test moves forward (TEST_CLOCK_FILE) from one session to
 * the next.
 *
 * The therapist creates a closed group of 6 weekly sessions and adds 3 members. Session 1: two of
 * them join through their personal links; Avery leaves early and comes back the same way. After the
 * session the server is SIGKILLed and started again: session 1's attendance is intact (Avery's two
 * stays added up). Before session 2 Blake presses "I can't make it" (excused); Casey never comes
 * (absent twice): the attendance policy's flag appears on the group page and the home screen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serverProcess, type ServerProcess } from '@circle/testkit/serverProcess';
import type { AttendanceSheet, OccurrenceList, SessionRecordResponse } from '@circle/shared';
import {
  type Actor,
  checkInAsMember,
  expectAccessible,
  expectHeadingFocused,
  launchChromium,
  openAs,
  waitForRemoteVideos,
} from '../support/index.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ZONE = 'America/New_York';
const TITLE = 'Tuesday evening skills group';
const OWNER = { name: 'Morgan Lee', email: 'owner@clinic.example', password: 'quiet harbor lantern 42' };
const THERAPIST = { name: 'Dr. Rivera', email: 'rivera@clinic.example', password: 'maple orbit pebble 7' };
const MEMBERS = ['Avery', 'Blake', 'Casey'] as const;
const WEEKDAY_NAME = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The calendar date (YYYY-MM-DD) and weekday name of an instant in the group's zone. */
function dayIn(ms: number): { date: string; weekday: string } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(ms);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'long' }).format(ms);
  if (!WEEKDAY_NAME.includes(weekday)) throw new Error(`unexpected weekday ${weekday}`);
  return { date, weekday };
}

describe('a group over two weekly sessions, with a crash in between', () => {
  let server: ServerProcess;
  let browser: Browser;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'circle-clock-'));
  const clockFile = path.join(dir, 'offset');
  const actors: Actor[] = [];

  /** The server's clock reads `at` now (and runs on from there). */
  const moveTo = (at: number) => writeFileSync(clockFile, String(Math.round(at - Date.now())));

  beforeAll(async () => {
    writeFileSync(clockFile, '0');
    server = await serverProcess({
      env: {
        TEST_CLOCK_FILE: clockFile,
        // Staff stay signed in across a day of the moved clock (not across a week: see session 2).
        STAFF_IDLE_MINUTES: '1440',
        STAFF_SESSION_HOURS: '720',
      },
    });
    await server.start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const a of actors) await a.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (name: string, url: string) => {
    const actor = await openAs(browser, name, url);
    actors.push(actor);
    return actor;
  };

  /** JSON from the API with this page's cookies (the therapist's sign-in). */
  const apiGet = async <T>(page: Page, p: string): Promise<T> => {
    const res = await page.request.get(`${server.url}${p}`);
    if (!res.ok()) throw new Error(`GET ${p}: ${res.status()}`);
    return (await res.json()) as T;
  };

  const signIn = async (t: Page) => {
    await expectHeadingFocused(t, 'Sign in to Circle');
    await t.getByLabel('Email').fill(THERAPIST.email);
    await t.getByLabel('Password').fill(THERAPIST.password);
    await t.getByRole('button', { name: 'Sign in' }).click();
    await expectHeadingFocused(t, 'Your sessions');
  };

  /** From the member's personal page into the room (admitted by the therapist when they are new). */
  const enterFromLink = async (member: Actor, therapist: Page, link: string, firstTime: boolean) => {
    const p = member.page;
    await p.goto(link);
    await expectHeadingFocused(p, TITLE);
    await p.getByRole('button', { name: 'Join the waiting room' }).click();
    if (firstTime) {
      await checkInAsMember(p);
      await therapist.getByRole('button', { name: `Admit ${member.name}` }).click();
    } else {
      await p.getByRole('heading', { name: /^Get ready/ }).waitFor();
      await p.getByRole('button', { name: 'Continue' }).click();
    }
    await p
      .getByRole('button', { name: 'Leave session' })
      .waitFor({ timeout: 15_000 })
      .catch(async (err: unknown) => {
        console.log(`[${member.name}] page says: ${(await p.locator('body').innerText()).slice(0, 1500)}`);
        throw err;
      });
  };

  const endSession = async (therapist: Page) => {
    therapist.once('dialog', (d) => void d.accept());
    await therapist.getByRole('button', { name: 'End the session for everyone' }).click();
  };

  test('attendance across two sessions survives a SIGKILL; an excused and an unexcused absence; the policy flag', async () => {
    // The clinic's owner and a therapist (through the API: staff-home.e2e covers these screens).
    const setup = /\/setup#([\w-]+)/.exec(server.stdout)?.[1];
    if (!setup) throw new Error(`no setup link printed:\n${server.stdout}`);
    const headers = { 'content-type': 'application/json', origin: server.url };
    const owner = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token: setup, ...OWNER }),
    });
    expect(owner.status).toBe(201);
    const ownerCookie = /circle_staff=[^;]*/.exec(owner.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const added = await fetch(`${server.url}/api/staff`, {
      method: 'POST',
      headers: { ...headers, cookie: ownerCookie },
      body: JSON.stringify({ name: THERAPIST.name, email: THERAPIST.email, role: 'therapist' }),
    });
    const { setPasswordUrl } = (await added.json()) as { setPasswordUrl: string };
    const set = await fetch(`${server.url}/api/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token: new URL(setPasswordUrl).hash.slice(1), password: THERAPIST.password }),
    });
    expect(set.status).toBe(200);

    // The therapist creates the group: closed, 6 weekly sessions, the first about two hours from now
    // (New York time). Within a day, whatever the hour the suite runs: the therapist's sign-in (idle
    // limit one day) must last from now to the end of session 1, and lapse over the week to session 2.
    const therapist = await open('therapist', `${server.url}/signin`);
    const t = therapist.page;
    await signIn(t);
    const firstAt = Math.ceil((Date.now() + 120 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
    const start = dayIn(firstAt);
    const startTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(firstAt);
    await t.getByRole('button', { name: 'New group' }).click();
    const form = t.getByRole('form', { name: 'New group' });
    await form.getByLabel('Title', { exact: true }).fill(TITLE);
    await form.getByRole('radio', { name: /Closed/ }).check();
    await form.getByLabel('Number of sessions', { exact: true }).fill('6');
    await form.getByRole('checkbox', { name: start.weekday }).check();
    await form.getByLabel('Time', { exact: true }).fill(startTime);
    await form.getByLabel('Time zone', { exact: true }).selectOption(ZONE);
    await form.getByLabel('Start date', { exact: true }).fill(start.date);
    await form.getByLabel('Length (minutes, 60–120)').fill('90');
    await expectAccessible(t, 'new group form');
    await form.getByRole('button', { name: 'Create group' }).click();
    await t.getByRole('link', { name: TITLE }).click();
    await expectHeadingFocused(t, TITLE);
    const groupId = new URL(t.url()).pathname.split('/').pop() ?? '';

    // Three members, each with a personal link reused every week.
    const links: Record<string, string> = {};
    const addMember = t.getByRole('form', { name: 'Add member' });
    for (const name of MEMBERS) {
      await addMember.getByLabel('Name, as the group will see it').fill(name);
      await addMember.getByLabel('Starting status').selectOption('active');
      await addMember.getByRole('button', { name: 'Add member' }).click();
      await t.getByRole('heading', { name, exact: false }).first().waitFor();
      await t.getByRole('button', { name: `Copy link for ${name}` }).click();
      links[name] = await t.getByLabel(`Personal link for ${name}`).first().inputValue();
    }
    await expectAccessible(t, 'group page');

    const { occurrences } = await apiGet<OccurrenceList>(t, `/api/groups/${groupId}/occurrences`);
    expect(occurrences).toHaveLength(6);
    const [first, second] = occurrences.map((o) => Date.parse(o.startsAt));
    if (first === undefined || second === undefined) throw new Error('no sessions');
    expect(first).toBe(firstAt); // the wall-clock time in New York, read back as the same instant
    expect(second - first).toBeGreaterThanOrEqual(7 * DAY - 60 * MINUTE); // a week (give or take a DST hour)

    // ---- Session 1: five minutes before the start.
    moveTo(first - 5 * MINUTE);
    await t.reload();
    await expectHeadingFocused(t, TITLE);
    await t.getByRole('button', { name: 'Start session 1' }).click();
    await t.getByRole('button', { name: 'Join the session' }).click();
    const avery = await open('Avery', links.Avery!);
    const blake = await open('Blake', links.Blake!);
    await expectAccessible(avery.page, 'member page');
    await enterFromLink(avery, t, links.Avery!, true);
    await enterFromLink(blake, t, links.Blake!, true);
    await Promise.all([therapist, avery, blake].map((a) => waitForRemoteVideos(a.page, 2)));

    // Half an hour in, Avery leaves; ten minutes later Avery comes back through the same link.
    moveTo(first + 30 * MINUTE);
    await avery.page.getByRole('button', { name: 'Leave session' }).click();
    await avery.page
      .getByRole('alertdialog', { name: 'Leave the session?' })
      .getByRole('button', { name: 'Leave' })
      .click();
    await expectHeadingFocused(avery.page, 'You have left the session');
    moveTo(first + 40 * MINUTE);
    // (A member who left on purpose checks in again and is admitted again: the same invitation.)
    await enterFromLink(avery, t, links.Avery!, true);
    await waitForRemoteVideos(avery.page, 2);

    moveTo(first + 88 * MINUTE);
    await endSession(t);
    await blake.page.getByText(/^The session has ended/).waitFor();

    // ---- A crash after the session, and a start over the same data.
    await server.kill();
    await server.start();
    await t.goto(`${server.url}/groups/${groupId}`);
    await expectHeadingFocused(t, TITLE);
    const afterCrash = await apiGet<AttendanceSheet>(t, `/api/groups/${groupId}/attendance`);
    const cell = (sheet: AttendanceSheet, name: string, index: number) => {
      const m = sheet.members.find((x) => x.displayName === name);
      const o = sheet.occurrences.find((x) => x.index === index);
      return sheet.cells.find((c) => c.memberId === m?.id && c.occurrenceId === o?.id);
    };
    expect(afterCrash.occurrences.map((o) => o.index)).toEqual([1]);
    expect(cell(afterCrash, 'Avery', 1)).toMatchObject({ status: 'attended' });
    expect(cell(afterCrash, 'Blake', 1)).toMatchObject({ status: 'attended' });
    expect(cell(afterCrash, 'Casey', 1)).toMatchObject({ status: 'absent' });
    // Avery's two stays are added up (34 + 48 minutes), not the second written over the first.
    const averyMinutes = cell(afterCrash, 'Avery', 1)?.minutes ?? 0;
    const blakeMinutes = cell(afterCrash, 'Blake', 1)?.minutes ?? 0;
    expect(averyMinutes).toBeGreaterThanOrEqual(78);
    expect(averyMinutes).toBeLessThanOrEqual(blakeMinutes - 8);
    const sessionId = (await apiGet<OccurrenceList>(t, `/api/groups/${groupId}/occurrences`)).occurrences[0]?.sessionId;
    const record = await apiGet<SessionRecordResponse>(t, `/api/sessions/${sessionId}/record`);
    expect(record.attendance.filter((a) => a.displayName === 'Avery')).toHaveLength(2);
    const sheet = t.getByRole('region', { name: 'Attendance sheet (scrolls sideways)' });
    await sheet
      .getByRole('row', { name: /^Casey/ })
      .getByText('Absent')
      .waitFor();
    await sheet
      .getByRole('row', { name: /^Avery/ })
      .getByText('Attended')
      .waitFor();

    // ---- The day before session 2: Blake can't make it.
    moveTo(second - DAY);
    await blake.page.goto(links.Blake!);
    await expectHeadingFocused(blake.page, TITLE);
    await blake.page.getByRole('button', { name: 'I can’t make it this week' }).click();
    await blake.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, tell my therapist' }).click();
    await blake.page
      .getByRole('status')
      .filter({ hasText: /^Your therapist knows you can’t come on/ })
      .waitFor();
    await expectAccessible(blake.page, 'member page, excused');

    // ---- Session 2: the therapist's sign-in has lapsed over the week (signed in again); Avery comes.
    moveTo(second - 5 * MINUTE);
    await t.goto(`${server.url}/home`);
    await signIn(t);
    await t.getByText('1 member can’t make it').waitFor();
    await t.getByRole('link', { name: TITLE }).click();
    await expectHeadingFocused(t, TITLE);
    await t
      .getByRole('listitem')
      .filter({ has: t.getByRole('button', { name: 'Start session 2' }) })
      .getByText('Can’t make it Blake')
      .waitFor();
    await t.getByRole('button', { name: 'Start session 2' }).click();
    await t.getByRole('button', { name: 'Join the session' }).click();
    await enterFromLink(avery, t, links.Avery!, true);
    moveTo(second + 85 * MINUTE);
    await endSession(t);
    await avery.page.getByText(/^The session has ended/).waitFor();

    // The policy (2 unexcused absences in a row) flags Casey; Blake's absence is excused.
    await t.goto(`${server.url}/groups/${groupId}`);
    await expectHeadingFocused(t, TITLE);
    const two = await apiGet<AttendanceSheet>(t, `/api/groups/${groupId}/attendance`);
    expect(cell(two, 'Blake', 2)).toMatchObject({ status: 'excused', excusedByMember: true });
    expect(cell(two, 'Casey', 2)).toMatchObject({ status: 'absent' });
    expect(cell(two, 'Avery', 2)).toMatchObject({ status: 'attended' });
    expect(cell(afterCrash, 'Avery', 1)?.minutes).toBe(cell(two, 'Avery', 1)?.minutes);
    expect(two.flags).toEqual([
      { memberId: two.members.find((m) => m.displayName === 'Casey')?.id, rule: 'consecutive', count: 2 },
    ]);
    await t
      .getByRole('list', { name: 'Attendance flags for Casey' })
      .getByText('2 unexcused absences in a row')
      .waitFor();
    await sheet
      .getByRole('row', { name: /^Blake/ })
      .getByText('Excused (told in advance)')
      .waitFor();
    await expectAccessible(t, 'group page with attendance');
    await t.getByRole('link', { name: '← Your home' }).click();
    await expectHeadingFocused(t, 'Your sessions');
    await t.getByText('1 member needs attention').waitFor();
  });
});
