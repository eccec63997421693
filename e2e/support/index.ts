import fs, { readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startCircle, type Circle } from '../../server/src/compose.js';
import { loadConfig } from '../../server/src/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Start Circle in this process on a free port, serving the built client. */
export async function startServer(env: Record<string, string> = {}): Promise<Circle> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: 'e2e-admin-token',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    CLIENT_DIR: path.join(root, 'client', 'dist'),
    DATA_DIR: ':memory:',
    // As a clinic with the defaults has it: media encrypted end to end (room.e2e.ts and layers.e2e.ts
    // keep E2EE=false covered). E2E_E2EE=false runs the whole suite with it off.
    E2EE: process.env.E2E_E2EE ?? 'true',
    ...env,
  });
  return startCircle(config);
}

/** Debian's Chromium, headless, with the fake camera (at `fakeFps` frames a second) and microphone. */
export async function launchChromium(o: { fakeFps?: number; extraArgs?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--use-fake-ui-for-media-stream',
      o.fakeFps ? `--use-fake-device-for-media-stream=fps=${o.fakeFps}` : '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(o.extraArgs ?? []),
    ],
  });
}

export interface Actor {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** One browser context per person, as separate people would have. */
export async function openAs(
  browser: Browser,
  name: string,
  url: string,
  options: { permissions?: string[]; init?: () => void; locale?: string } = {},
): Promise<Actor> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    // The browser's language (navigator.languages): Circle follows it until the person chooses.
    ...(options.locale ? { locale: options.locale } : {}),
  });
  await context.grantPermissions(['camera', 'microphone', ...(options.permissions ?? [])]);
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.warn(`[${name}] page error: ${err.message}`));
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
  await page.goto(url);
  return { name, context, page };
}

/**
 * One in-process Circle and one Chromium per test file, and every person's browser context closed
 * at the end. `open` gives each person their own context, as separate people would have.
 */
