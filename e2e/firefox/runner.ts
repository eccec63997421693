/**
 * The Firefox scenarios, run INSIDE a private network namespace set up by e2e/tests/firefox.e2e.ts
 * (Firefox gathers no 127.0.0.1 ICE candidate, so the SFU listens on a veth address there; HTTP and
 * signalling stay on the namespace's own loopback). One Circle, one Chromium (the therapist) and one
 * Firefox ESR (members, driven through WebDriver BiDi by puppeteer-core) for the whole run.
 *
 * Each scenario prints one line `@@firefox {"name":…,"ok":…,"error":…,"ms":…}` that the vitest file
 * turns into a test result; anything else printed is passed through as the run's log. A scenario
 * after a failed one is reported as not run (they share one session, in order).
 */
import assert from 'node:assert/strict';
import puppeteer, { type Browser as FirefoxBrowser, type Page as FirefoxPage } from 'puppeteer-core';
import type { Page } from 'playwright-core';
import {
  launchChromium,
  openAs,
  startServer,
  createSession,
  participantIdOf,
  waitForRemoteVideos,
  inboundAudioBytes,
  inboundAudioEnergy,
  pollUntil,
} from '../support/index.js';
import { E2EE_SCENARIO, LOOPBACK_SCENARIOS, SCENARIOS, type ScenarioName } from './scenarios.js';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const RTC_IP = process.env.CIRCLE_NETNS_RTC_IP;
if (!RTC_IP) throw new Error('runner.ts runs inside the namespace set up by e2e/tests/firefox.e2e.ts');

function report(name: ScenarioName, ok: boolean, ms: number, error?: string): void {
  console.log(`@@firefox ${JSON.stringify({ name, ok, ms, error })}`);
}

// ------------------------------------------------------------------ Firefox page helpers (by role and name)

const aria = (role: string, name: string) => `::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`;
const click = (page: FirefoxPage, role: string, name: string) => page.locator(aria(role, name)).click();
const waitRole = (page: FirefoxPage, role: string, name: string) => page.locator(aria(role, name)).wait();
/** Wait for text somewhere on the page (a notice, a status line). */
const waitText = (page: FirefoxPage, text: string, timeout = 30_000) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), { timeout, polling: 200 }, text);

/** The checkbox whose label says `words` (the agreement's name carries its version). */
async function checkBox(page: FirefoxPage, words: string): Promise<void> {
  for (const box of await page.$$(`::-p-aria([role="checkbox"])`)) {
    const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
    if (label.includes(words)) return box.click();
  }
  throw new Error(`no checkbox labelled "${words}"`);
}

async function openFirefox(browser: FirefoxBrowser, name: string, url: string): Promise<FirefoxPage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  page.on('pageerror', (err) => console.warn(`[${name}] page error: ${String(err)}`));
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
  await page.goto(url);
  return page;
}

/** Inbound audio bytes per remote participant (the same page helper serves Firefox's page). */
const audioBytes = (page: FirefoxPage | Page) => inboundAudioBytes(page as Page);

/** Audio from `id` reaches `page` and keeps growing. */
async function hears(page: FirefoxPage | Page, id: string): Promise<void> {
  const first = await until(async () => ((await audioBytes(page))[id] ?? 0) || null);
  await until(async () => (((await audioBytes(page))[id] ?? 0) > first ? true : null));
}

/** The member's way in on a Firefox page: Continue, the agreement and check-in, the waiting room. */
async function checkInOnFirefox(page: FirefoxPage, location: string): Promise<void> {
  await click(page, 'button', 'Continue');
  await waitText(page, 'Before you join');
  await checkBox(page, 'accept the group agreement');
  await page.locator(aria('textbox', 'Where are you right now? (city and state)')).fill(location);
  await checkBox(page, 'private, safe place');
  await click(page, 'button', 'Join the waiting room');
  await waitText(page, 'You are in the waiting room');
}

/** A remote tile on a Firefox page plays decoded video (its time moves on). */
const seesVideo = (page: FirefoxPage) =>
  page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('li.tile:not([aria-label*="(you)"]) video');
      const w = window as unknown as { __t?: number };
      const moved = !!v && v.videoWidth > 0 && v.currentTime > (w.__t ?? 0);
      if (v) w.__t = v.currentTime;
      return moved && v.currentTime > 0;
    },
    { timeout: 60_000, polling: 200 },
  );

/** A condition, polled (the e2e support's `pollUntil`, 30 s unless said). */
const until = <T>(fn: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> => pollUntil(fn, timeoutMs);

// ------------------------------------------------------------------ the run

const circle = await startServer({ RTC_LISTEN_IP: RTC_IP });
// A second Circle whose SFU listens on 127.0.0.1, as by default: Firefox cannot reach it.
const loopbackOnly = await startServer({ RTC_LISTEN_IP: '127.0.0.1' });
// A third with end-to-end encrypted media.
const sealed = await startServer({ RTC_LISTEN_IP: RTC_IP, E2EE: 'true' });
const chromium = await launchChromium();
const firefox = await puppeteer.launch({
  browser: 'firefox',
  executablePath: FIREFOX,
  headless: true,
  extraPrefsFirefox: {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.autoplay.default': 0,
    'media.autoplay.block-webaudio': false,
  },
});

const state: {
  gale?: FirefoxPage;
  loopbackTherapistUrl?: string;
  sessionId?: string;
  therapist?: Page;
  fern?: FirefoxPage;
  fernId?: string;
  therapistId?: string;
} = {};
const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('an earlier scenario did not set this up');
  return v;
};