export function useRoomHarness(
  env: Record<string, string> = {},
  options: { closeAfterEach?: boolean; chromiumArgs?: string[] } = {},
) {
  let circle: Circle | undefined;
  let browser: Browser | undefined;
  const actors: Actor[] = [];
  beforeAll(async () => {
    circle = await startServer(env);
    browser = await launchChromium({ extraArgs: options.chromiumArgs ?? [] });
  });
  // Each test's people leave when it ends, so the next test does not share the machine with their media.
  afterEach(async () => {
    if (!options.closeAfterEach) return;
    for (const a of actors.splice(0)) await a.context.close().catch(() => undefined);
  });
  afterAll(async () => {
    for (const a of actors) await a.context.close().catch(() => undefined);
    await browser?.close();
    await circle?.close();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} not started`);
    return v;
  };
  return {
    get circle(): Circle {
      return ready(circle, 'server');
    },
    get browser(): Browser {
      return ready(browser, 'browser');
    },
    async open(name: string, url: string, options?: Parameters<typeof openAs>[3]): Promise<Actor> {
      const actor = await openAs(ready(browser, 'browser'), name, url, options);
      actors.push(actor);
      return actor;
    },
    /** Close this actor's context with the others at the end. */
    track(actor: Actor): Actor {
      actors.push(actor);
      return actor;
    },
  };
}

/** Session + invite links created through the server's own API. */
export async function createSession(
  circle: Circle,
  people: { name: string; role: 'member' | 'therapist' | 'supervisor' }[],
  title = 'Tuesday skills group',
): Promise<{ sessionId: string; therapistUrl: string; urls: Record<string, string> }> {
  const auth = { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' };
  const res = await fetch(`${circle.url}/api/sessions`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title }),
  });
  const session = (await res.json()) as { id: string; therapistUrl: string };
  const urls: Record<string, string> = {};
  for (const p of people) {
    const r = await fetch(`${circle.url}/api/sessions/${session.id}/invites`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ role: p.role, displayName: p.name }),
    });
    urls[p.name] = ((await r.json()) as { url: string }).url;
  }
  return { sessionId: session.id, therapistUrl: fix(session.therapistUrl, circle), urls: mapValues(urls, circle) };
}

/** The server prints links with its PUBLIC_URL; point them at this run's port. */
function fix(url: string, circle: Circle): string {
  return url.replace(/^https?:\/\/[^/]+/, circle.url);
}
function mapValues(urls: Record<string, string>, circle: Circle): Record<string, string> {
  return Object.fromEntries(Object.entries(urls).map(([k, v]) => [k, fix(v, circle)]));
}

/** Member path: device check → agreement and check-in → waiting room; each screen scanned with axe once per file. */
export async function checkInAsMember(page: Page, location = 'Portland, OR'): Promise<void> {
  // (Focus may have moved on already: some tests run the connection check here first.)
  await page.getByRole('heading', { name: /^Get ready/ }).waitFor();
  await scanOnce(page, 'member pre-join');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectHeadingFocused(page, /^Before you join/);
  await scanOnce(page, 'agreement and check-in');
  await page.getByRole('checkbox', { name: /accept the group agreement/ }).check();
  await page.getByLabel('Where are you right now? (city and state)').fill(location);
  await page.getByRole('checkbox', { name: /private, safe place/ }).check();
  await page.getByRole('button', { name: 'Join the waiting room' }).click();
  await page.getByText('You are in the waiting room').waitFor();
  await expectHeadingFocused(page, /./);
  await scanOnce(page, 'waiting room');
}

// ------------------------------------------------------------------ accessibility

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core (from npm) on the page as it is now: no serious or critical violation. Injected through the
 * DevTools protocol, so the page's Content-Security-Policy is left as it is.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3) }));
  });
  if (violations.length > 0) {
    const text = violations
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
      .join('\n');
    throw new Error(`axe: ${violations.length} serious or critical violation(s) on "${screen}":\n${text}`);
  }
}

const scanned = new Set<string>();
/** Scan a screen the first time this test file reaches it (screens repeat for every member). */
export async function scanOnce(page: Page, screen: string): Promise<void> {
  if (scanned.has(screen)) return;
  scanned.add(screen);
  await expectAccessible(page, screen);
}

/** Focus is on the new screen's heading and the page starts at the top. */
export async function expectHeadingFocused(page: Page, name: string | RegExp): Promise<void> {
  const heading = page.getByRole('heading', { name });
  await heading.waitFor();
  await page.waitForFunction(
    () => {
      const el = document.activeElement;
      return !!el && /^H[1-6]$/.test(el.tagName) && window.scrollY === 0;
    },
    undefined,
    { timeout: 5_000 },
  );
  const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
  if (typeof name === 'string' ? !focused.includes(name) : !name.test(focused)) {
    throw new Error(`focus is on "${focused}", not the heading ${String(name)}`);
  }
}

/**
 * Wait until every remote tile on the page shows video that is playing (videoWidth > 0 and
 * currentTime advancing) and return the page's time (ms since navigation) when that first held.
 */
export async function waitForRemoteVideos(page: Page, count: number, timeoutMs = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const w = window as unknown as { __lastTimes?: Map<Element, number> };
      w.__lastTimes ??= new Map();
      const videos = Array.from(
        document.querySelectorAll<HTMLVideoElement>('li.tile:not([aria-label*="(you)"]) video'),
      );
      const ready = videos.filter((v) => {
        const last = w.__lastTimes!.get(v) ?? -1;
        w.__lastTimes!.set(v, v.currentTime);
        return v.videoWidth > 0 && v.currentTime > 0 && v.currentTime > last;
      });
      return ready.length >= n ? performance.now() : false;
    },
    count,
    { timeout: timeoutMs, polling: 200 },
  );
  return (await handle.jsonValue()) as number;
}

/** Total inbound audio bytes per remote participant, from the consumers' getStats. */
export async function inboundAudioBytes(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const c = (
      window as unknown as {
        circle: { inboundStats(): Promise<{ participantId: string; kind: string; bytes: number }[]> };
      }
    ).circle;
    const out: Record<string, number> = {};
    for (const s of await c.inboundStats())
      if (s.kind === 'audio') out[s.participantId] = (out[s.participantId] ?? 0) + s.bytes;
    return out;
  });
}

/**
 * The decoded audio energy from one participant on `page` (inbound-rtp totalAudioEnergy): it grows
 * only with sound actually decoded, not with packets that arrive but cannot be played.
 */
export async function inboundAudioEnergy(page: Page, participantId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const c = (
      window as unknown as {
        circle: { inboundStats(): Promise<{ participantId: string; kind: string; audioEnergy?: number }[]> };
      }
    ).circle;
    return (await c.inboundStats()).find((s) => s.participantId === id && s.kind === 'audio')?.audioEnergy ?? 0;
  }, participantId);
}

/** Wait until audio bytes from each of `participantIds` keep growing. */
export async function waitForAudioFrom(page: Page, participantIds: string[], timeoutMs = 30_000): Promise<void> {
  const first = await pollUntil(async () => {
    const b = await inboundAudioBytes(page);
    return participantIds.every((id) => (b[id] ?? 0) > 0) ? b : null;
  }, timeoutMs);
  await pollUntil(async () => {
    const b = await inboundAudioBytes(page);
    return participantIds.every((id) => (b[id] ?? 0) > (first[id] ?? 0)) ? b : null;
  }, timeoutMs);
}

export async function pollUntil<T>(fn: () => Promise<T | null>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function participantIdOf(page: Page): Promise<string> {
  return pollUntil(
    () =>
      page.evaluate(() => {
        const tile = document.querySelector('li.tile[aria-label*="(you)"]');
        return tile?.getAttribute('data-participant') ?? null;
      }),
    30_000,
  );
}

/** Open one of the staff tools' tabs (People, Agenda, Chat & messages, Safety; a supervisor's Health). */
export async function openTool(
  page: Page,
  tab: 'People' | 'Agenda' | 'Chat & messages' | 'Safety' | 'Health',
): Promise<void> {
  const t = page.getByRole('tab', { name: new RegExp(`^${tab}`) });
  await t.click();
  await page.locator(`[role="tab"][aria-selected="true"]`).filter({ hasText: tab }).waitFor();
}

/** Choose an item of the control bar's More menu (audio only, listen only, views, self-view…). */
export async function chooseFromMore(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Call controls' }).getByRole('button', { name: 'More' }).click();
  const menu = page.getByRole('menu', { name: 'More' });
  await menu
    .getByRole('menuitem', { name: item, exact: true })
    .or(menu.getByRole('menuitemcheckbox', { name: item, exact: true }))
    .click();
}

/**
 * A WAV file of a speech-like voice (mono, 48 kHz, 16-bit): voiced "syllables" of a few harmonics of a
 * gliding pitch, 220 ms on and 60 ms off, written once to the temp folder, for
 * `--use-file-for-fake-audio-capture`. Chromium's own fake microphone only beeps now and then, and a
 * steady tone is what noise suppression removes: neither gives the SFU's audio-level observer a speaker.
 */
export function speechLikeWav(): string {
  const file = path.join(os.tmpdir(), 'circle-e2e-voice.wav');
  if (fs.existsSync(file)) return file;
  const rate = 48_000;
  const samples = rate * 2.8; // ten syllables of 280 ms: the loop joins seamlessly
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const inSyllable = (i / rate) % 0.28;
    const syllable = Math.floor(i / rate / 0.28);
    const on = inSyllable < 0.22;
    const pitch = 140 + 30 * (syllable % 4) + 60 * (inSyllable / 0.22);
    phase += (2 * Math.PI * pitch) / rate;
    const envelope = on ? Math.sin((Math.PI * inSyllable) / 0.22) : 0;
    let v = 0;
    for (let h = 1; h <= 6; h++) v += Math.sin(h * phase) / h;
    buf.writeInt16LE(Math.round(12_000 * envelope * v), 44 + i * 2);
  }
  fs.writeFileSync(`${file}.tmp-${process.pid}`, buf);
  fs.renameSync(`${file}.tmp-${process.pid}`, file);
  return file;
}