const steps: Record<ScenarioName, () => Promise<void>> = {
  'connection check on a clean link says good (Firefox calibration)': async () => {
    const { sessionId, therapistUrl, urls } = await createSession(circle, [{ name: 'Fern', role: 'member' }]);
    state.sessionId = sessionId;
    const therapist = await openAs(chromium, 'therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    state.therapist = therapist.page;
    const fern = await openFirefox(firefox, 'Fern', urls.Fern!);
    state.fern = fern;
    await waitRole(fern, 'heading', 'Get ready, Fern');
    // The camera preview is up before the check (the check waits for it in any case).
    await fern.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0, { timeout: 30_000 });
    const { level, text } = await connectionCheckOn(fern);
    console.log(`[firefox] connection check, clean link: ${level}: ${text.replace(/\s+/g, ' ')}`);
    assert.equal(level, 'good', text);
  },

  'lobby and admit': async () => {
    const fern = need(state.fern);
    const therapist = need(state.therapist);
    await checkInOnFirefox(fern, 'Boise, ID');
    await therapist.getByText('Boise, ID').first().waitFor();
    await therapist.getByRole('button', { name: 'Admit Fern' }).click();
    await waitRole(fern, 'button', 'Raise hand');
  },

  'join: each sees and hears the other': async () => {
    const fern = need(state.fern);
    const therapist = need(state.therapist);
    await waitForRemoteVideos(therapist, 1);
    await seesVideo(fern);
    state.fernId = await until(() =>
      fern.evaluate(
        () => document.querySelector('li.tile[aria-label*="(you)"]')?.getAttribute('data-participant') ?? null,
      ),
    );
    state.therapistId = await participantIdOf(therapist);
    await therapist.getByRole('button', { name: 'Unmute microphone' }).click();
    await click(fern, 'button', 'Unmute microphone');
    await waitRole(fern, 'button', 'Mute microphone');
    await hears(therapist, state.fernId);
    await hears(fern, state.therapistId);
    // H264 is in the router's codecs (for Safari); Chromium and Firefox still send VP8, the preferred one.
    const media = (await circle.sessions.get(need(state.sessionId)))?.mediaRoom;
    assert.ok(media, 'no media room');
    for (const id of [state.fernId, state.therapistId]) {
      const codec = await until(
        async (): Promise<string | null> =>
          media.producersOf(id).find((p) => p.kind === 'video')?.rtpParameters.codecs[0]?.mimeType ?? null,
      );
      assert.equal(codec.toLowerCase(), 'video/vp8');
    }
    // mediasoup-client drove Firefox with its Firefox handler (not a Chromium one).
    const handler = await fern.evaluate(
      () => (window as unknown as { circle: { device?: { handlerName: string } } }).circle.device?.handlerName ?? null,
    );
    if (handler !== null) assert.match(handler, /^Firefox/);
  },

  'facilitated floor: refused without the floor, heard with it': async () => {
    const fern = need(state.fern);
    const therapist = need(state.therapist);
    const fernId = need(state.fernId);
    await click(fern, 'button', 'Mute microphone');
    await waitRole(fern, 'button', 'Unmute microphone');
    await therapist.getByRole('button', { name: 'Facilitated' }).click();
    await therapist.getByRole('button', { name: 'Facilitated', pressed: true }).waitFor();
    // Without the floor, the server refuses and Fern stays muted.
    await click(fern, 'button', 'Unmute microphone');
    await waitText(fern, 'It is not your turn to speak yet.');
    await waitRole(fern, 'button', 'Unmute microphone');
    // Raise a hand, given the floor: Fern unmutes and the therapist hears Fern.
    await click(fern, 'button', 'Raise hand');
    await therapist.getByRole('button', { name: 'Give floor to next' }).click();
    await waitText(fern, 'You have the floor');
    await click(fern, 'button', 'Unmute microphone');
    await waitRole(fern, 'button', 'Mute microphone');
    const before = (await audioBytes(therapist))[fernId] ?? 0;
    await until(async () => (((await audioBytes(therapist))[fernId] ?? 0) > before + 5_000 ? true : null));
  },

  'crisis panel and a private alert to the therapist': async () => {
    const fern = need(state.fern);
    const therapist = need(state.therapist);
    await click(fern, 'button', 'Crisis support');
    await waitRole(fern, 'dialog', 'You can get help right now');
    await waitRole(fern, 'link', 'Call 988');
    await click(fern, 'button', 'Let my therapist know privately');
    await waitText(fern, 'Your therapist has been notified');
    await therapist.getByRole('alert').filter({ hasText: 'Fern asked for crisis support' }).waitFor();
    await therapist.getByRole('button', { name: 'Acknowledge alert from Fern' }).click();
    await waitText(fern, 'Your therapist has seen this');
    await click(fern, 'button', 'Close');
  },

  'connection check that cannot connect says so (SFU on 127.0.0.1)': async () => {
    const { therapistUrl, urls } = await createSession(loopbackOnly, [{ name: 'Gale', role: 'member' }]);
    state.loopbackTherapistUrl = therapistUrl;
    const gale = await openFirefox(firefox, 'Gale', urls.Gale!);
    await waitRole(gale, 'heading', 'Get ready, Gale');
    const { level, text } = await connectionCheckOn(gale);
    console.log(`[firefox] connection check, SFU unreachable: ${level}: ${text.replace(/\s+/g, ' ')}`);
    assert.equal(level, 'failed', text);
    assert.match(text, /could not connect/);
    assert.doesNotMatch(text, /slow|audio-only/);
    state.gale = gale;
  },

  'in the room, media that cannot connect is said so, never "audio only"': async () => {
    const gale = need(state.gale);
    const therapist = await openAs(chromium, 'therapist (loopback)', need(state.loopbackTherapistUrl));
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await checkInOnFirefox(gale, 'Fargo, ND');
    await therapist.page.getByRole('button', { name: 'Admit Gale' }).click();
    await waitRole(gale, 'button', 'Raise hand');
    // Firefox's ICE fails (no candidate reaches 127.0.0.1): the room says what happened.
    await waitText(gale, 'Your sound and video could not connect from this network.', 90_000);
    const text = await gale.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /on audio only/);
    await therapist.context.close();
  },

  'E2EE: a Firefox member and a Chromium therapist see and hear each other through sealed frames': async () => {
    // A frame that is not sealed is dropped by the receiving worker, and a sealed one a browser does
    // not open shows nothing: pictures and sound both ways mean both browsers seal and open.
    const { therapistUrl, urls } = await createSession(sealed, [{ name: 'Ivy', role: 'member' }]);
    const therapist = await openAs(chromium, 'therapist (E2EE)', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const ivy = await openFirefox(firefox, 'Ivy', urls.Ivy!);
    await waitRole(ivy, 'heading', 'Get ready, Ivy');
    await checkInOnFirefox(ivy, 'Reno, NV');
    await therapist.page.getByRole('button', { name: 'Admit Ivy' }).click();
    await waitRole(ivy, 'button', 'Raise hand');
    await waitForRemoteVideos(therapist.page, 1);
    await seesVideo(ivy);
    const ivyId = await until(() =>
      ivy.evaluate(
        () => document.querySelector('li.tile[aria-label*="(you)"]')?.getAttribute('data-participant') ?? null,
      ),
    );
    const therapistId = await participantIdOf(therapist.page);
    await therapist.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await therapist.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await click(ivy, 'button', 'Unmute microphone');
    await waitRole(ivy, 'button', 'Mute microphone');
    await until(async () => ((await inboundAudioEnergy(therapist.page, ivyId)) > 0 ? true : null));
    await until(async () => ((await inboundAudioEnergy(ivy as unknown as Page, therapistId)) > 0 ? true : null));
    await waitText(ivy, 'Encrypted end to end');
    await therapist.page.locator('summary', { hasText: 'Encrypted end to end' }).waitFor();
    await therapist.context.close();
  },
};

/** Run the pre-join connection check: the verdict's level and text. */
async function connectionCheckOn(page: FirefoxPage): Promise<{ level: string; text: string }> {
  await click(page, 'button', 'Check my connection');
  await waitRole(page, 'button', 'Check again');
  return page.$eval('.verdict', (el) => ({
    level: el.getAttribute('data-level') ?? '',
    text: (el as HTMLElement).innerText,
  }));
}

let failed: ScenarioName | null = null;
for (const name of SCENARIOS) {
  const started = Date.now();
  // FIREFOX_ONLY=<regexp>: run only the scenarios it matches (debugging; the test file expects all).
  if (process.env.FIREFOX_ONLY && !new RegExp(process.env.FIREFOX_ONLY).test(name)) continue;
  // The loopback check stands alone; the others share one session, in order.
  // The loopback pair stands apart from the shared session (the second depends on the first).
  const loopback = LOOPBACK_SCENARIOS.includes(name);
  if (failed && name !== E2EE_SCENARIO && (!loopback || LOOPBACK_SCENARIOS.includes(failed))) {
    report(name, false, 0, `not run: "${failed}" failed first`);
    continue;
  }
  try {
    await steps[name]();
    report(name, true, Date.now() - started);
  } catch (err) {
    failed = name;
    report(name, false, Date.now() - started, err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
}

await firefox.close().catch(() => undefined);
await chromium.close().catch(() => undefined);
await circle.close();
await loopbackOnly.close();
await sealed.close();
process.exit(0);
